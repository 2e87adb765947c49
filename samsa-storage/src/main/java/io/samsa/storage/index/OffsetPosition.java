package io.samsa.storage.index;

/**
 * An offset-index entry: the batch whose last offset is {@code offset} starts at byte {@code position} of the
 * segment's {@code .log} file.
 *
 * @param offset   absolute offset
 * @param position byte position in the segment file
 */
public record OffsetPosition(long offset, int position) {
}
