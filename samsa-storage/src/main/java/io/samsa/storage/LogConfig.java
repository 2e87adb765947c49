package io.samsa.storage;

import java.util.Locale;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
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
 * @param compaction                    how the log cleaner treats the log when {@code compact}
 * @param compression                   {@code compression.type} and its codec's level: the codec the leader writes
 *                                      produced batches in
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
        boolean delete,
        Compaction compaction,
        TargetCompression compression) {

    /**
     * The topic configs the log cleaner reads (Kafka's names), grouped so that {@link LogConfig} does not grow
     * more positional fields.
     *
     * @param deleteRetentionMs      {@code delete.retention.ms}: how long tombstones survive cleaning
     * @param minCompactionLagMs     {@code min.compaction.lag.ms}: records younger than this are not cleaned
     * @param maxCompactionLagMs     {@code max.compaction.lag.ms}: a dirty record older than this makes the log
     *                               cleanable whatever its dirty ratio
     * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: cleaned when the dirty share exceeds this
     */
    public record Compaction(long deleteRetentionMs, long minCompactionLagMs, long maxCompactionLagMs,
                             double minCleanableDirtyRatio) {
        /** Kafka's defaults. */
        public static Compaction defaults() {
            return new Compaction(24L * 60 * 60 * 1000, 0L, Long.MAX_VALUE, 0.5);
        }
    }

    /**
     * {@code compression.type} with the level of its codec ({@code compression.gzip.level},
     * {@code compression.lz4.level} or {@code compression.zstd.level}): the codec in which the leader writes what
     * producers send. Read by {@link BatchRecompressor} on every leader append; followers and the log cleaner keep
     * the bytes they get. A nested record so that the level travels with its codec and {@link LogConfig} grows by
     * one field only.
     *
     * @param codec the target codec ({@link CompressionType#NONE} for {@code uncompressed}), or null for
     *              {@code producer}: keep whatever codec the producer chose
     * @param level the codec's level; ignored for codecs without levels (none, snappy)
     */
    public record TargetCompression(CompressionType codec, int level) {
        private static final TargetCompression PRODUCER = new TargetCompression(null, 0);

        /** {@code compression.type=producer}, Kafka's default. */
        public static TargetCompression producer() {
            return PRODUCER;
        }

        /**
         * From the config values: {@code type} is one of Kafka's {@code compression.type} names ({@code producer},
         * {@code uncompressed}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}); the level that applies is
         * picked for its codec. Throws IllegalArgumentException for another name (the config validators let none
         * through).
         */
        public static TargetCompression of(String type, int gzipLevel, int lz4Level, int zstdLevel) {
            return switch (type.trim().toLowerCase(Locale.ROOT)) {
                case "producer" -> PRODUCER;
                case "uncompressed" -> new TargetCompression(CompressionType.NONE, 0);
                case "gzip" -> new TargetCompression(CompressionType.GZIP, gzipLevel);
                case "snappy" -> new TargetCompression(CompressionType.SNAPPY, 0);
                case "lz4" -> new TargetCompression(CompressionType.LZ4, lz4Level);
                case "zstd" -> new TargetCompression(CompressionType.ZSTD, zstdLevel);
                default -> throw new IllegalArgumentException("Unknown compression.type " + type);
            };
        }

        /** Whether a produced batch written with {@code source} must be rebuilt in the target codec. */
        public boolean rebuilds(CompressionType source) {
            return codec != null && codec != source;
        }

        /** The kafka-clients codec, with its level, to rebuild batches in. Only when {@link #codec} is set. */
        public Compression compression() {
            return switch (codec) {
                case NONE -> Compression.NONE;
                case GZIP -> Compression.gzip().level(level).build();
                case SNAPPY -> Compression.snappy().build();
                case LZ4 -> Compression.lz4().level(level).build();
                case ZSTD -> Compression.zstd().level(level).build();
            };
        }
    }

    /** With Kafka's default {@link TargetCompression} ({@code producer}). */
    public LogConfig(int segmentBytes, long segmentMs, int segmentIndexBytes, int indexIntervalBytes,
                     long retentionMs, long retentionBytes, int maxMessageBytes, long flushMessages, long flushMs,
                     TimestampType timestampType, long timestampBeforeMaxMs, long timestampAfterMaxMs,
                     long fileDeleteDelayMs, boolean compact, boolean delete, Compaction compaction) {
        this(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, compaction, TargetCompression.producer());
    }

    /** With Kafka's default {@link Compaction} and {@link TargetCompression} settings. */
    public LogConfig(int segmentBytes, long segmentMs, int segmentIndexBytes, int indexIntervalBytes,
                     long retentionMs, long retentionBytes, int maxMessageBytes, long flushMessages, long flushMs,
                     TimestampType timestampType, long timestampBeforeMaxMs, long timestampAfterMaxMs,
                     long fileDeleteDelayMs, boolean compact, boolean delete) {
        this(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, Compaction.defaults(), TargetCompression.producer());
    }

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
                fileDeleteDelayMs, compact, delete, compaction, compression);
    }

    public LogConfig withSegmentMs(long v) {
        return new LogConfig(segmentBytes, v, segmentIndexBytes, indexIntervalBytes, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, compaction, compression);
    }

    public LogConfig withRetention(long ms, long bytes) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, ms, bytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, compaction, compression);
    }

    public LogConfig withMaxMessageBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, v, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, compaction, compression);
    }

    public LogConfig withIndexIntervalBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, v, retentionMs, retentionBytes,
                maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, compaction, compression);
    }

    public LogConfig withTimestampType(TimestampType v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, maxMessageBytes, flushMessages, flushMs, v, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, compact, delete, compaction, compression);
    }

    public LogConfig withCompaction(Compaction v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs,
                timestampAfterMaxMs, fileDeleteDelayMs, compact, delete, v, compression);
    }

    public LogConfig withCompression(TargetCompression v) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs,
                timestampAfterMaxMs, fileDeleteDelayMs, compact, delete, compaction, v);
    }

    /**
     * When the active segment rolls by age: {@code segment.ms}, or {@code max.compaction.lag.ms} if smaller on a
     * compacted log (Kafka's rule), since the active segment is never cleaned and a quiet one would otherwise keep
     * its records uncompacted past that lag.
     */
    public long maxSegmentMs() {
        return compact ? Math.min(segmentMs, compaction.maxCompactionLagMs()) : segmentMs;
    }

    /** {@code cleanup.policy}: whether it contains compact, and delete. */
    public LogConfig withCleanupPolicy(boolean compactPolicy, boolean deletePolicy) {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs,
                retentionBytes, maxMessageBytes, flushMessages, flushMs, timestampType, timestampBeforeMaxMs,
                timestampAfterMaxMs, fileDeleteDelayMs, compactPolicy, deletePolicy, compaction, compression);
    }
}
