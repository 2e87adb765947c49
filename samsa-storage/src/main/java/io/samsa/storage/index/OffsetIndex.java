package io.samsa.storage.index;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@code .index} file of a segment: a sparse map from offset to the byte position of the batch holding it.
 *
 * <p>On-disk layout (Kafka's): 8-byte entries, each a 4-byte offset relative to the segment's base offset (the
 * last offset of a batch) and the 4-byte position of that batch in the {@code .log} file, both big-endian and
 * strictly increasing. An entry is added when more than {@code index.interval.bytes} were appended since the
 * previous one, so finding an offset costs one binary search plus a scan of at most that many bytes.
 *
 * <p>Crash behaviour and threading: see {@link AbstractIndex}. Appends come from the log's appending thread
 * (under the log's lock); lookups from any thread.
 */
public final class OffsetIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 8;

    public OffsetIndex(File file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * The entry with the largest offset at most {@code targetOffset}, or (base offset, 0) if there is none: the
     * position from which a forward scan finds the batch holding {@code targetOffset}.
     */
    public OffsetPosition lookup(long targetOffset) {
        int n = entries();
        if (n == 0) {
            return new OffsetPosition(baseOffset(), 0);
        }
        ByteBuffer buf = buffer();
        n = readableEntries(n, buf);
        int slot = largestLowerBoundSlot(buf, n, targetOffset, false);
        return slot < 0 ? new OffsetPosition(baseOffset(), 0) : entry(buf, slot);
    }

    /**
     * The entry with the largest position at most {@code position}, or (base offset, 0) if there is none: the
     * closest indexed batch start at or before a byte limit.
     */
    public OffsetPosition lookupByPosition(int position) {
        int n = entries();
        if (n == 0) {
            return new OffsetPosition(baseOffset(), 0);
        }
        ByteBuffer buf = buffer();
        n = readableEntries(n, buf);
        int slot = largestLowerBoundSlot(buf, n, position, true);
        return slot < 0 ? new OffsetPosition(baseOffset(), 0) : entry(buf, slot);
    }

    /** The last entry, or (base offset, 0) if the index is empty. */
    public OffsetPosition lastEntry() {
        int n = entries();
        if (n == 0) {
            return new OffsetPosition(baseOffset(), 0);
        }
        ByteBuffer buf = buffer();
        return entry(buf, readableEntries(n, buf) - 1);
    }

    public OffsetPosition entry(int slot) {
        int n = entries();
        if (slot < 0 || slot >= n) {
            throw new IllegalArgumentException("Slot " + slot + " out of range [0, " + n + ") in " + this);
        }
        return entry(buffer(), slot);
    }

    private OffsetPosition entry(ByteBuffer buf, int slot) {
        return new OffsetPosition(key(buf, slot), (int) value(buf, slot));
    }

    /**
     * Appends an entry. The offset must be larger than the last one, the position at least the last one.
     * Throws IllegalStateException if the index is full.
     */
    public void append(long offset, int position) {
        int relative = relativeOffset(offset);
        mutate(n -> {
            if (n >= maxEntries()) {
                throw new IllegalStateException("Attempt to append to a full index " + this);
            }
            ByteBuffer buf = writableBuffer(n);
            if (n > 0 && (offset <= key(buf, n - 1) || position < value(buf, n - 1))) {
                throw new IllegalArgumentException("Entry (" + offset + ", " + position
                        + ") is not after the last entry " + entry(buf, n - 1) + " in " + this);
            }
            buf.putInt(n * ENTRY_SIZE, relative);
            buf.putInt(n * ENTRY_SIZE + 4, position);
            return n + 1;
        });
    }

    /** Removes every entry whose offset is at least {@code offset}. */
    public void truncateTo(long offset) {
        int n = entries();
        if (n == 0) {
            return;
        }
        ByteBuffer buf = buffer();
        truncateToEntries(smallestUpperBoundSlot(buf, readableEntries(n, buf), offset, false));
    }

    /**
     * Checks the file without mapping it. {@code logSize} is the size of the segment's log file: no entry may
     * point beyond it.
     */
    public void sanityCheck(long logSize) throws IOException {
        checkLengthIsWholeEntries();
        ByteBuffer[] firstAndLast = readFirstAndLastEntry();
        if (firstAndLast == null) {
            return;
        }
        long firstRelative = firstAndLast[0].getInt(0) & 0xFFFFFFFFL;
        long lastRelative = firstAndLast[1].getInt(0) & 0xFFFFFFFFL;
        int firstPosition = firstAndLast[0].getInt(4);
        int lastPosition = firstAndLast[1].getInt(4);
        if (lastRelative > Integer.MAX_VALUE || firstPosition < 0 || lastPosition < 0) {
            throw new CorruptIndexException("Corrupt offset index " + file() + ": negative offset or position");
        }
        if (entries() > 1 && (lastRelative <= firstRelative || lastPosition <= firstPosition)) {
            // Also catches an untrimmed file: trailing zero entries are not after the first entry.
            throw new CorruptIndexException("Corrupt offset index " + file() + ": last entry (" + lastRelative
                    + ", " + lastPosition + ") is not after the first (" + firstRelative + ", " + firstPosition + ")");
        }
        if (lastPosition >= logSize) {
            throw new CorruptIndexException("Corrupt offset index " + file() + ": last entry points at position "
                    + lastPosition + " but the log has only " + logSize + " bytes");
        }
    }

    @Override
    public void sanityCheck() throws IOException {
        sanityCheck(Long.MAX_VALUE);
    }

    @Override
    protected long key(ByteBuffer buf, int slot) {
        return baseOffset() + buf.getInt(slot * ENTRY_SIZE);
    }

    @Override
    protected long value(ByteBuffer buf, int slot) {
        return buf.getInt(slot * ENTRY_SIZE + 4);
    }
}
