package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;

/** AlterPartitionReassignments and ListPartitionReassignments, driven to completion as the ISR catches up. */
class ReassignmentTest {
    private final SimCluster cluster = new SimCluster(1);
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    private Map<TopicPartition, ApiError> alter(Map<TopicPartition, Optional<List<Integer>>> requests) {
        var result = cluster.active().controller.alterPartitionReassignments(requests);
        cluster.run();
        return result.join();
    }

    private Map<TopicPartition, ReplicaAssignment> list() {
        var result = cluster.active().controller.listPartitionReassignments(Optional.empty());
        cluster.run();
        return result.join();
    }

    @Test
    void aReassignmentRunsUntilTheNewReplicasAreInSyncAndThenDropsTheOldOnes() {
        cluster.startAll(1, 2, 3, 4);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3)), Map.of());
        assertThat(alter(Map.of(P0, Optional.of(List.of(2, 3, 4))))).containsEntry(P0, ApiError.NONE);

        assertThat(list()).containsEntry(P0, new ReplicaAssignment(List.of(2, 3, 4, 1), List.of(4), List.of(1)));
        assertThat(cluster.admin.topic("t").orElseThrow().assignment().get(0)).containsExactly(2, 3, 4, 1);
        assertThat(cluster.state("t", 0).leader()).as("nothing moves before 4 is in sync").isEqualTo(1);

        cluster.leaderSetsIsr(P0, List.of(1, 2, 3, 4), 1); // the leader adds the caught-up replica
        cluster.run();
        PartitionState done = cluster.state("t", 0);
        assertThat(done.leader()).isEqualTo(2);
        assertThat(done.isr()).containsExactly(2, 3, 4);
        assertThat(done.leaderEpoch()).isEqualTo(1);
        assertThat(cluster.admin.topic("t").orElseThrow().assignment().get(0)).containsExactly(2, 3, 4);
        assertThat(list()).isEmpty();
        assertThat(cluster.active().controller.context().statuses().status(P0, 1)).isEqualTo(ReplicaStatus.NON_EXISTENT);
    }

    @Test
    void aReorderCompletesAtOnceWithoutMovingTheLeader() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3)), Map.of());
        assertThat(alter(Map.of(P0, Optional.of(List.of(3, 2, 1))))).containsEntry(P0, ApiError.NONE);
        assertThat(cluster.admin.topic("t").orElseThrow().assignment().get(0)).containsExactly(3, 2, 1);
        assertThat(cluster.state("t", 0).leader()).isEqualTo(1);
        assertThat(list()).isEmpty();
    }

    @Test
    void cancellingReturnsToTheOriginalReplicas() {
        cluster.startAll(1, 2, 3, 4);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3)), Map.of());
        alter(Map.of(P0, Optional.of(List.of(2, 3, 4))));
        cluster.leaderSetsIsr(P0, List.of(1, 2), 1);
        cluster.run();
        assertThat(alter(Map.of(P0, Optional.empty()))).containsEntry(P0, ApiError.NONE);
        // As in Kafka, the origin is replicas minus adding, target first: the original order is not restored.
        assertThat(cluster.admin.topic("t").orElseThrow().assignment().get(0)).containsExactly(2, 3, 1);
        assertThat(cluster.state("t", 0).isr()).doesNotContain(4);
        assertThat(list()).isEmpty();
        assertThat(alter(Map.of(P0, Optional.empty())).get(P0).error())
            .isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
    }

    @Test
    void invalidRequestsGetKafkasErrors() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("t", Map.of(0, List.of(1, 2), 1, List.of(2, 3), 2, List.of(3, 1), 3, List.of(1, 3)),
            Map.of());
        Map<TopicPartition, Optional<List<Integer>>> requests = new HashMap<>();
        requests.put(P0, Optional.of(List.of()));
        requests.put(new TopicPartition("t", 1), Optional.of(List.of(2, 2)));
        requests.put(new TopicPartition("t", 2), Optional.of(List.of(3, -1)));
        requests.put(new TopicPartition("t", 3), Optional.of(List.of(1, 9)));
        requests.put(new TopicPartition("t", 7), Optional.of(List.of(1)));
        Map<TopicPartition, ApiError> results = alter(requests);
        assertThat(results.get(P0).message()).isEqualTo("Empty replica list specified in partition reassignment.");
        assertThat(results.get(new TopicPartition("t", 1)).message()).startsWith("Duplicate replica ids");
        assertThat(results.get(new TopicPartition("t", 2)).message()).startsWith("Invalid broker id");
        assertThat(results.get(new TopicPartition("t", 3)).message()).contains("not alive");
        assertThat(results.values()).extracting(ApiError::error).containsOnly(Errors.INVALID_REPLICA_ASSIGNMENT,
            Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(results.get(new TopicPartition("t", 7)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(list()).isEmpty();
    }

    @Test
    void aNewControllerFinishesAReassignmentItsPredecessorStarted() {
        cluster.startAll(1, 2, 3, 4);
        cluster.createTopic("t", Map.of(0, List.of(2, 3)), Map.of());
        alter(Map.of(P0, Optional.of(List.of(3, 4))));
        cluster.crash(cluster.active().id);
        cluster.run();
        cluster.leaderSetsIsr(P0, List.of(3, 4), 1);
        cluster.run();
        assertThat(cluster.admin.topic("t").orElseThrow().assignment().get(0)).containsExactly(3, 4);
    }
}
