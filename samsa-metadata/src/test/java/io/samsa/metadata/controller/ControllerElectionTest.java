package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.PartitionState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;

/** Controller election, failover, session loss and fencing, on the in-memory ensemble. */
class ControllerElectionTest {
    private final SimCluster cluster = new SimCluster(1);

    @Test
    void exactlyOneControllerAndAnotherTakesOverWhenItDies() {
        cluster.startAll(1, 2, 3);
        SimCluster.Broker first = cluster.active();
        assertThat(first.controller.activeEpoch()).isEqualTo(1);
        assertThat(cluster.admin.controllerId()).hasValue(first.id);

        cluster.crash(first.id);
        cluster.run();
        SimCluster.Broker second = cluster.active();
        assertThat(second.id).isNotEqualTo(first.id);
        assertThat(second.controller.activeEpoch()).isEqualTo(2);
        assertThat(cluster.ensemble.controllerEpoch().orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void aClosedControllerHandsOverAtOnce() {
        cluster.startAll(1, 2);
        SimCluster.Broker first = cluster.active();
        first.controller.close();
        cluster.run();
        assertThat(first.controller.isActive()).isFalse();
        assertThat(cluster.active().id).isNotEqualTo(first.id);
    }

    @Test
    void aStaleControllerCannotWrite() {
        cluster.startAll(1, 2);
        cluster.createTopic("t", Map.of(0, List.of(1, 2)), Map.of());
        SimCluster.Broker stale = cluster.active();
        SimCluster.Broker other = cluster.brokers.get(stale.id == 1 ? 2 : 1);

        // The stale controller's session expires, and it has not heard yet: its store's events are not run.
        cluster.ensemble.expire(stale.store);
        other.watches.runAll();
        other.loop.runAll();
        assertThat(other.controller.activeEpoch()).isEqualTo(2);

        // It still believes it is active; an operator's request makes it write with epoch 1.
        PartitionState before = cluster.state("t", 0);
        assertThat(stale.controller.isActive()).isTrue();
        CompletableFuture<Map<TopicPartition, ApiError>> result = stale.controller.alterPartitionReassignments(
            Map.of(new TopicPartition("t", 0), Optional.of(List.of(2, 1))));
        stale.loop.runAll();
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((r, e) -> e).join()).isInstanceOf(NotControllerException.class);
        assertThat(stale.controller.isActive()).as("a fenced controller resigns").isFalse();
        assertThat(cluster.state("t", 0)).isEqualTo(before);
        assertThat(cluster.ensemble.partitionState(new TopicPartition("t", 0))).isPresent();
        cluster.run();
        assertThat(cluster.admin.topic("t").orElseThrow().assignment().get(0)).as("nothing was reassigned")
            .containsExactly(1, 2);
        assertThat(cluster.ensemble.controllerEpoch().orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void aSuspendedControllerStopsActingAndResignsWhenItsSessionTurnsOutLost() {
        cluster.startAll(1, 2);
        SimCluster.Broker active = cluster.active();
        cluster.ensemble.suspend(active.store);
        cluster.run();
        assertThat(active.controller.isActive()).as("suspended: maybe no longer the controller").isFalse();
        CompletableFuture<Map<TopicPartition, ApiError>> refused =
            active.controller.electLeaders(ElectionType.PREFERRED, Optional.empty());
        cluster.run();
        assertThat(refused).isCompletedExceptionally();

        cluster.ensemble.expire(active.store);
        cluster.run();
        SimCluster.Broker successor = cluster.active();
        assertThat(successor.id).isNotEqualTo(active.id);

        cluster.ensemble.resume(active.store);
        cluster.run();
        assertThat(active.controller.isActive()).isFalse();
        assertThat(cluster.active().id).isEqualTo(successor.id);
        assertThat(cluster.admin.liveBrokers()).hasSize(2);
    }

    @Test
    void aSuspensionThatEndsInTimeResumes() {
        cluster.startAll(1, 2);
        SimCluster.Broker active = cluster.active();
        cluster.ensemble.suspend(active.store);
        cluster.run();
        cluster.ensemble.resume(active.store);
        cluster.run();
        assertThat(cluster.active().id).isEqualTo(active.id);
        assertThat(active.controller.activeEpoch()).isEqualTo(1);
    }

    @Test
    void operatorRequestsToAnotherBrokerGetNotController() {
        cluster.startAll(1, 2);
        SimCluster.Broker standby = cluster.brokers.get(cluster.active().id == 1 ? 2 : 1);
        CompletableFuture<?> listed = standby.controller.listPartitionReassignments(Optional.empty());
        cluster.run();
        assertThat(listed.handle((r, e) -> e).join()).isInstanceOf(NotControllerException.class);
    }
}
