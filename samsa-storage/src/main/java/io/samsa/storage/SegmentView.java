package io.samsa.storage;

import org.apache.kafka.common.record.FileRecords;

/**
 * A read-only handle on one non-active segment of a log, for the log cleaner: it reads the segment's batches
 * and later asks {@link Log#replaceSegments} to replace the segment, which refuses if the log no longer holds
 * this very segment (identity, not base offset: retention or truncation may have replaced it meanwhile).
 *
 * <p>Reading is lock-free; the files of a non-active segment do not change until it leaves the log, and stay
 * readable for {@code file.delete.delay.ms} after that.
 */
public final class SegmentView {
    private final LogSegment segment;

    SegmentView(LogSegment segment) {
        this.segment = segment;
    }

    LogSegment segment() {
        return segment;
    }

    public long baseOffset() {
        return segment.baseOffset();
    }

    /** Size of the {@code .log} file in bytes. */
    public int sizeInBytes() {
        return segment.size();
    }

    /** The segment's batches. */
    public FileRecords records() {
        return segment.records();
    }

    /** Largest batch timestamp, or the file's modification time if none is known. */
    public long largestTimestamp() {
        return segment.largestTimestamp();
    }

    /** The first batch's max timestamp, or -1 if none ({@code max.compaction.lag.ms} counts from it). */
    public long firstBatchTimestamp() {
        return segment.firstBatchTimestamp();
    }

    /** Modification time of the {@code .log} file. */
    public long lastModified() {
        return segment.lastModified();
    }

    @Override
    public String toString() {
        return segment.toString();
    }
}
