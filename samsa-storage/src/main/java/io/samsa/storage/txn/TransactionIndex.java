package io.samsa.storage.txn;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code .txnindex} file of a segment: the transactions aborted by ABORT markers in that segment, in marker
 * order, which read_committed fetches use to tell consumers which records to drop.
 *
 * <p>On-disk layout (Kafka's): 34-byte big-endian entries, each version int16 (= 0), producerId int64,
 * firstOffset int64, lastOffset int64, lastStableOffset int64 (see {@link AbortedTxn}). The file is created
 * with the first entry; a segment without aborted transactions has none.
 *
 * <p>The entries are also kept in memory (an immutable list replaced on each change), so fetches read them
 * without a lock and without touching the file; an entry costs 34 bytes and aborts are rare.
 *
 * <p>Crash behaviour: entries are appended without fsync, flushed with the segment. A torn last entry is dropped
 * on open; a segment that is recovered gets its index rebuilt from its markers ({@link #reset}, then the log
 * replays them). Threading: changes under the owning log's lock, reads from any thread.
 */
public final class TransactionIndex implements Closeable {
    public static final String SUFFIX = ".txnindex";
    public static final int ENTRY_SIZE = 2 + 8 + 8 + 8 + 8;
    private static final short VERSION = 0;
    private static final Logger log = LoggerFactory.getLogger(TransactionIndex.class);

    private volatile File file;
    private volatile List<AbortedTxn> entries;
    private FileChannel channel;

    /** Set when the file was unreadable and was emptied: its entries must be replayed from the segment's markers. */
    private boolean lost;

    /**
     * Opens the index in {@code file}, reading its entries if it exists. An unreadable file (an unknown entry
     * version) is emptied rather than failing the log's load; {@link #lostEntries} then tells the loader to replay.
     */
    public TransactionIndex(File file) throws IOException {
        this.file = file;
        List<AbortedTxn> read = List.of();
        if (file.exists()) {
            try {
                read = readEntries(file);
            } catch (IOException e) {
                log.warn("Emptying unreadable transaction index {}: {}", file, e.getMessage());
                Files.delete(file.toPath());
                lost = true;
            }
        }
        this.entries = read;
    }

    /** Whether entries were dropped on open (unreadable file) and must be rebuilt from the segment's markers. */
    public boolean lostEntries() {
        return lost;
    }

    private static List<AbortedTxn> readEntries(File file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file.toPath()));
        List<AbortedTxn> read = new ArrayList<>(buf.remaining() / ENTRY_SIZE);
        while (buf.remaining() >= ENTRY_SIZE) {
            short version = buf.getShort();
            if (version != VERSION) {
                throw new IOException("Unknown transaction index entry version " + version + " in " + file);
            }
            read.add(new AbortedTxn(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong()));
        }
        if (buf.hasRemaining()) {
            // A torn write: the entry will be rebuilt if the segment is recovered, so drop the fragment.
            log.warn("Dropping {} trailing bytes of {}", buf.remaining(), file);
            try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
                ch.truncate((long) read.size() * ENTRY_SIZE);
            }
        }
        return List.copyOf(read);
    }

    public File file() {
        return file;
    }

    /** Every entry, oldest first. */
    public List<AbortedTxn> allAbortedTxns() {
        return entries;
    }

    /** Offset of the newest marker in the index, or -1. */
    public long lastMarkerOffset() {
        List<AbortedTxn> e = entries;
        return e.isEmpty() ? -1L : e.get(e.size() - 1).lastOffset();
    }

    /**
     * Appends an entry. Markers come in offset order; an entry at or below the newest one is already there (a
     * replay after a restart) and is skipped. Returns whether it was appended.
     */
    public boolean append(AbortedTxn txn) throws IOException {
        if (txn.lastOffset() <= lastMarkerOffset()) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_SIZE);
        buf.putShort(VERSION);
        buf.putLong(txn.producerId());
        buf.putLong(txn.firstOffset());
        buf.putLong(txn.lastOffset());
        buf.putLong(txn.lastStableOffset());
        buf.flip();
        FileChannel ch = channel();
        long position = ch.size();
        while (buf.hasRemaining()) {
            position += ch.write(buf, position);
        }
        List<AbortedTxn> next = new ArrayList<>(entries);
        next.add(txn);
        entries = List.copyOf(next);
        return true;
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        return channel;
    }

    /**
     * Adds to {@code into} the aborted transactions that overlap [{@code fetchOffset}, {@code upperBoundOffset}).
     * Returns true when no later segment can hold more: an entry's last stable offset reached the upper bound.
     */
    public boolean collectAbortedTxns(long fetchOffset, long upperBoundOffset, List<AbortedTxn> into) {
        for (AbortedTxn txn : entries) {
            if (txn.lastOffset() >= fetchOffset && txn.firstOffset() < upperBoundOffset) {
                into.add(txn);
            }
            if (txn.lastStableOffset() >= upperBoundOffset) {
                return true;
            }
        }
        return false;
    }

    /** Removes the entries whose marker is at or after {@code offset} (the log was truncated there). */
    public void truncateTo(long offset) throws IOException {
        List<AbortedTxn> e = entries;
        int keep = 0;
        while (keep < e.size() && e.get(keep).lastOffset() < offset) {
            keep++;
        }
        if (keep == e.size()) {
            return;
        }
        entries = List.copyOf(e.subList(0, keep));
        if (file.exists()) {
            channel().truncate((long) keep * ENTRY_SIZE);
        }
    }

    /** Empties the index (its segment is being recovered and its markers replayed). */
    public void reset() throws IOException {
        truncateTo(Long.MIN_VALUE);
    }

    public void flush() throws IOException {
        if (channel != null) {
            channel.force(true);
        }
    }

    /** Renames the file if it exists; an open handle keeps working. */
    public void renameTo(File target) throws IOException {
        try {
            if (file.exists()) {
                Utils.atomicMoveWithFallback(file.toPath(), target.toPath(), false);
            }
        } finally {
            file = target;
        }
    }

    /** The partition directory was renamed. */
    public void updateParentDir(File dir) {
        file = new File(dir, file.getName());
    }

    public void deleteIfExists() throws IOException {
        close();
        Files.deleteIfExists(file.toPath());
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
