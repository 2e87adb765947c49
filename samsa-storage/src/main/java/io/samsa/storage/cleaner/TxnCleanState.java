package io.samsa.storage.cleaner;

import io.samsa.storage.txn.AbortedTxn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What one pass of a clean knows of transactions, batch by batch in offset order (Kafka's rules; the clean never
 * goes past the last stable offset, so every transaction it meets is decided):
 * <ul>
 *   <li>a data batch of an aborted transaction may be removed;</li>
 *   <li>an ABORT marker stays while this pass met data of its transaction (and its aborted transaction is then
 *       written to the cleaned segment's {@code .txnindex}, {@link #retainedAborted}); once no data is left, it may
 *       be removed, after its delete horizon;</li>
 *   <li>a COMMIT marker stays while this pass met data of its transaction, and may be removed likewise.</li>
 * </ul>
 * "Met" means the batch is still in the log when read, even if the pass then empties or removes it: a marker goes
 * only in a later clean, after its data. Fed the aborted transactions overlapping each range the pass reads
 * ({@link #addAborted}); one instance per pass, shared by its groups, since a transaction's data and its marker may
 * be in different groups (Kafka shares it the same way). Not thread-safe.
 */
final class TxnCleanState {
    private final PriorityQueue<AbortedTxn> pending =
            new PriorityQueue<>(Comparator.comparingLong(AbortedTxn::firstOffset));
    /** Aborted transactions begun by the offset read so far, per producer. */
    private final Map<Long, OngoingAborted> ongoingAborted = new HashMap<>();
    private final Set<Long> ongoingCommitted = new HashSet<>();
    private final Set<AbortedTxn> added = new HashSet<>();
    private List<AbortedTxn> retainedAborted = new ArrayList<>();

    TxnCleanState() {
    }

    TxnCleanState(List<AbortedTxn> aborted) {
        addAborted(aborted);
    }

    /** Aborted transactions of the next range read; one already given (ranges overlap) is not restarted. */
    void addAborted(List<AbortedTxn> aborted) {
        for (AbortedTxn txn : aborted) {
            if (added.add(txn)) {
                pending.add(txn);
            }
        }
    }

    /** A data batch is read: true if it belongs to an aborted transaction (it may be removed). */
    boolean onDataBatch(RecordBatch batch) {
        startAbortedUpTo(batch.lastOffset());
        if (!batch.isTransactional()) {
            return false;
        }
        OngoingAborted aborted = ongoingAborted.get(batch.producerId());
        if (aborted != null) {
            aborted.dataMet = true;
            return true;
        }
        ongoingCommitted.add(batch.producerId());
        return false;
    }

    /** A control batch is read: true if its marker may be removed (no data of its transaction was met). */
    boolean onControlBatch(RecordBatch batch) {
        startAbortedUpTo(batch.lastOffset());
        var records = batch.iterator();
        if (!records.hasNext()) {
            return true; // its marker record is already gone
        }
        Record marker = records.next();
        ControlRecordType type = ControlRecordType.parse(marker.key());
        long producerId = batch.producerId();
        if (type == ControlRecordType.ABORT) {
            OngoingAborted aborted = ongoingAborted.remove(producerId);
            if (aborted != null && aborted.dataMet) {
                retainedAborted.add(aborted.txn);
                return false;
            }
            return true;
        }
        if (type == ControlRecordType.COMMIT) {
            return !ongoingCommitted.remove(producerId);
        }
        return false;
    }

    /**
     * The aborted transactions whose ABORT marker was kept since the last call, for the index of the cleaned segment
     * those markers went to.
     */
    List<AbortedTxn> drainRetainedAborted() {
        List<AbortedTxn> out = retainedAborted;
        retainedAborted = new ArrayList<>();
        return out;
    }

    private void startAbortedUpTo(long offset) {
        while (!pending.isEmpty() && pending.peek().firstOffset() <= offset) {
            AbortedTxn txn = pending.poll();
            ongoingAborted.put(txn.producerId(), new OngoingAborted(txn));
        }
    }

    /** An aborted transaction the pass is inside of, and whether it met the transaction's data. */
    private static final class OngoingAborted {
        final AbortedTxn txn;
        boolean dataMet;

        OngoingAborted(AbortedTxn txn) {
            this.txn = txn;
        }
    }
}
