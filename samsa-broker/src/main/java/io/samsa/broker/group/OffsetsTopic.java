package io.samsa.broker.group;

import io.samsa.broker.TopicAdmin;
import io.samsa.common.config.BrokerConfig;
import io.samsa.metadata.MetadataStore;
import java.util.Map;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;

/**
 * Creates {@code __consumer_offsets} on first use, as Kafka does: {@code offsets.topic.num.partitions} partitions,
 * compacted, 100 MiB segments. The replication factor is {@code offsets.topic.replication.factor} capped at the
 * number of live brokers, so a single-node cluster works with Kafka's default of 3 (Kafka would refuse until enough
 * brokers exist; its sample config sets 1 for that reason).
 *
 * <p>Blocks on ZooKeeper: call from a blocking executor. Thread-safe.
 */
public final class OffsetsTopic {
    public static final String NAME = Topic.GROUP_METADATA_TOPIC_NAME;
    private final BrokerConfig config;
    private final MetadataStore metadata;
    private final TopicAdmin topics;

    public OffsetsTopic(BrokerConfig config, MetadataStore metadata, TopicAdmin topics) {
        this.config = config;
        this.metadata = metadata;
        this.topics = topics;
    }

    public boolean exists() {
        return metadata.topic(NAME).isPresent();
    }

    public void createIfAbsent() {
        if (exists()) {
            return;
        }
        int live = Math.max(1, metadata.liveBrokers().size());
        short rf = (short) Math.min(config.offsetsTopicReplicationFactor(), live);
        try {
            topics.createInternalTopic(NAME, config.offsetsTopicNumPartitions(), rf, Map.of(
                    "cleanup.policy", "compact",
                    "compression.type", "producer",
                    "segment.bytes", "104857600"));
        } catch (TopicExistsException e) {
            // created concurrently
        }
    }
}
