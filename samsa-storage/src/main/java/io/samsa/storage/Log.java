package io.samsa.storage;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * One partition's log: an ordered list of segments. API CONTRACT (stub, to be implemented).
 *
 * <p>Thread-safety: appends, truncation, retention and config changes are serialized on an internal lock;
 * {@link #read} may run concurrently with an append and sees only fully appended batches.
 */
public final class Log implements Closeable {

    /** Opens the log in {@code params.dir()}, recovering it if needed (see {@link LogParams}). */
    public static Log open(LogParams params) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public TopicPartition topicPartition() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Validates and appends batches produced by a client, assigning offsets.
     * Throws (kafka-clients {@code ApiException}s, so the handler maps them with {@code Errors.forException}):
     * CorruptRecordException (bad CRC, bad sizes, magic != 2, not whole batches) — nothing appended;
     * RecordBatchTooLargeException/RecordTooLargeException when a batch exceeds {@code max.message.bytes};
     * InvalidTimestampException; InvalidRecordException;
     * OutOfOrderSequenceException, InvalidProducerEpochException, UnknownProducerIdException for idempotence.
     * A retried idempotent batch (one of the last five per producer) returns the original offsets with duplicate=true.
     */
    public LogAppendInfo appendAsLeader(MemoryRecords records, int leaderEpoch) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Reads whole batches starting with the one that contains {@code startOffset}, up to {@code maxBytes},
     * and never at or beyond {@code maxOffsetExclusive} (the high watermark for consumers).
     * With {@code minOneMessage}, the first batch is returned even if larger than maxBytes (KIP-74).
     * Throws OffsetOutOfRangeException if startOffset is below the log start offset or above the log end offset.
     */
    public FetchDataInfo read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * ListOffsets: -2 earliest (log start offset), -1 latest (log end offset), -3 max timestamp (KIP-734),
     * otherwise the first offset whose timestamp is at or after {@code timestamp}. Empty if none.
     */
    public Optional<FileRecords.TimestampAndOffset> fetchOffsetByTimestamp(long timestamp) {
        throw new UnsupportedOperationException("TODO");
    }

    public long logStartOffset() {
        throw new UnsupportedOperationException("TODO");
    }

    public long logEndOffset() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The high watermark (set by replication; for a single replica it follows the log end offset). */
    public long highWatermark() {
        throw new UnsupportedOperationException("TODO");
    }

    public void updateHighWatermark(long hw) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Offset up to which the log is known flushed (for the recovery-point checkpoint). */
    public long recoveryPoint() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * DeleteRecords: moves the log start offset to {@code offset} (must be &lt;= high watermark, else
     * OffsetOutOfRangeException) and deletes segments entirely below it. Returns the new log start offset.
     */
    public long deleteRecordsBefore(long offset) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Deletes whole segments past retention.ms / beyond retention.bytes (never the active one). Returns how many. */
    public int deleteRetentionExceededSegments() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Rolls the active segment if segment.ms elapsed, and fsyncs if flush.ms elapsed. Called periodically. */
    public void maybeRollOrFlush() {
        throw new UnsupportedOperationException("TODO");
    }

    public void flush() {
        throw new UnsupportedOperationException("TODO");
    }

    public LogConfig config() {
        throw new UnsupportedOperationException("TODO");
    }

    public void updateConfig(LogConfig config) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Total bytes of all segment .log files. */
    public long sizeInBytes() {
        throw new UnsupportedOperationException("TODO");
    }

    public int numberOfSegments() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Flushes, writes the producer-state snapshot, closes files. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Closes and removes all files of this log. */
    public void delete() {
        throw new UnsupportedOperationException("TODO");
    }
}
