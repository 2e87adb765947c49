package io.samsa.broker.group;

import io.samsa.broker.TopicAdmin;
import io.samsa.common.config.BrokerConfig;
import io.samsa.metadata.MetadataStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code __consumer_offsets} on first use, as Kafka does: {@code offsets.topic.num.partitions} partitions,
 * compacted, 100 MiB segments, {@code offsets.topic.replication.factor} replicas (Kafka's default, 3). Until that many
 * brokers are alive it is not created: group requests get COORDINATOR_NOT_AVAILABLE and retry, and a log line (at
 * most one per {@link #WAIT_LOG_INTERVAL_MS}) says what is missing. {@code config/server.properties} sets 1 for a
 * single broker, as Kafka's sample configuration does.
 *
 * <p>Blocks on ZooKeeper: call from a blocking executor. Thread-safe.
 */
public final class OffsetsTopic {
    public static final String NAME = Topic.GROUP_METADATA_TOPIC_NAME;
    private final BrokerConfig config;
    private final MetadataStore metadata;
    static final long WAIT_LOG_INTERVAL_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(OffsetsTopic.class);
    private final TopicAdmin topics;
    private final Time time;
    private final AtomicLong lastWaitLogMs = new AtomicLong(Long.MIN_VALUE / 2);

    public OffsetsTopic(BrokerConfig config, MetadataStore metadata, TopicAdmin topics, Time time) {
        this.config = config;
        this.metadata = metadata;
        this.topics = topics;
        this.time = time;
    }

    public boolean exists() {
        return metadata.topic(NAME).isPresent();
    }

    public void createIfAbsent() {
        if (exists()) {
            return;
        }
        int live = metadata.liveBrokers().size();
        short rf = config.offsetsTopicReplicationFactor();
        if (live < rf) {
            long now = time.milliseconds();
            long last = lastWaitLogMs.get();
            if (now - last >= WAIT_LOG_INTERVAL_MS && lastWaitLogMs.compareAndSet(last, now)) {
                log.warn("Not creating {} yet: {} live broker(s) but offsets.topic.replication.factor is {}. Consumer "
                        + "groups wait until enough brokers are up (set offsets.topic.replication.factor=1 for a "
                        + "single broker).", NAME, live, rf);
            }
            throw new CoordinatorNotAvailableException("Number of alive brokers '" + live + "' does not meet the "
                    + "required replication factor '" + rf + "' for the offsets topic (configured via "
                    + "'offsets.topic.replication.factor')");
        }
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
