package io.samsa.storage.cleaner;

/**
 * A compacted topic's cleaning settings (Kafka's topic config names).
 *
 * @param deleteRetentionMs       {@code delete.retention.ms}: how long a tombstone outlives the clean that first
 *                                keeps it
 * @param minCompactionLagMs      {@code min.compaction.lag.ms}: segments with newer records are not cleaned
 * @param minCleanableDirtyRatio  {@code min.cleanable.dirty.ratio}: the log is cleaned above this dirty share
 */
public record TopicCompaction(long deleteRetentionMs, long minCompactionLagMs, double minCleanableDirtyRatio) {
}
