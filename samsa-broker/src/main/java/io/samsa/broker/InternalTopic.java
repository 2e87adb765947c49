package io.samsa.broker;

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
 * A coordinator's internal topic, created on first use as Kafka does: {@code __consumer_offsets} ({@link #offsets}) or
 * {@code __transaction_state} ({@link #transactionState}), compacted, 100 MiB segments by default, with its configured partition
 * count and replication factor (Kafka's default, 3). Until that many brokers are alive it is not created: coordinator
 * lookups get COORDINATOR_NOT_AVAILABLE and retry, and a log line (at most one per {@link #WAIT_LOG_INTERVAL_MS}) says
 * what is missing. {@code config/server.properties} sets 1 for a single broker, as Kafka's sample configuration does.
 *
 * <p>Blocks on ZooKeeper: call {@link #createIfAbsent} from a blocking executor. Thread-safe.
 */
public final class InternalTopic {
    static final long WAIT_LOG_INTERVAL_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(InternalTopic.class);

    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final String replicationFactorConfig;
    private final Map<String, String> configs;
    private final MetadataStore metadata;
    private final TopicAdmin topics;
    private final Time time;
    private final AtomicLong lastWaitLogMs = new AtomicLong(Long.MIN_VALUE / 2);

    private InternalTopic(String name, int partitions, short replicationFactor, String replicationFactorConfig,
                          Map<String, String> configs, MetadataStore metadata, TopicAdmin topics, Time time) {
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.replicationFactorConfig = replicationFactorConfig;
        this.configs = configs;
        this.metadata = metadata;
        this.topics = topics;
        this.time = time;
    }

    /**
     * {@code __consumer_offsets}: {@code offsets.topic.num.partitions}, {@code offsets.topic.replication.factor},
     * {@code offsets.topic.segment.bytes}.
     */
    public static InternalTopic offsets(BrokerConfig config, MetadataStore metadata, TopicAdmin topics, Time time) {
        return new InternalTopic(Topic.GROUP_METADATA_TOPIC_NAME, config.offsetsTopicNumPartitions(),
            config.offsetsTopicReplicationFactor(), "offsets.topic.replication.factor",
            Map.of("cleanup.policy", "compact", "compression.type", "producer",
                "segment.bytes", Integer.toString(config.offsetsTopicSegmentBytes())),
            metadata, topics, time);
    }

    /**
     * {@code __transaction_state}: {@code transaction.state.log.num.partitions}, {@code .replication.factor}, and
     * {@code .min.isr} as its {@code min.insync.replicas}.
     */
    public static InternalTopic transactionState(BrokerConfig config, MetadataStore metadata, TopicAdmin topics,
                                                 Time time) {
        return new InternalTopic(Topic.TRANSACTION_STATE_TOPIC_NAME, config.transactionStateLogNumPartitions(),
            config.transactionStateLogReplicationFactor(), "transaction.state.log.replication.factor",
            Map.of("cleanup.policy", "compact", "compression.type", "uncompressed",
                "segment.bytes", Integer.toString(config.transactionStateLogSegmentBytes()),
                "min.insync.replicas", Integer.toString(config.transactionStateLogMinIsr()),
                "unclean.leader.election.enable", "false"),
            metadata, topics, time);
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return metadata.topic(name).isPresent();
    }

    public void createIfAbsent() {
        if (exists()) {
            return;
        }
        int live = metadata.liveBrokers().size();
        if (live < replicationFactor) {
            long now = time.milliseconds();
            long last = lastWaitLogMs.get();
            if (now - last >= WAIT_LOG_INTERVAL_MS && lastWaitLogMs.compareAndSet(last, now)) {
                log.warn("Not creating {} yet: {} live broker(s) but {} is {}. Its coordinator waits until enough "
                        + "brokers are up (set {}=1 for a single broker).", name, live, replicationFactorConfig,
                        replicationFactor, replicationFactorConfig);
            }
            throw new CoordinatorNotAvailableException("Number of alive brokers '" + live + "' does not meet the "
                    + "required replication factor '" + replicationFactor + "' for " + name + " (configured via '"
                    + replicationFactorConfig + "')");
        }
        try {
            topics.createInternalTopic(name, partitions, replicationFactor, configs);
        } catch (TopicExistsException e) {
            // created concurrently
        }
    }
}
