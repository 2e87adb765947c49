package io.samsa.broker;

import io.samsa.common.config.BrokerConfig;
import io.samsa.common.config.TopicConfigs;
import io.samsa.storage.LogConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;

/** Builds a partition's {@link LogConfig} from a topic's overrides over the broker's defaults. Stateless. */
public final class LogConfigs {
    private LogConfigs() {
    }

    public static LogConfig forTopic(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, Object> v = TopicConfigs.effective(overrides, broker);
        Object policy = v.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        List<?> policies = policy instanceof List<?> l ? l : List.of(String.valueOf(policy).split(","));
        String tsType = String.valueOf(v.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG));
        return new LogConfig(
                intOf(v, TopicConfig.SEGMENT_BYTES_CONFIG),
                longOf(v, TopicConfig.SEGMENT_MS_CONFIG),
                intOf(v, TopicConfig.SEGMENT_INDEX_BYTES_CONFIG),
                intOf(v, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG),
                longOf(v, TopicConfig.RETENTION_MS_CONFIG),
                longOf(v, TopicConfig.RETENTION_BYTES_CONFIG),
                intOf(v, TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                longOf(v, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG),
                longOf(v, TopicConfig.FLUSH_MS_CONFIG),
                "LogAppendTime".equalsIgnoreCase(tsType) ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                longOf(v, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG),
                longOf(v, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
                longOf(v, TopicConfig.FILE_DELETE_DELAY_MS_CONFIG),
                policies.stream().anyMatch(p -> "compact".equals(String.valueOf(p).trim())),
                policies.stream().anyMatch(p -> "delete".equals(String.valueOf(p).trim())),
                new LogConfig.Compaction(
                        longOf(v, TopicConfig.DELETE_RETENTION_MS_CONFIG),
                        longOf(v, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG),
                        longOf(v, TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG),
                        ((Number) v.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG)).doubleValue()),
                LogConfig.TargetCompression.of(
                        String.valueOf(v.get(TopicConfig.COMPRESSION_TYPE_CONFIG)),
                        intOf(v, TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG),
                        intOf(v, TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG),
                        intOf(v, TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG)));
    }

    /** The topic's effective {@code min.insync.replicas}. */
    public static int minInsyncReplicas(Map<String, String> overrides, BrokerConfig broker) {
        return intOf(TopicConfigs.effective(overrides, broker), TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    }

    private static int intOf(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).intValue();
    }

    private static long longOf(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).longValue();
    }
}
