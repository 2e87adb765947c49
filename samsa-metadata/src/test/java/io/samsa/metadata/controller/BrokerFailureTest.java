package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.PartitionState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;

/** What the controller does when brokers die and return: ISR removal, KIP-966's ELR, offline and unclean elections. */
class BrokerFailureTest {
    private final SimCluster cluster = new SimCluster(1);

    private void threeReplicaTopic(String name, Map<String, String> configs) {
        cluster.createTopic(name, Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 1), 2, List.of(3, 1, 2)), configs);
    }

    @Test
    void aDeadBrokersLeadershipsMoveWithinTheIsrAndItLeavesEveryIsr() {
        cluster.startAll(1, 2, 3);
        threeReplicaTopic("t", Map.of());
        cluster.crash(1);
        cluster.run();

        PartitionState p0 = cluster.state("t", 0);
        assertThat(p0.leader()).isEqualTo(2);
        assertThat(p0.leaderEpoch()).isEqualTo(1);
        assertThat(p0.isr()).containsExactly(2, 3);
        PartitionState p1 = cluster.state("t", 1);
        assertThat(p1.leader()).isEqualTo(2);
        assertThat(p1.leaderEpoch()).as("an ISR-only change keeps the leader epoch").isZero();
        assertThat(p1.isr()).containsExactly(2, 3);
        assertThat(cluster.state("t", 2).isr()).containsExactly(3, 2);
        assertThat(p0.controllerEpoch()).isEqualTo(cluster.active().controller.activeEpoch());
        assertThat(cluster.active().controller.context().statuses().status(new TopicPartition("t", 0), 1))
            .isEqualTo(ReplicaStatus.OFFLINE);
    }

    @Test
    void belowMinIsrTheLeaversStayEligibleAndTheLastOneToGoLeadsAgainWhenBack() {
        cluster.startAll(1, 2, 3);
        threeReplicaTopic("strict", Map.of(ElectionConfigs.MIN_INSYNC_REPLICAS, "2"));
        cluster.crash(1);
        cluster.run();
        assertThat(cluster.state("strict", 0).eligibleLeaderReplicas()).as("ISR [2,3] is at the minimum").isEmpty();

        cluster.crash(2);
        cluster.run();
        PartitionState oneLeft = cluster.state("strict", 0);
        assertThat(oneLeft.leader()).isEqualTo(3);
        assertThat(oneLeft.isr()).containsExactly(3);
        assertThat(oneLeft.eligibleLeaderReplicas()).containsExactly(2);

        cluster.crash(3);
        cluster.start(1, true);
        cluster.run();
        PartitionState none = cluster.state("strict", 0);
        assertThat(none.leader()).isEqualTo(PartitionState.NO_LEADER);
        assertThat(none.isr()).isEmpty();
        assertThat(none.eligibleLeaderReplicas()).containsExactlyInAnyOrder(2, 3);
        assertThat(cluster.active().controller.context().statuses().status(new TopicPartition("strict", 0)))
            .isEqualTo(PartitionStatus.OFFLINE);

        cluster.start(3, true);
        cluster.run();
        PartitionState back = cluster.state("strict", 0);
        assertThat(back.leader()).isEqualTo(3);
        assertThat(back.isr()).containsExactly(3);
        assertThat(back.eligibleLeaderReplicas()).containsExactly(2);
        assertThat(back.leaderEpoch()).isGreaterThan(none.leaderEpoch());
    }

    @Test
    void aBrokerBackFromAnUncleanShutdownIsNotElectedFromTheElr() {
        cluster.startAll(1, 2);
        cluster.createTopic("u", Map.of(0, List.of(1, 2)), Map.of(ElectionConfigs.MIN_INSYNC_REPLICAS, "2"));
        cluster.crash(2);
        cluster.run();
        assertThat(cluster.state("u", 0).eligibleLeaderReplicas()).containsExactly(2);
        cluster.start(3, true);
        cluster.crash(1);
        cluster.run();
        assertThat(cluster.state("u", 0).eligibleLeaderReplicas()).containsExactly(2, 1);

        cluster.start(2, false);
        cluster.run();
        PartitionState state = cluster.state("u", 0);
        assertThat(state.leader()).isEqualTo(PartitionState.NO_LEADER);
        assertThat(state.eligibleLeaderReplicas()).containsExactly(1);
        assertThat(state.lastKnownElr()).as("its last leader").containsExactly(1);

        cluster.start(1, true);
        cluster.run();
        assertThat(cluster.state("u", 0).leader()).isEqualTo(1);
    }

    @Test
    void aLoneReplicaLeadsAgainAfterKill9() {
        // The single-broker default: replication factor 1, and the broker restarts after an unclean stop.
        cluster.startAll(1, 2);
        cluster.createTopic("solo", Map.of(0, List.of(1)), Map.of());
        cluster.crash(1);
        cluster.run();
        assertThat(cluster.state("solo", 0).leader()).isEqualTo(PartitionState.NO_LEADER);
        cluster.start(1, false);
        cluster.run();
        PartitionState back = cluster.state("solo", 0);
        assertThat(back.leader()).isEqualTo(1);
        assertThat(back.isr()).containsExactly(1);
        assertThat(back.leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERING);
        assertThat(back.lastKnownElr()).isEmpty();
    }

    @Test
    void aSingleBrokerClusterComesBackAfterKill9() {
        // No other broker saw it die: its own controller finds its leadership from before the restart.
        cluster.startAll(1);
        cluster.createTopic("alone", Map.of(0, List.of(1), 1, List.of(1)), Map.of());
        cluster.crash(1);
        cluster.start(1, false);
        cluster.run();
        assertThat(cluster.state("alone", 0).leader()).isEqualTo(1);
        assertThat(cluster.state("alone", 0).leaderEpoch()).as("re-elected, not resumed").isPositive();
        assertThat(cluster.state("alone", 1).leader()).isEqualTo(1);

        cluster.crash(1);
        cluster.start(1, true);
        cluster.run();
        assertThat(cluster.state("alone", 0).leader()).isEqualTo(1);
    }

    @Test
    void withNoEligibleLeaderThePartitionWaitsOfflineForItsLastIsrMember() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("w", Map.of(0, List.of(1, 2)), Map.of());
        cluster.crash(2);
        cluster.run();
        cluster.crash(1);
        cluster.run();
        assertThat(cluster.state("w", 0).leader()).isEqualTo(PartitionState.NO_LEADER);

        cluster.start(2, true);
        cluster.run();
        assertThat(cluster.state("w", 0).leader()).as("2 left the ISR before the end: not eligible")
            .isEqualTo(PartitionState.NO_LEADER);

        cluster.start(1, true);
        cluster.run();
        assertThat(cluster.state("w", 0).leader()).isEqualTo(1);
        assertThat(cluster.state("w", 0).leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERED);
    }

    @Test
    void uncleanElectionWhenTheTopicAllowsIt() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("risky", Map.of(0, List.of(1, 2)),
            Map.of(ElectionConfigs.UNCLEAN_LEADER_ELECTION_ENABLE, "true"));
        cluster.crash(2);
        cluster.run();
        cluster.crash(1);
        cluster.run();
        cluster.start(2, true);
        cluster.run();
        PartitionState state = cluster.state("risky", 0);
        assertThat(state.leader()).isEqualTo(2);
        assertThat(state.isr()).containsExactly(2);
        assertThat(state.leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERING);
        assertThat(state.eligibleLeaderReplicas()).isEmpty();
    }

    @Test
    void enablingUncleanElectionForATopicElectsItsOfflinePartitions() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("late", Map.of(0, List.of(1, 2)), Map.of());
        cluster.crash(2);
        cluster.run();
        cluster.crash(1);
        cluster.start(2, true);
        cluster.run();
        assertThat(cluster.state("late", 0).leader()).isEqualTo(PartitionState.NO_LEADER);
        cluster.admin.setTopicConfig("late", Map.of(ElectionConfigs.UNCLEAN_LEADER_ELECTION_ENABLE, "true"));
        cluster.run();
        assertThat(cluster.state("late", 0).leader()).isEqualTo(2);
    }

    @Test
    void anOperatorsUncleanElection() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("op", Map.of(0, List.of(1, 2), 1, List.of(3)), Map.of());
        cluster.crash(2);
        cluster.run();
        cluster.crash(1);
        cluster.start(2, true);
        cluster.run();
        var result = cluster.active().controller.electLeaders(ElectionType.UNCLEAN,
            Optional.of(Set.of(new TopicPartition("op", 0), new TopicPartition("op", 1),
                new TopicPartition("op", 9))));
        cluster.run();
        Map<TopicPartition, ApiError> errors = result.join();
        assertThat(errors.get(new TopicPartition("op", 0))).isEqualTo(ApiError.NONE);
        assertThat(errors.get(new TopicPartition("op", 1)).error()).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(errors.get(new TopicPartition("op", 9)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(cluster.state("op", 0).leader()).isEqualTo(2);

        cluster.crash(2);
        cluster.run();
        var none = cluster.active().controller.electLeaders(ElectionType.UNCLEAN,
            Optional.of(Set.of(new TopicPartition("op", 0))));
        cluster.run();
        assertThat(none.join().get(new TopicPartition("op", 0)).error())
            .isEqualTo(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    }

    @Test
    void aBounceIsAFailureAndAReturn() {
        cluster.startAll(1, 2, 3);
        threeReplicaTopic("b", Map.of());
        SimCluster.Broker old = cluster.brokers.get(1);
        long oldEpoch = old.registration.epoch();
        // kill -9 and an immediate restart: the controller sees broker 1 with a new epoch, never without it.
        cluster.ensemble.crash(old.store);
        old.watches.clear();
        old.loop.clear();
        cluster.start(1, true);
        cluster.run();
        assertThat(cluster.brokers.get(1).registration.epoch()).isGreaterThan(oldEpoch);
        PartitionState p0 = cluster.state("b", 0);
        assertThat(p0.leader()).as("its leadership from before the restart was moved").isEqualTo(2);
        assertThat(p0.isr()).doesNotContain(1);
        assertThat(p0.leaderEpoch()).isEqualTo(1);
    }

    @Test
    void aPartitionWithoutStateGetsOneFromItsLiveReplicas() {
        cluster.startAll(2, 3);
        cluster.admin.createTopic(new io.samsa.metadata.TopicMetadata("bare", new org.apache.kafka.common.Uuid(3, 3),
            io.samsa.metadata.TopicMetadata.sorted(Map.of(0, List.of(1, 2, 3)))), Map.of(), Map.of());
        cluster.run();
        PartitionState state = cluster.state("bare", 0);
        assertThat(state.leader()).isEqualTo(2);
        assertThat(state.isr()).containsExactly(2, 3);
        assertThat(state.leaderEpoch()).isZero();
    }
}
