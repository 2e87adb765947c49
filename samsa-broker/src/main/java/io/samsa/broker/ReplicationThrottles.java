package io.samsa.broker;

import io.samsa.common.config.BrokerConfig;
import io.samsa.common.config.BrokerConfigDef;
import io.samsa.common.config.DynamicBrokerConfigs;
import io.samsa.common.config.TopicConfigs;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import io.samsa.replication.quota.ReplicationQuota;
import io.samsa.replication.quota.ThrottledPartitions;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This broker's replication throttles, kept in step with the cluster's configs while it runs: the leader and
 * follower {@link ReplicationQuota}s take their bounds from {@code leader.replication.throttled.rate} and
 * {@code follower.replication.throttled.rate} (dynamic, {@code /config/brokers/<id>} then {@code <default>}, then
 * server.properties), and their throttled partitions from each topic's {@code leader.replication.throttled.replicas}
 * and {@code follower.replication.throttled.replicas}, reading only this broker's entries.
 *
 * <p>Built by the {@link Broker}, which hands the quotas to the fetch paths and registers this as a metadata
 * listener after {@link #loadAll()}. Listener calls come on the store's event thread; thread-safe.
 */
final class ReplicationThrottles implements MetadataListener {
    private static final Logger log = LoggerFactory.getLogger(ReplicationThrottles.class);

    private final int brokerId;
    private final BrokerConfig config;
    private final Function<String, Map<String, String>> brokerConfigs;
    private final Function<String, Map<String, String>> topicConfigs;
    private final Supplier<Collection<String>> topics;
    private final ReplicationQuota leader;
    private final ReplicationQuota follower;

    ReplicationThrottles(BrokerConfig config, MetadataStore metadata, Time time) {
        this(config, metadata::brokerConfig, metadata::topicConfig, () -> metadata.topics().keySet(), time);
    }

    /**
     * @param brokerConfigs dynamic broker configs by entity (a broker id or {@code <default>})
     * @param topicConfigs  topic config overrides by topic
     * @param topics        the topics that exist
     */
    ReplicationThrottles(BrokerConfig config, Function<String, Map<String, String>> brokerConfigs,
                         Function<String, Map<String, String>> topicConfigs, Supplier<Collection<String>> topics,
                         Time time) {
        this.brokerId = config.brokerId();
        this.config = config;
        this.brokerConfigs = brokerConfigs;
        this.topicConfigs = topicConfigs;
        this.topics = topics;
        long windowMs = config.replicationQuotaWindowSizeSeconds() * 1000L;
        this.leader = new ReplicationQuota(config.replicationQuotaWindowNum(), windowMs, time);
        this.follower = new ReplicationQuota(config.replicationQuotaWindowNum(), windowMs, time);
    }

    ReplicationQuota leaderQuota() {
        return leader;
    }

    ReplicationQuota followerQuota() {
        return follower;
    }

    /** Applies the current broker and topic configs; called once before listening. */
    void loadAll() {
        applyRates();
        topics.get().forEach(this::applyTopic);
    }

    @Override
    public void onTopicsChanged() {
        // Topic creation or deletion also writes or deletes the topic's config znode, reported below.
    }

    @Override
    public void onTopicConfigChanged(String topic) {
        applyTopic(topic);
    }

    @Override
    public void onBrokerConfigChanged(String entity) {
        if (entity.equals(Integer.toString(brokerId)) || entity.equals(MetadataStore.DEFAULT_BROKER_ENTITY)) {
            applyRates();
        }
    }

    private void applyRates() {
        Map<String, String> own = brokerConfigs.apply(Integer.toString(brokerId));
        Map<String, String> clusterDefault = brokerConfigs.apply(MetadataStore.DEFAULT_BROKER_ENTITY);
        long leaderRate = DynamicBrokerConfigs.effectiveLong(
                BrokerConfigDef.LEADER_REPLICATION_THROTTLED_RATE_CONFIG, own, clusterDefault, config);
        long followerRate = DynamicBrokerConfigs.effectiveLong(
                BrokerConfigDef.FOLLOWER_REPLICATION_THROTTLED_RATE_CONFIG, own, clusterDefault, config);
        if (leaderRate != leader.bound() || followerRate != follower.bound()) {
            log.info("Replication throttle of broker {}: leader {}, follower {} bytes/s", brokerId,
                    render(leaderRate), render(followerRate));
        }
        leader.updateBound(leaderRate);
        follower.updateBound(followerRate);
    }

    private void applyTopic(String topic) {
        Map<String, String> topicConfig = topicConfigs.apply(topic);
        leader.markThrottled(topic, ThrottledPartitions.parse(
                topicConfig.get(TopicConfigs.LEADER_REPLICATION_THROTTLED_REPLICAS_CONFIG), brokerId));
        follower.markThrottled(topic, ThrottledPartitions.parse(
                topicConfig.get(TopicConfigs.FOLLOWER_REPLICATION_THROTTLED_REPLICAS_CONFIG), brokerId));
    }

    private static String render(long rate) {
        return rate == ReplicationQuota.UNLIMITED_RATE ? "unlimited" : Long.toString(rate);
    }
}
