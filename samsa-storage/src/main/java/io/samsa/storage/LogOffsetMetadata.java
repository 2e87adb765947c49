package io.samsa.storage;

/**
 * Where an offset lives: the segment holding it and the byte position of its batch in that segment. The log
 * publishes its end as one of these (through a volatile field) after each append, so a reader learns the end
 * offset and the number of bytes it may read from the active segment in one consistent step.
 *
 * @param messageOffset             the offset
 * @param segmentBaseOffset         base offset of the segment where it is (or would be) written
 * @param relativePositionInSegment byte position in that segment
 */
record LogOffsetMetadata(long messageOffset, long segmentBaseOffset, int relativePositionInSegment) {
}
