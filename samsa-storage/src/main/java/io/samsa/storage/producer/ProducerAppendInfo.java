package io.samsa.storage.producer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
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
 * <p>Not thread-safe: used under the log's lock for the duration of one append.
 */
public final class ProducerAppendInfo {
    private final TopicPartition topicPartition;
    private final ProducerStateManager stateManager;
    private final Map<Long, ProducerStateEntry> updated = new HashMap<>(4);

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
        record(entry, batch, firstOffset, lastOffset);
    }

    /**
     * Records a batch already in the log (rebuilding state, or a follower's copy) without validating it:
     * the leader validated it when it was first written. Transaction markers only move the epoch.
     */
    public void appendReplicatedBatch(RecordBatch batch) {
        ProducerStateEntry entry = current(batch.producerId());
        if (batch.producerEpoch() < entry.producerEpoch()) {
            return;
        }
        if (batch.isControlBatch()) {
            updated.put(batch.producerId(), entry.withEpoch(batch.producerEpoch(), batch.maxTimestamp()));
        } else {
            record(entry, batch, batch.baseOffset(), batch.lastOffset());
        }
    }

    private void record(ProducerStateEntry entry, RecordBatch batch, long firstOffset, long lastOffset) {
        BatchMetadata metadata = new BatchMetadata(batch.baseSequence(), batch.lastSequence(), firstOffset,
                lastOffset, batch.maxTimestamp());
        updated.put(batch.producerId(), entry.withBatch(batch.producerEpoch(), metadata));
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
