package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The partition and replica state machines: valid transitions, refused invalid ones, and derivation. */
class StateMachinesTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void partitionTransitionsFollowTheDiagram() {
        assertThat(PartitionStatus.NEW.validPrevious()).containsExactly(PartitionStatus.NON_EXISTENT);
        assertThat(PartitionStatus.ONLINE.canTransitionFrom(PartitionStatus.OFFLINE)).isTrue();
        assertThat(PartitionStatus.ONLINE.canTransitionFrom(PartitionStatus.ONLINE)).as("a leader change").isTrue();
        assertThat(PartitionStatus.ONLINE.canTransitionFrom(PartitionStatus.NON_EXISTENT)).isFalse();
        assertThat(PartitionStatus.NON_EXISTENT.validPrevious()).containsExactly(PartitionStatus.OFFLINE);
    }

    @Test
    void replicaTransitionsFollowTheDiagram() {
        assertThat(ReplicaStatus.NEW.validPrevious()).containsExactly(ReplicaStatus.NON_EXISTENT);
        assertThat(ReplicaStatus.REASSIGNING_OUT.canTransitionFrom(ReplicaStatus.ONLINE)).isTrue();
        assertThat(ReplicaStatus.ONLINE.canTransitionFrom(ReplicaStatus.REASSIGNING_OUT)).as("cancelled").isTrue();
        assertThat(ReplicaStatus.OFFLINE.canTransitionFrom(ReplicaStatus.NON_EXISTENT)).isFalse();
        assertThat(ReplicaStatus.NON_EXISTENT.canTransitionFrom(ReplicaStatus.REASSIGNING_OUT)).isTrue();
    }

    @Test
    void anInvalidTransitionIsRefusedAndCounted() {
        StatusBook book = new StatusBook();
        assertThat(book.move(TP, PartitionStatus.ONLINE)).isFalse();
        assertThat(book.status(TP)).isEqualTo(PartitionStatus.NON_EXISTENT);
        assertThat(book.invalidTransitions()).isEqualTo(1);
        assertThat(book.move(TP, 1, ReplicaStatus.ONLINE)).isFalse();
        assertThat(book.invalidTransitions()).isEqualTo(2);
    }

    @Test
    void statusesAreDerivedAlongValidTransitionsOnly() {
        StatusBook book = new StatusBook();
        ReplicaAssignment assignment = ReplicaAssignment.of(List.of(1, 2));
        book.sync(Map.of(TP, assignment), Map.of(), Set.of(1, 2));
        assertThat(book.status(TP)).isEqualTo(PartitionStatus.NEW);
        assertThat(book.status(TP, 1)).isEqualTo(ReplicaStatus.ONLINE);

        Versioned<PartitionState> led = new Versioned<>(new PartitionState(1, 0, List.of(1, 2), 1), 0, 10);
        book.sync(Map.of(TP, assignment), Map.of(TP, led), Set.of(1, 2));
        assertThat(book.status(TP)).isEqualTo(PartitionStatus.ONLINE);
        book.sync(Map.of(TP, assignment), Map.of(TP, led), Set.of(2));
        assertThat(book.status(TP)).isEqualTo(PartitionStatus.OFFLINE);
        assertThat(book.status(TP, 1)).isEqualTo(ReplicaStatus.OFFLINE);

        ReplicaAssignment moving = assignment.reassignTo(List.of(2, 3));
        book.sync(Map.of(TP, moving), Map.of(TP, led), Set.of(1, 2, 3));
        assertThat(book.status(TP, 1)).isEqualTo(ReplicaStatus.REASSIGNING_OUT);
        assertThat(book.status(TP, 3)).isEqualTo(ReplicaStatus.ONLINE);
        book.sync(Map.of(TP, ReplicaAssignment.of(List.of(2, 3))), Map.of(TP, led), Set.of(1, 2, 3));
        assertThat(book.status(TP, 1)).isEqualTo(ReplicaStatus.NON_EXISTENT);

        book.sync(Map.of(), Map.of(), Set.of(1, 2, 3));
        assertThat(book.status(TP)).isEqualTo(PartitionStatus.NON_EXISTENT);
        assertThat(book.status(TP, 2)).isEqualTo(ReplicaStatus.NON_EXISTENT);
        assertThat(book.invalidTransitions()).isZero();
    }
}
