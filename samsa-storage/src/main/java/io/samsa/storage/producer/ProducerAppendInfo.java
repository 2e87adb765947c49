package io.samsa.storage.producer;

import io.samsa.storage.txn.CompletedTxn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The producer-state changes of one append, validated against the committed state plus the earlier batches of
 * the same append, and committed with {@link ProducerStateManager#update} only once the append is written.
 *
 * <p>Rules for a batch from a client, per producer id (Kafka 4's, see {@code ProducerAppendInfo} there):
 * <ul>
 *   <li>epoch below the known epoch: {@link InvalidProducerEpochException};</li>
 *   <li>epoch above the known epoch: the batch must start at sequence 0, else {@link OutOfOrderSequenceException};
 *       the entry then starts afresh with that epoch;</li>
 *   <li>same epoch: the first sequence must follow the last one ({@code lastSeq + 1}, wrapping from
 *       {@code Integer.MAX_VALUE} to 0), else {@link OutOfOrderSequenceException};</li>
 *   <li>no state for the producer (never seen, expired, or removed with its segments): any sequence is
 *       accepted, as Kafka does; UnknownProducerIdException is not used.</li>
 * </ul>
 * Duplicates (a retry of one of the last five batches) are found with {@link #findDuplicate} before these rules.
 *
 * <p>Transactions (Kafka 3.9's rules): a producer's first transactional batch opens its transaction at that
 * batch's offset; a non-transactional batch while one is open is {@link InvalidTxnStateException}. A marker
 * ({@link #appendMarker}, written for the coordinator) with an epoch below the producer's is
 * {@link InvalidProducerEpochException}, with a coordinator epoch below the last marker's
 * {@link TransactionCoordinatorFencedException}; it closes the open transaction (reported by
 * {@link #completedTxns} if the transaction wrote anything here) and may bump the epoch. Replicated batches and
 * markers are applied without these checks.
 *
 * <p>Not thread-safe: used under the log's lock for the duration of one append.
 */
public final class ProducerAppendInfo {
    private final TopicPartition topicPartition;
    private final ProducerStateManager stateManager;
    private final Map<Long, ProducerStateEntry> updated = new HashMap<>(4);
    private final List<CompletedTxn> completedTxns = new ArrayList<>(0);

    ProducerAppendInfo(TopicPartition topicPartition, ProducerStateManager stateManager) {
        this.topicPartition = topicPartition;
        this.stateManager = stateManager;
    }

    private ProducerStateEntry current(long producerId) {
        ProducerStateEntry entry = updated.get(producerId);
        if (entry == null) {
            entry = stateManager.entry(producerId);
        }
        return entry == null ? ProducerStateEntry.empty(producerId) : entry;
    }

    /** The earlier batch this one retries, if it is one of the producer's last five. */
    public Optional<BatchMetadata> findDuplicate(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        return current(batch.producerId()).findDuplicate(batch.producerEpoch(), batch.baseSequence(),
                batch.lastSequence());
    }

    /**
     * Validates a client's batch that will get offsets {@code firstOffset..lastOffset} and records it.
     * Throws InvalidProducerEpochException or OutOfOrderSequenceException.
     */
    public void appendClientBatch(RecordBatch batch, long firstOffset, long lastOffset) {
        long producerId = batch.producerId();
        ProducerStateEntry entry = current(producerId);
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        if (epoch < entry.producerEpoch()) {
            throw new InvalidProducerEpochException("Epoch of producer " + producerId + " at offset " + firstOffset
                    + " in " + topicPartition + " is " + epoch + ", which is smaller than the last seen epoch "
                    + entry.producerEpoch());
        }
        if (entry.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH) {
            if (epoch != entry.producerEpoch()) {
                if (firstSeq != 0) {
                    throw new OutOfOrderSequenceException("Invalid sequence number for new epoch " + epoch
                            + " of producer " + producerId + " in " + topicPartition + ": " + firstSeq
                            + " (expected 0), current epoch " + entry.producerEpoch());
                }
            } else if (!inSequence(entry.lastSeq(), firstSeq)) {
                throw new OutOfOrderSequenceException("Out of order sequence number for producer " + producerId
                        + " at offset " + firstOffset + " in " + topicPartition + ": " + firstSeq
                        + " (incoming seq. number), " + entry.lastSeq() + " (current end sequence number)");
            }
        }
        if (entry.hasOngoingTxn() && !batch.isTransactional()) {
            throw new InvalidTxnStateException("Expected transactional write from producer " + producerId
                    + " at offset " + firstOffset + " in " + topicPartition);
        }
        record(entry, batch, firstOffset, lastOffset);
    }

    /**
     * Validates and records a transaction marker the coordinator has this leader write at {@code offset}.
     * Throws InvalidProducerEpochException or TransactionCoordinatorFencedException.
     */
    public void appendMarker(long producerId, short epoch, EndTransactionMarker marker, long offset, long timestamp) {
        ProducerStateEntry entry = current(producerId);
        if (epoch < entry.producerEpoch()) {
            throw new InvalidProducerEpochException("Epoch of producer " + producerId + " at offset " + offset
                    + " in " + topicPartition + " is " + epoch + ", which is smaller than the last seen epoch "
                    + entry.producerEpoch());
        }
        if (entry.coordinatorEpoch() > marker.coordinatorEpoch()) {
            throw new TransactionCoordinatorFencedException("Invalid coordinator epoch for producer " + producerId
                    + " at offset " + offset + " in " + topicPartition + ": " + marker.coordinatorEpoch()
                    + " (zombie), " + entry.coordinatorEpoch() + " (current)");
        }
        recordMarker(entry, epoch, marker, offset, timestamp);
    }

    /**
     * Records a batch already in the log (rebuilding state, or a follower's copy) without validating it:
     * the leader validated it when it was first written.
     */
    public void appendReplicatedBatch(RecordBatch batch) {
        ProducerStateEntry entry = current(batch.producerId());
        if (batch.isControlBatch()) {
            Iterator<Record> records = batch.iterator();
            // An empty control batch: its transaction was cleaned away, nothing to close.
            if (records.hasNext()) {
                Record record = records.next();
                recordMarker(entry, batch.producerEpoch(), EndTransactionMarker.deserialize(record),
                        batch.baseOffset(), record.timestamp());
            }
            return;
        }
        if (batch.producerEpoch() < entry.producerEpoch()) {
            return;
        }
        record(entry, batch, batch.baseOffset(), batch.lastOffset());
    }

    private void recordMarker(ProducerStateEntry entry, short epoch, EndTransactionMarker marker, long offset,
                              long timestamp) {
        // Only a transaction that wrote here affects the last stable offset and the aborted-transaction index.
        if (entry.hasOngoingTxn()) {
            completedTxns.add(new CompletedTxn(entry.producerId(), entry.currentTxnFirstOffset(), offset,
                    marker.controlType() == ControlRecordType.ABORT));
        }
        short newEpoch = (short) Math.max(epoch, entry.producerEpoch());
        updated.put(entry.producerId(), entry.withMarker(newEpoch, marker.coordinatorEpoch(), timestamp));
    }

    private void record(ProducerStateEntry entry, RecordBatch batch, long firstOffset, long lastOffset) {
        BatchMetadata metadata = new BatchMetadata(batch.baseSequence(), batch.lastSequence(), firstOffset,
                lastOffset, batch.maxTimestamp());
        ProducerStateEntry next = entry.withBatch(batch.producerEpoch(), metadata);
        if (batch.isTransactional() && !next.hasOngoingTxn()) {
            next = next.withTxnStartedAt(firstOffset);
        }
        updated.put(batch.producerId(), next);
    }

    /** The transactions closed by markers of this append, in offset order. */
    public List<CompletedTxn> completedTxns() {
        return completedTxns;
    }

    static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }

    Map<Long, ProducerStateEntry> updatedEntries() {
        return updated;
    }

    public boolean isEmpty() {
        return updated.isEmpty();
    }
}
