package io.samsa.common.config;

import static io.samsa.common.config.BrokerConfigDef.*;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.CompressionType;

/**
 * The topic-level configs of Kafka 4.1 and the broker configs each one falls back to.
 *
 * <p>Every name is a {@link TopicConfig} constant of kafka-clients 4.1, plus the two replication-throttle lists.
 * Types, validators and defaults follow Kafka 4.1's {@code LogConfig}, including 4.0's raised minimum for
 * {@code segment.bytes} (1 MiB) and one-hour default for {@code message.timestamp.after.max.ms}.
 * {@code message.downconversion.enable} is accepted as the no-op Kafka 4.x keeps for compatibility.
 *
 * <p>A {@link Fallback} lists the broker synonyms in Kafka's precedence order (e.g. {@code retention.ms} →
 * {@code log.retention.ms}, {@code log.retention.minutes}, {@code log.retention.hours}) and computes the broker-wide
 * value already converted to the topic config's unit and type, through the resolution in {@link BrokerConfig}.
 * Configs with no broker synonym (tiered storage, throttles) fall back to their own default. Immutable, thread-safe.
 */
final class TopicConfigDef {

    static final String LEADER_REPLICATION_THROTTLED_REPLICAS_CONFIG = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICATION_THROTTLED_REPLICAS_CONFIG = "follower.replication.throttled.replicas";

    /** Broker configs a topic config falls back to, highest precedence first, and the resolved broker value. */
    record Fallback(List<String> brokerSynonyms, Function<BrokerConfig, Object> brokerValue) {
    }

    private static final String THROTTLED_REPLICAS_DOC = "A list of replicas whose log replication should be "
            + "throttled on the %s side, as [PartitionId]:[BrokerId],... or the wildcard '*' for every replica.";

    @SuppressWarnings("deprecation")
    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TopicConfig.CLEANUP_POLICY_CONFIG, LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                    ConfigDef.ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE),
                    MEDIUM, TopicConfig.CLEANUP_POLICY_DOC)
            .define(TopicConfig.COMPRESSION_TYPE_CONFIG, STRING, "producer",
                    ConfigDef.ValidString.in(COMPRESSION_TYPES.toArray(new String[0])), MEDIUM,
                    TopicConfig.COMPRESSION_TYPE_DOC)
            .define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, INT, CompressionType.GZIP.defaultLevel(),
                    CompressionType.GZIP.levelValidator(), MEDIUM, TopicConfig.COMPRESSION_GZIP_LEVEL_DOC)
            .define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, INT, CompressionType.LZ4.defaultLevel(),
                    CompressionType.LZ4.levelValidator(), MEDIUM, TopicConfig.COMPRESSION_LZ4_LEVEL_DOC)
            .define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, INT, CompressionType.ZSTD.defaultLevel(),
                    CompressionType.ZSTD.levelValidator(), MEDIUM, TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC)
            .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, LONG, 24 * 60 * 60 * 1000L, atLeast(0), MEDIUM,
                    TopicConfig.DELETE_RETENTION_MS_DOC)
            .define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, LONG, 60000L, atLeast(0), MEDIUM,
                    TopicConfig.FILE_DELETE_DELAY_MS_DOC)
            .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                    TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
            .define(TopicConfig.FLUSH_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM, TopicConfig.FLUSH_MS_DOC)
            .define(FOLLOWER_REPLICATION_THROTTLED_REPLICAS_CONFIG, LIST, "", ThrottledReplicas.VALIDATOR, MEDIUM,
                    String.format(THROTTLED_REPLICAS_DOC, "follower"))
            .define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, INT, 4096, atLeast(0), MEDIUM,
                    TopicConfig.INDEX_INTERVAL_BYTES_DOC)
            .define(LEADER_REPLICATION_THROTTLED_REPLICAS_CONFIG, LIST, "", ThrottledReplicas.VALIDATOR, MEDIUM,
                    String.format(THROTTLED_REPLICAS_DOC, "leader"))
            .define(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, LONG, -2L, atLeast(-2), MEDIUM,
                    TopicConfig.LOCAL_LOG_RETENTION_BYTES_DOC)
            .define(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, LONG, -2L, atLeast(-2), MEDIUM,
                    TopicConfig.LOCAL_LOG_RETENTION_MS_DOC)
            .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                    TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
            .define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, INT, MESSAGE_MAX_BYTES_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.MAX_MESSAGE_BYTES_DOC)
            .define(TopicConfig.MESSAGE_DOWNCONVERSION_ENABLE_CONFIG, BOOLEAN, true, LOW,
                    TopicConfig.MESSAGE_DOWNCONVERSION_ENABLE_DOC)
            .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, LONG, 3600000L, atLeast(0), MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
            .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
            .define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, STRING, "CreateTime",
                    ConfigDef.ValidString.in("CreateTime", "LogAppendTime"), MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
            .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, DOUBLE, 0.5d, between(0, 1), MEDIUM,
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
            .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, LONG, 0L, atLeast(0), MEDIUM,
                    TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
            .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, INT, 1, atLeast(1), MEDIUM,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_DOC)
            .define(TopicConfig.PREALLOCATE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.PREALLOCATE_DOC)
            .define(TopicConfig.REMOTE_LOG_COPY_DISABLE_CONFIG, BOOLEAN, false, MEDIUM,
                    TopicConfig.REMOTE_LOG_COPY_DISABLE_DOC)
            .define(TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, BOOLEAN, false, MEDIUM,
                    TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_DOC)
            .define(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG, BOOLEAN, false, MEDIUM,
                    TopicConfig.REMOTE_LOG_STORAGE_ENABLE_DOC)
            // Negative retention.bytes means "no size limit"; Kafka accepts any negative value.
            .define(TopicConfig.RETENTION_BYTES_CONFIG, LONG, -1L, MEDIUM, TopicConfig.RETENTION_BYTES_DOC)
            .define(TopicConfig.RETENTION_MS_CONFIG, LONG, 7 * 24 * 60 * 60 * 1000L, atLeast(-1), MEDIUM,
                    TopicConfig.RETENTION_MS_DOC)
            .define(TopicConfig.SEGMENT_BYTES_CONFIG, INT, 1024 * 1024 * 1024, atLeast(SEGMENT_BYTES_MIN), MEDIUM,
                    TopicConfig.SEGMENT_BYTES_DOC)
            .define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, INT, 10 * 1024 * 1024, atLeast(4), MEDIUM,
                    TopicConfig.SEGMENT_INDEX_BYTES_DOC)
            .define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, LONG, 0L, atLeast(0), MEDIUM,
                    TopicConfig.SEGMENT_JITTER_MS_DOC)
            .define(TopicConfig.SEGMENT_MS_CONFIG, LONG, 7 * 24 * 60 * 60 * 1000L, atLeast(1), MEDIUM,
                    TopicConfig.SEGMENT_MS_DOC)
            .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, BOOLEAN, false, MEDIUM,
                    TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC);

    private static final Map<String, Fallback> FALLBACKS = fallbacks();

    private TopicConfigDef() {
    }

    /** The shared definition; callers in this package must not modify it. */
    static ConfigDef shared() {
        return CONFIG;
    }

    /** Names, sorted. */
    static List<String> names() {
        return CONFIG.names().stream().sorted().toList();
    }

    static ConfigDef.ConfigKey key(String name) {
        return CONFIG.configKeys().get(name);
    }

    /** The fallback of {@code name}: broker synonyms (possibly none) and the broker-wide value. */
    static Fallback fallback(String name) {
        Fallback fallback = FALLBACKS.get(name);
        if (fallback != null) {
            return fallback;
        }
        Object ownDefault = key(name).defaultValue;
        return new Fallback(List.of(), broker -> ownDefault);
    }

    @SuppressWarnings("deprecation")
    private static Map<String, Fallback> fallbacks() {
        Map<String, Fallback> map = new LinkedHashMap<>();
        map.put(TopicConfig.CLEANUP_POLICY_CONFIG, of(BrokerConfig::logCleanupPolicy, LOG_CLEANUP_POLICY_CONFIG));
        map.put(TopicConfig.COMPRESSION_TYPE_CONFIG, of(BrokerConfig::compressionType, COMPRESSION_TYPE_CONFIG));
        map.put(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG,
                of(BrokerConfig::compressionGzipLevel, COMPRESSION_GZIP_LEVEL_CONFIG));
        map.put(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG,
                of(BrokerConfig::compressionLz4Level, COMPRESSION_LZ4_LEVEL_CONFIG));
        map.put(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG,
                of(BrokerConfig::compressionZstdLevel, COMPRESSION_ZSTD_LEVEL_CONFIG));
        map.put(TopicConfig.DELETE_RETENTION_MS_CONFIG,
                of(BrokerConfig::logCleanerDeleteRetentionMs, LOG_CLEANER_DELETE_RETENTION_MS_CONFIG));
        map.put(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG,
                of(BrokerConfig::logSegmentDeleteDelayMs, LOG_SEGMENT_DELETE_DELAY_MS_CONFIG));
        map.put(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG,
                of(BrokerConfig::logFlushIntervalMessages, LOG_FLUSH_INTERVAL_MESSAGES_CONFIG));
        map.put(TopicConfig.FLUSH_MS_CONFIG, of(BrokerConfig::logFlushIntervalMs,
                LOG_FLUSH_INTERVAL_MS_CONFIG, LOG_FLUSH_SCHEDULER_INTERVAL_MS_CONFIG));
        map.put(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG,
                of(BrokerConfig::logIndexIntervalBytes, LOG_INDEX_INTERVAL_BYTES_CONFIG));
        map.put(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG,
                of(BrokerConfig::logLocalRetentionBytes, LOG_LOCAL_RETENTION_BYTES_CONFIG));
        map.put(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG,
                of(BrokerConfig::logLocalRetentionMs, LOG_LOCAL_RETENTION_MS_CONFIG));
        map.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                of(BrokerConfig::logCleanerMaxCompactionLagMs, LOG_CLEANER_MAX_COMPACTION_LAG_MS_CONFIG));
        map.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, of(BrokerConfig::messageMaxBytes, MESSAGE_MAX_BYTES_CONFIG));
        map.put(TopicConfig.MESSAGE_DOWNCONVERSION_ENABLE_CONFIG,
                of(BrokerConfig::logMessageDownconversionEnable, LOG_MESSAGE_DOWNCONVERSION_ENABLE_CONFIG));
        map.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                of(BrokerConfig::logMessageTimestampAfterMaxMs, LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG));
        map.put(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
                of(BrokerConfig::logMessageTimestampBeforeMaxMs, LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG));
        map.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                of(broker -> broker.logMessageTimestampType().name, LOG_MESSAGE_TIMESTAMP_TYPE_CONFIG));
        map.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
                of(BrokerConfig::logCleanerMinCleanableRatio, LOG_CLEANER_MIN_CLEANABLE_RATIO_CONFIG));
        map.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                of(BrokerConfig::logCleanerMinCompactionLagMs, LOG_CLEANER_MIN_COMPACTION_LAG_MS_CONFIG));
        map.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                of(BrokerConfig::minInsyncReplicas, MIN_INSYNC_REPLICAS_CONFIG));
        map.put(TopicConfig.PREALLOCATE_CONFIG, of(BrokerConfig::logPreallocate, LOG_PREALLOCATE_CONFIG));
        map.put(TopicConfig.RETENTION_BYTES_CONFIG, of(BrokerConfig::logRetentionBytes, LOG_RETENTION_BYTES_CONFIG));
        map.put(TopicConfig.RETENTION_MS_CONFIG, of(BrokerConfig::logRetentionMs,
                LOG_RETENTION_MS_CONFIG, LOG_RETENTION_MINUTES_CONFIG, LOG_RETENTION_HOURS_CONFIG));
        map.put(TopicConfig.SEGMENT_BYTES_CONFIG, of(BrokerConfig::logSegmentBytes, LOG_SEGMENT_BYTES_CONFIG));
        map.put(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG,
                of(BrokerConfig::logIndexSizeMaxBytes, LOG_INDEX_SIZE_MAX_BYTES_CONFIG));
        map.put(TopicConfig.SEGMENT_JITTER_MS_CONFIG, of(BrokerConfig::logRollJitterMs,
                LOG_ROLL_JITTER_MS_CONFIG, LOG_ROLL_JITTER_HOURS_CONFIG));
        map.put(TopicConfig.SEGMENT_MS_CONFIG, of(BrokerConfig::logRollMs, LOG_ROLL_MS_CONFIG, LOG_ROLL_HOURS_CONFIG));
        map.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
                of(BrokerConfig::uncleanLeaderElectionEnable, UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG));
        return Map.copyOf(map);
    }

    private static Fallback of(Function<BrokerConfig, Object> brokerValue, String... brokerSynonyms) {
        return new Fallback(List.of(brokerSynonyms), brokerValue);
    }

    /**
     * Kafka's rule for the throttled-replica lists: empty, the single wildcard {@code *}, or
     * {@code partitionId:brokerId} pairs such as {@code 0:101,1:102}.
     */
    static final class ThrottledReplicas {
        private static final Pattern PAIR = Pattern.compile("[0-9]+:[0-9]+");

        static final ConfigDef.Validator VALIDATOR = (name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> replicas = (List<String>) value;
            boolean wildcard = replicas.size() == 1 && replicas.get(0).trim().equals("*");
            if (!wildcard && !replicas.stream().allMatch(r -> PAIR.matcher(r.trim()).matches())) {
                throw new ConfigException(name, value, name + " must be the literal '*' or a list of replicas "
                        + "in the format [partitionId]:[brokerId],[partitionId]:[brokerId],...");
            }
        };

        private ThrottledReplicas() {
        }
    }
}
