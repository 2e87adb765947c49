package io.samsa.storage.txn;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transactions of one partition that keep its last stable offset down: those still open (a transactional
 * batch without its marker yet) and those whose marker is written but not yet below the high watermark (Kafka
 * keeps a completed transaction unstable until its marker is replicated, so a consumer never reads past a marker
 * that a new leader might not have).
 *
 * <p>The first offset of the earliest of them is the partition's first unstable offset; the last stable offset
 * is that offset, or the high watermark if it is lower or there is none.
 *
 * <p>Owned by the producer state (which rebuilds it with its snapshots and on truncation). Thread-safe: changes
 * come under the log's lock, while the high watermark moves and fetches read the first unstable offset from
 * other threads.
 */
public final class TransactionTracker {
    /** No transaction keeps the offsets unstable. */
    public static final long NONE = -1L;

    /** First offset to producer id, for open transactions. */
    private final TreeMap<Long, Long> ongoing = new TreeMap<>();
    /** First offset to the completed transaction, until the high watermark passes its marker. */
    private final TreeMap<Long, CompletedTxn> unreplicated = new TreeMap<>();

    /** A producer's first transactional batch at {@code firstOffset} opened a transaction. */
    public synchronized void start(long producerId, long firstOffset) {
        ongoing.put(firstOffset, producerId);
    }

    /**
     * The partition's last stable offset right after {@code txn}'s marker: the first offset of another open
     * transaction, else the offset after the marker. Stored in the aborted-transaction index.
     */
    public synchronized long lastStableOffsetAfter(CompletedTxn txn) {
        for (Map.Entry<Long, Long> e : ongoing.entrySet()) {
            if (e.getValue() != txn.producerId()) {
                return e.getKey();
            }
        }
        return txn.lastOffset() + 1;
    }

    /** The marker of {@code txn} was written: it stays unstable until the high watermark passes the marker. */
    public synchronized void complete(CompletedTxn txn) {
        ongoing.remove(txn.firstOffset());
        unreplicated.put(txn.firstOffset(), txn);
    }

    /** Completed transactions whose marker is below {@code highWatermark} become stable. */
    public synchronized void onHighWatermarkUpdated(long highWatermark) {
        for (Iterator<CompletedTxn> it = unreplicated.values().iterator(); it.hasNext(); ) {
            if (it.next().lastOffset() < highWatermark) {
                it.remove();
            }
        }
    }

    /** First offset of the earliest open or unreplicated transaction, or {@link #NONE}. */
    public synchronized long firstUnstableOffset() {
        long first = ongoing.isEmpty() ? Long.MAX_VALUE : ongoing.firstKey();
        if (!unreplicated.isEmpty()) {
            first = Math.min(first, unreplicated.firstKey());
        }
        return first == Long.MAX_VALUE ? NONE : first;
    }

    /** The partition's last stable offset given its high watermark. */
    public long lastStableOffset(long highWatermark) {
        long first = firstUnstableOffset();
        return first == NONE ? highWatermark : Math.min(first, highWatermark);
    }

    /** How many transactions are open (for tests and DescribeProducers consistency checks). */
    public synchronized int ongoingCount() {
        return ongoing.size();
    }

    /** Forgets everything (the producer state is being reloaded). */
    public synchronized void clear() {
        ongoing.clear();
        unreplicated.clear();
    }
}
