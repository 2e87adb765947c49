package io.samsa.storage.index;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@code .timeindex} file of a segment: a sparse map from timestamp to offset, for ListOffsets by time and
 * for time-based retention.
 *
 * <p>On-disk layout (Kafka's): 12-byte entries, each an 8-byte timestamp and the 4-byte offset, relative to
 * the segment's base offset, of the batch where that timestamp became the segment's largest so far. Both
 * columns strictly increase: an entry is only added when the largest timestamp grew. Entries are added next to
 * offset-index entries, plus one final entry when the segment stops being active or is closed, so the last
 * entry always holds the segment's largest timestamp. One slot is kept free for that final entry: the index
 * counts as full one entry early.
 *
 * <p>Crash behaviour and threading: see {@link AbstractIndex}.
 */
public final class TimeIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 12;

    public TimeIndex(File file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /**
     * The entry with the largest timestamp at most {@code targetTimestamp}, or (-1, base offset) if there is
     * none. Every batch before the returned offset's batch has only smaller timestamps.
     */
    public TimestampOffset lookup(long targetTimestamp) {
        int n = entries();
        if (n == 0) {
            return new TimestampOffset(-1L, baseOffset());
        }
        ByteBuffer buf = buffer();
        n = readableEntries(n, buf);
        int slot = largestLowerBoundSlot(buf, n, targetTimestamp, false);
        return slot < 0 ? new TimestampOffset(-1L, baseOffset()) : entry(buf, slot);
    }

    /** The last entry (the largest timestamp), or (-1, base offset) if the index is empty. */
    public TimestampOffset lastEntry() {
        int n = entries();
        if (n == 0) {
            return new TimestampOffset(-1L, baseOffset());
        }
        ByteBuffer buf = buffer();
        return entry(buf, readableEntries(n, buf) - 1);
    }

    public TimestampOffset entry(int slot) {
        int n = entries();
        if (slot < 0 || slot >= n) {
            throw new IllegalArgumentException("Slot " + slot + " out of range [0, " + n + ") in " + this);
        }
        return entry(buffer(), slot);
    }

    private TimestampOffset entry(ByteBuffer buf, int slot) {
        return new TimestampOffset(key(buf, slot), value(buf, slot));
    }

    /**
     * Appends (timestamp, offset) if the timestamp is larger than the last entry's. With
     * {@code skipFullCheck} the slot reserved for the final entry may be used. Returns whether it appended;
     * a full index (even with the reserved slot used) appends nothing.
     */
    public boolean maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        if (timestamp < 0) {
            return false;
        }
        int relative = relativeOffset(offset);
        boolean[] appended = new boolean[1];
        mutate(n -> {
            if (n >= maxEntries() || (!skipFullCheck && n >= maxEntries() - 1)) {
                return n;
            }
            ByteBuffer buf = writableBuffer(n);
            if (n > 0) {
                if (timestamp <= key(buf, n - 1)) {
                    return n;
                }
                if (offset < value(buf, n - 1)) {
                    throw new IllegalArgumentException("Time index entry (" + timestamp + ", " + offset
                            + ") has a smaller offset than the last entry " + entry(buf, n - 1) + " in " + this);
                }
            }
            buf.putLong(n * ENTRY_SIZE, timestamp);
            buf.putInt(n * ENTRY_SIZE + 8, relative);
            appended[0] = true;
            return n + 1;
        });
        return appended[0];
    }

    /** Removes every entry whose offset is at least {@code offset}. */
    public void truncateTo(long offset) {
        int n = entries();
        if (n == 0) {
            return;
        }
        ByteBuffer buf = buffer();
        truncateToEntries(smallestUpperBoundSlot(buf, readableEntries(n, buf), offset, true));
    }

    /**
     * Checks the file without mapping it and returns its last entry (the segment's largest timestamp), or
     * (-1, base offset) if empty.
     */
    public TimestampOffset sanityCheckAndReadLast() throws IOException {
        checkLengthIsWholeEntries();
        ByteBuffer[] firstAndLast = readFirstAndLastEntry();
        if (firstAndLast == null) {
            return new TimestampOffset(-1L, baseOffset());
        }
        long firstTimestamp = firstAndLast[0].getLong(0);
        long lastTimestamp = firstAndLast[1].getLong(0);
        long firstRelative = firstAndLast[0].getInt(8) & 0xFFFFFFFFL;
        long lastRelative = firstAndLast[1].getInt(8) & 0xFFFFFFFFL;
        if (lastRelative > Integer.MAX_VALUE || firstTimestamp < 0) {
            throw new CorruptIndexException("Corrupt time index " + file() + ": negative offset or timestamp");
        }
        if (entries() > 1 && (lastTimestamp <= firstTimestamp || lastRelative < firstRelative)) {
            // Also catches an untrimmed file: trailing zero entries are not after the first entry.
            throw new CorruptIndexException("Corrupt time index " + file() + ": last entry (" + lastTimestamp
                    + ", " + lastRelative + ") is not after the first (" + firstTimestamp + ", " + firstRelative + ")");
        }
        return new TimestampOffset(lastTimestamp, baseOffset() + lastRelative);
    }

    @Override
    public void sanityCheck() throws IOException {
        sanityCheckAndReadLast();
    }

    @Override
    protected long key(ByteBuffer buf, int slot) {
        return buf.getLong(slot * ENTRY_SIZE);
    }

    @Override
    protected long value(ByteBuffer buf, int slot) {
        return baseOffset() + buf.getInt(slot * ENTRY_SIZE + 8);
    }
}
