package io.samsa.storage.index;

/**
 * A time-index entry: {@code timestamp} is the largest timestamp in the segment up to and including the batch
 * whose last offset is {@code offset}.
 *
 * @param timestamp milliseconds, or -1 (no timestamp) for the "nothing found" answer
 * @param offset    absolute offset
 */
public record TimestampOffset(long timestamp, long offset) {
}
