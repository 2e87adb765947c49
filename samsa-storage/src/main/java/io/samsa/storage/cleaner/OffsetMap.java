package io.samsa.storage.cleaner;

import java.nio.ByteBuffer;

/**
 * Key → latest offset, filled by the first pass of a clean and read by the second. Bounded: {@link #isFull}
 * tells the first pass to stop. Owned by one cleaner thread; not thread-safe.
 */
public interface OffsetMap {
    /** Records {@code offset} as the latest of {@code key} (offsets are put in increasing order). */
    void put(ByteBuffer key, long offset);

    /** The latest offset put for {@code key}, or -1. */
    long get(ByteBuffer key);

    /** Entries that may still be put before the map counts as full. */
    int remainingCapacity();

    int size();

    /** The last offset of the mapped range: records above it were not looked at. */
    long latestOffset();

    void updateLatestOffset(long offset);

    /** Share of the usable entries taken, 0 to 1. */
    double utilization();

    void clear();
}
