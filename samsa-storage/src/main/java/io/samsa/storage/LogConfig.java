package io.samsa.storage;

import org.apache.kafka.common.record.TimestampType;

/**
 * The settings of one partition's log, resolved from topic overrides over broker defaults.
 * Immutable; {@link Log#updateConfig} swaps in a new one. Names follow Kafka's topic configs.
 *
 * @param segmentBytes                  {@code segment.bytes}: roll when the active segment would exceed this
 * @param segmentMs                     {@code segment.ms}: roll when the active segment's first batch is older
 * @param segmentIndexBytes             {@code segment.index.bytes}: max size of an index file; roll when full
 * @param indexIntervalBytes            {@code index.interval.bytes}: bytes between offset-index entries
 * @param retentionMs                   {@code retention.ms}; -1 means unlimited
 * @param retentionBytes                {@code retention.bytes} per partition; -1 means unlimited
 * @param maxMessageBytes               {@code max.message.bytes}: largest batch accepted
 * @param flushMessages                 {@code flush.messages}: fsync after this many messages (Long.MAX_VALUE = never)
 * @param flushMs                       {@code flush.ms}: fsync when the last flush is older (Long.MAX_VALUE = never)
 * @param timestampType                 {@code message.timestamp.type}
 * @param timestampBeforeMaxMs          {@code message.timestamp.before.max.ms}
 * @param timestampAfterMaxMs           {@code message.timestamp.after.max.ms}
 * @param fileDeleteDelayMs             {@code file.delete.delay.ms}
 * @param compact                       {@code cleanup.policy} contains compact
 * @param delete                        {@code cleanup.policy} contains delete
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        int segmentIndexBytes,
        int indexIntervalBytes,
        long retentionMs,
        long retentionBytes,
        int maxMessageBytes,
        long flushMessages,
        long flushMs,
        TimestampType timestampType,
        long timestampBeforeMaxMs,
        long timestampAfterMaxMs,
        long fileDeleteDelayMs,
        boolean compact,
        boolean delete) {

    /** Kafka's defaults for every topic config. */
    public static LogConfig defaults() {
        return new LogConfig(
                1024 * 1024 * 1024,
                7L * 24 * 60 * 60 * 1000,
                10 * 1024 * 1024,
                4096,
                7L * 24 * 60 * 60 * 1000,
                -1L,
                1024 * 1024 + 12,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                TimestampType.CREATE_TIME,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                60_000L,
                false,
                true);
    }

    public LogConfig withSegmentBytes(int v) {
        return new LogConfig(v, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete);
    }

    public LogConfig withSegmentMs(long v) {
        return new LogConfig(segmentBytes, v, segmentIndexBytes, indexIntervalBytes, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete);
    }

    public LogConfig withRetention(long ms, long bytes) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, ms, bytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete);
    }

    public LogConfig withMaxMessageBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, v, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete);
    }

    public LogConfig withIndexIntervalBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, v, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete);
    }

    public LogConfig withTimestampType(TimestampType v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, maxMessageBytes, flushMessages, flushMs, v, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete);
    }
}
