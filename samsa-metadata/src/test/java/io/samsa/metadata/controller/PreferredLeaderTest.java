package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;

/** Preferred leaders come back: by ElectLeaders, and by the automatic rebalance. */
class PreferredLeaderTest {
    private final SimCluster cluster = new SimCluster(1);
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private void topicWhoseBroker1LostItsLeaderships() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 1)), Map.of());
        cluster.crash(1);
        cluster.run();
        cluster.start(1, true);
        cluster.run();
        // Replication would add it back once caught up.
        cluster.leaderSetsIsr(P0, List.of(2, 3, 1), 1);
        cluster.leaderSetsIsr(P1, List.of(2, 3, 1), 1);
        cluster.run();
        assertThat(cluster.state("t", 0).leader()).isEqualTo(2);
    }

    @Test
    void electLeadersGivesKafkasResultsPerPartition() {
        topicWhoseBroker1LostItsLeaderships();
        var first = cluster.active().controller.electLeaders(ElectionType.PREFERRED,
            Optional.of(Set.of(P0, P1, new TopicPartition("nope", 0))));
        cluster.run();
        Map<TopicPartition, ApiError> results = first.join();
        assertThat(results.get(P0)).isEqualTo(ApiError.NONE);
        assertThat(results.get(P1).error()).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(results.get(new TopicPartition("nope", 0)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(cluster.state("t", 0).leader()).isEqualTo(1);
        assertThat(cluster.state("t", 0).leaderEpoch()).isEqualTo(2);

        var again = cluster.active().controller.electLeaders(ElectionType.PREFERRED, Optional.empty());
        cluster.run();
        assertThat(again.join().values()).extracting(ApiError::error).containsOnly(Errors.ELECTION_NOT_NEEDED);
    }

    @Test
    void aPreferredReplicaOutOfTheIsrIsNotAvailable() {
        cluster.startAll(1, 2, 3);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3)), Map.of());
        cluster.crash(1);
        cluster.run();
        cluster.start(1, true);
        cluster.run();
        var result = cluster.active().controller.electLeaders(ElectionType.PREFERRED, Optional.of(Set.of(P0)));
        cluster.run();
        assertThat(result.join().get(P0).error()).isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        assertThat(cluster.state("t", 0).leader()).isEqualTo(2);
    }

    @Test
    void theAutomaticRebalanceReturnsLeadershipOnceTheImbalanceIsOverTheThreshold() {
        topicWhoseBroker1LostItsLeaderships();
        cluster.scheduler.advance(ControllerConfig.DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS - 1);
        cluster.run();
        assertThat(cluster.state("t", 0).leader()).as("not yet").isEqualTo(2);
        cluster.scheduler.advance(1);
        cluster.run();
        assertThat(cluster.state("t", 0).leader()).isEqualTo(1);
        assertThat(cluster.state("t", 1).leader()).isEqualTo(2);
    }
}
