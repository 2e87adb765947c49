package io.samsa.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.common.config.BrokerConfig;
import io.samsa.replication.quota.ReplicationQuota;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/**
 * Broker 2's throttles follow the configs as they change: rates from its own dynamic configs, then the cluster
 * default, then server.properties; throttled partitions from its own entries in each topic's lists.
 */
class ReplicationThrottlesTest {
    private final Map<String, Map<String, String>> brokerConfigs = new HashMap<>();
    private final Map<String, Map<String, String>> topicConfigs = new HashMap<>();
    private final ReplicationThrottles throttles = new ReplicationThrottles(
            BrokerConfig.fromProperties(Map.of("broker.id", "2", "follower.replication.throttled.rate", "300")),
            e -> brokerConfigs.getOrDefault(e, Map.of()), t -> topicConfigs.getOrDefault(t, Map.of()),
            topicConfigs::keySet, new MockTime());

    @Test
    void ratesFollowOwnThenDefaultThenStaticConfigs() {
        throttles.loadAll();
        assertThat(throttles.leaderQuota().bound()).isEqualTo(ReplicationQuota.UNLIMITED_RATE);
        assertThat(throttles.followerQuota().bound()).isEqualTo(300);

        brokerConfigs.put("<default>", Map.of("leader.replication.throttled.rate", "200"));
        throttles.onBrokerConfigChanged("<default>");
        assertThat(throttles.leaderQuota().bound()).isEqualTo(200);

        brokerConfigs.put("2", Map.of("leader.replication.throttled.rate", "100",
                "follower.replication.throttled.rate", "100"));
        throttles.onBrokerConfigChanged("2");
        assertThat(throttles.leaderQuota().bound()).isEqualTo(100);
        assertThat(throttles.followerQuota().bound()).isEqualTo(100);

        brokerConfigs.put("3", Map.of("leader.replication.throttled.rate", "1"));
        throttles.onBrokerConfigChanged("3");
        assertThat(throttles.leaderQuota().bound()).as("another broker's config").isEqualTo(100);

        brokerConfigs.remove("2");
        throttles.onBrokerConfigChanged("2");
        assertThat(throttles.leaderQuota().bound()).isEqualTo(200);
        assertThat(throttles.followerQuota().bound()).isEqualTo(300);
    }

    @Test
    void throttledPartitionsAreThisBrokersEntries() {
        topicConfigs.put("t", Map.of("leader.replication.throttled.replicas", "0:1,0:2,1:1",
                "follower.replication.throttled.replicas", "1:2"));
        throttles.loadAll();

        assertThat(throttles.leaderQuota().isThrottled(new TopicPartition("t", 0))).isTrue();
        assertThat(throttles.leaderQuota().isThrottled(new TopicPartition("t", 1))).isFalse();
        assertThat(throttles.followerQuota().isThrottled(new TopicPartition("t", 1))).isTrue();
        assertThat(throttles.followerQuota().isThrottled(new TopicPartition("t", 0))).isFalse();

        topicConfigs.put("t", Map.of()); // --verify removed them
        throttles.onTopicConfigChanged("t");
        assertThat(throttles.leaderQuota().isThrottled(new TopicPartition("t", 0))).isFalse();
        assertThat(throttles.followerQuota().isThrottled(new TopicPartition("t", 1))).isFalse();
    }
}
