package io.samsa.storage;

/**
 * Where an offset lives: the segment holding it and the byte position of its batch in that segment. The log
 * publishes its end as one of these (through a volatile field) after each append, so a reader learns the end
 * offset and the number of bytes it may read from the active segment in one consistent step. Replication keeps
 * the positions of followers' log ends and of the high watermark in this form, so "how many bytes became
 * visible" is a subtraction.
 *
 * @param messageOffset             the offset
 * @param segmentBaseOffset         base offset of the segment where it is (or would be) written, -1 if unknown
 * @param relativePositionInSegment byte position in that segment, -1 if unknown
 */
public record LogOffsetMetadata(long messageOffset, long segmentBaseOffset, int relativePositionInSegment) {
    /** An offset whose place in the log is not known. */
    public static final LogOffsetMetadata UNKNOWN = new LogOffsetMetadata(-1L, -1L, -1);

    /** Only the offset is known. */
    public static LogOffsetMetadata offsetOnly(long offset) {
        return new LogOffsetMetadata(offset, -1L, -1);
    }

    public boolean positionKnown() {
        return segmentBaseOffset >= 0 && relativePositionInSegment >= 0;
    }

    public boolean onSameSegment(LogOffsetMetadata other) {
        return positionKnown() && other.positionKnown() && segmentBaseOffset == other.segmentBaseOffset;
    }

    /**
     * Bytes from {@code earlier} to this position when both are on the same segment; otherwise
     * {@code Integer.MAX_VALUE} if this is on a later segment (at least a segment's worth became visible), or 0.
     */
    public int bytesAfter(LogOffsetMetadata earlier) {
        if (messageOffset <= earlier.messageOffset) {
            return 0;
        }
        if (onSameSegment(earlier)) {
            return Math.max(0, relativePositionInSegment - earlier.relativePositionInSegment);
        }
        return Integer.MAX_VALUE;
    }
}
