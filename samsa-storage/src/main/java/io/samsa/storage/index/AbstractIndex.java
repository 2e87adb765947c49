package io.samsa.storage.index;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.utils.ByteBufferUnmapper;
import org.apache.kafka.common.utils.Utils;

/**
 * A sorted array of fixed-size entries in a memory-mapped file, keyed by offset relative to the segment's base
 * offset. The common part of {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>Layout: {@code entries * entrySize} bytes of entries, sorted by both key and value, then (for the active
 * segment) zeros up to the preallocated length ({@code segment.index.bytes} rounded down to a whole entry).
 * The file is trimmed to exactly its entries when its segment stops being active and on close, so on open the
 * number of entries is the file length divided by the entry size.
 *
 * <p>Mapping is lazy: opening an index only looks at its length, so a broker with many segments does not map
 * thousands of files at start-up (each mapping costs a kernel VMA, capped by {@code vm.max_map_count}).
 * Sanity checks at start-up read the first and last entry with a plain positional read instead. Creating is lazy
 * too, as Kafka's lazy indexes are: a new index's file appears when its first entry is written, so a topic of
 * thousands of partitions does not cost two files per partition that most of them may never need. An index that
 * never got an entry leaves no file; the log loader rebuilds a missing index from its (then small) segment.
 *
 * <p>Crash behaviour: an index is derived data. After an unclean stop it may be untrimmed (trailing zeros) or
 * stale; the log recovery rebuilds the indexes of every segment from the recovery point on, and a failed
 * {@link #sanityCheck} makes the owner rebuild it.
 *
 * <p>Threading: mutations (append, truncate, resize, close) take this index's lock; lookups take no lock. A
 * lookup reads the volatile entry count before the volatile mapping, and a writer fills an entry before
 * publishing the new count, so a lookup only ever sees complete entries. Resizing maps the file anew and leaves
 * the old mapping to the garbage collector, because a concurrent lookup may still be reading it; only
 * {@link #close} and {@link #deleteIfExists} unmap eagerly, when no reader can hold the segment any more.
 */
public abstract class AbstractIndex implements Closeable {
    private static final int PAGE_SIZE = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final long baseOffset;
    private final int entrySize;
    private volatile File file;
    /** Current length of the file in bytes; a multiple of the entry size. */
    private volatile int length;
    /** Null until first needed, and after close. */
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    private volatile boolean closed;
    /** False for a new index until its file is first mapped; the file then gets {@link #length} bytes. */
    private volatile boolean fileCreated;
    /**
     * Leading bytes of the file known to be in the page cache rather than a hole, so that a mapped write below
     * this never faults on one. Always at least the bytes of the entries. Under the lock.
     */
    private int populatedBytes;

    /**
     * Opens the index file. If it does not exist, the index starts empty with room for {@code maxIndexSize}
     * bytes (rounded down to whole entries) and the file is created when first needed. An existing file keeps
     * its length: resize it with {@link #resize} to make room.
     */
    protected AbstractIndex(File file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        if (!file.exists()) {
            this.length = roundDown(maxIndexSize);
            this.entries = 0;
        } else {
            this.fileCreated = true;
            long fileLength = file.length();
            if (fileLength > Integer.MAX_VALUE) {
                throw new CorruptIndexException("Index file " + file + " is larger than 2 GiB: " + fileLength);
            }
            this.length = (int) fileLength;
            this.entries = (int) fileLength / entrySize;
            this.populatedBytes = (int) fileLength;
        }
    }

    public File file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int entries() {
        return entries;
    }

    public int maxEntries() {
        return length / entrySize;
    }

    /** The length of the file in bytes (preallocated for the active segment, trimmed otherwise). */
    public int sizeInBytes() {
        return length;
    }

    public boolean isFull() {
        return entries >= maxEntries();
    }

    /** Bytes used by the entries, which is what the file is trimmed to. */
    public int validBytes() {
        return entries * entrySize;
    }

    /** Rounds down to a whole number of entries. */
    protected final int roundDown(int bytes) {
        return Math.max(0, bytes) / entrySize * entrySize;
    }

    /** Relative offset of {@code offset} in this segment; throws if it does not fit the 4-byte field. */
    protected final int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " does not fit in the index of segment "
                    + baseOffset + " (" + file + ")");
        }
        return (int) relative;
    }

    /** The mapping, created on first use. Callers must read {@link #entries} before calling this. */
    protected final ByteBuffer buffer() {
        MappedByteBuffer m = mmap;
        if (m != null) {
            return m;
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("Index " + file + " is closed");
            }
            if (mmap == null) {
                createFileIfNeeded();
                mmap = map(length);
            }
            return mmap;
        } catch (IOException e) {
            throw new org.apache.kafka.common.errors.KafkaStorageException("Failed to map index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The mapping, for writing the entry in {@code slot}; called by mutations, under the lock.
     *
     * <p>The preallocated part of an index file is a hole. The first write fault on a hole page makes the kernel
     * read around it, allocating and zeroing a read-ahead window of pages (128 KiB by default) for the sake of one
     * entry: with thousands of partitions that was most of the broker's CPU. So each page is put in the page
     * cache with a plain write of zeros just before its first entry is written through the mapping.
     */
    protected final ByteBuffer writableBuffer(int slot) {
        ByteBuffer buf = buffer();
        int end = (slot + 1) * entrySize;
        if (end > populatedBytes) {
            int to = (int) Math.min(length, (end + PAGE_SIZE - 1L) / PAGE_SIZE * PAGE_SIZE);
            try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(to - populatedBytes);
                while (zeros.hasRemaining()) {
                    channel.write(zeros, populatedBytes + zeros.position());
                }
            } catch (IOException e) {
                throw new org.apache.kafka.common.errors.KafkaStorageException("Failed to write index " + file, e);
            }
            populatedBytes = to;
        }
        return buf;
    }

    /** Creates the file of a new index with its current length. Under the lock. */
    private void createFileIfNeeded() throws IOException {
        if (!fileCreated) {
            try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                raf.setLength(length);
            }
            fileCreated = true;
        }
    }

    private MappedByteBuffer map(int size) throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    /**
     * Runs a mutation under the lock. The action returns the new entry count, published after it ran.
     */
    protected final void mutate(MutationAction action) {
        lock.lock();
        try {
            entries = action.apply(entries);
        } finally {
            lock.unlock();
        }
    }

    /** A mutation of the entries: gets the current count, writes through {@link #buffer()}, returns the new count. */
    @FunctionalInterface
    protected interface MutationAction {
        int apply(int currentEntries);
    }

    /** Drops every entry whose slot is at or after {@code slot}. */
    protected final void truncateToEntries(int slot) {
        mutate(n -> Math.min(n, Math.max(0, slot)));
    }

    /** Drops all entries (the file keeps its length). */
    public void reset() {
        truncateToEntries(0);
    }

    /**
     * Changes the file length to {@code newSize} (rounded down to whole entries, never below the entries in use)
     * and maps it anew if it was mapped. Returns true if the length changed.
     */
    public boolean resize(int newSize) throws IOException {
        lock.lock();
        try {
            int size = Math.max(roundDown(newSize), entries * entrySize);
            if (size == length) {
                return false;
            }
            if (!fileCreated) {
                length = size; // the file will get this length when first needed
                return true;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                raf.setLength(size);
            }
            length = size;
            populatedBytes = Math.min(populatedBytes, size);
            if (mmap != null) {
                // The old mapping is not unmapped: a lock-free lookup may still be reading it.
                mmap = map(size);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Trims the file to its entries; done when the segment stops being active. */
    public void trimToValidSize() throws IOException {
        resize(entries * entrySize);
    }

    /** Forces the mapped entries to disk. */
    public void flush() {
        MappedByteBuffer m = mmap;
        if (m != null) {
            m.force();
        }
    }

    /**
     * Finds the slot of the largest entry whose key (or value, if {@code byValue}) is at most {@code target}, or
     * -1 if there is none. Both keys and values increase with the slot.
     */
    protected final int largestLowerBoundSlot(ByteBuffer buf, int n, long target, boolean byValue) {
        if (n == 0 || read(buf, 0, byValue) > target) {
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (read(buf, mid, byValue) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Finds the first slot whose key (or value) is at least {@code target}; {@code n} if none. */
    protected final int smallestUpperBoundSlot(ByteBuffer buf, int n, long target, boolean byValue) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (read(buf, mid, byValue) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private long read(ByteBuffer buf, int slot, boolean byValue) {
        return byValue ? value(buf, slot) : key(buf, slot);
    }

    /** The absolute key of the entry in {@code slot}. */
    protected abstract long key(ByteBuffer buf, int slot);

    /** The absolute value of the entry in {@code slot}. */
    protected abstract long value(ByteBuffer buf, int slot);

    /** The number of entries a lookup may read: bounded by the count and by the buffer it got. */
    protected final int readableEntries(int n, ByteBuffer buf) {
        return Math.min(n, buf.limit() / entrySize);
    }

    /**
     * Reads entries {@code 0} and {@code n - 1} without mapping the file (start-up sanity checks).
     * Returns null if the index is empty.
     */
    protected final ByteBuffer[] readFirstAndLastEntry() throws IOException {
        int n = entries;
        if (n == 0) {
            return null;
        }
        MappedByteBuffer m = mmap;
        if (m != null) {
            return new ByteBuffer[] {m.duplicate().position(0).limit(entrySize).slice(),
                m.duplicate().position((n - 1) * entrySize).limit(n * entrySize).slice()};
        }
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            ByteBuffer first = ByteBuffer.allocate(entrySize);
            Utils.readFullyOrFail(channel, first, 0, "index entry");
            ByteBuffer last = ByteBuffer.allocate(entrySize);
            Utils.readFullyOrFail(channel, last, (long) (n - 1) * entrySize, "index entry");
            return new ByteBuffer[] {first.flip(), last.flip()};
        }
    }

    /**
     * Checks the file without mapping it: whole entries only, first and last entry consistent. Throws
     * {@link CorruptIndexException} describing the problem.
     */
    public abstract void sanityCheck() throws IOException;

    protected final void checkLengthIsWholeEntries() {
        if (length % entrySize != 0) {
            throw new CorruptIndexException("Index file " + file + " has length " + length
                    + " which is not a multiple of the entry size " + entrySize);
        }
    }

    /** Renames the file; an existing mapping keeps working. */
    public void renameTo(File target) throws IOException {
        lock.lock();
        try {
            if (fileCreated && file.exists()) {
                Utils.atomicMoveWithFallback(file.toPath(), target.toPath(), false);
            }
            file = target;
        } finally {
            lock.unlock();
        }
    }

    /** The directory holding the file was renamed: point at the same file name in {@code dir}. */
    public void updateParentDir(File dir) {
        file = new File(dir, file.getName());
    }

    /** Trims the file to its entries and unmaps it. No lookup may run concurrently or afterwards. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            unmap();
            closed = true;
            int valid = entries * entrySize;
            if (!fileCreated) {
                length = valid;
            } else if (length != valid && file.exists()) {
                try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                    raf.setLength(valid);
                }
                length = valid;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Unmaps and deletes the file. No lookup may run concurrently or afterwards. */
    public boolean deleteIfExists() throws IOException {
        lock.lock();
        try {
            unmap();
            closed = true;
            return Files.deleteIfExists(file.toPath());
        } finally {
            lock.unlock();
        }
    }

    private void unmap() throws IOException {
        MappedByteBuffer m = mmap;
        mmap = null;
        if (m != null) {
            ByteBufferUnmapper.unmap(file.getAbsolutePath(), m);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(file=" + file + ", entries=" + entries + ", maxEntries="
                + maxEntries() + ")";
    }
}
