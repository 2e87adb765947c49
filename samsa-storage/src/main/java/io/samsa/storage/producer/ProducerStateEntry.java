package io.samsa.storage.producer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The state of one producer id in one partition: its current epoch, its last
 * {@value #NUM_BATCHES_TO_RETAIN} batches (oldest first), the coordinator epoch of its last transaction marker
 * and the first offset of its open transaction, if any. Five because a producer keeps at most five requests in
 * flight per connection with idempotence ({@code max.in.flight.requests.per.connection <= 5}), so any retry it
 * can send is one of those.
 *
 * <p>Immutable: updates return a new entry, which lets a failed append drop its pending updates for free.
 * Thread-safe.
 */
public final class ProducerStateEntry {
    public static final int NUM_BATCHES_TO_RETAIN = 5;
    public static final int NO_COORDINATOR_EPOCH = -1;
    public static final long NO_TXN = -1L;
    private static final BatchMetadata[] NO_BATCHES = new BatchMetadata[0];

    private final long producerId;
    private final short producerEpoch;
    private final BatchMetadata[] batches;
    private final long lastTimestamp;
    private final int coordinatorEpoch;
    private final long currentTxnFirstOffset;

    public ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches, long lastTimestamp) {
        this(producerId, producerEpoch, batches.toArray(NO_BATCHES), lastTimestamp, NO_COORDINATOR_EPOCH, NO_TXN);
    }

    /**
     * An entry with transaction state: {@code coordinatorEpoch} of the last marker ({@value #NO_COORDINATOR_EPOCH}
     * if none) and {@code currentTxnFirstOffset} of the open transaction ({@value #NO_TXN} if none).
     */
    public ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches, long lastTimestamp,
                              int coordinatorEpoch, long currentTxnFirstOffset) {
        this(producerId, producerEpoch, batches.toArray(NO_BATCHES), lastTimestamp, coordinatorEpoch,
                currentTxnFirstOffset);
    }

    private ProducerStateEntry(long producerId, short producerEpoch, BatchMetadata[] batches, long lastTimestamp,
                               int coordinatorEpoch, long currentTxnFirstOffset) {
        if (batches.length > NUM_BATCHES_TO_RETAIN) {
            batches = Arrays.copyOfRange(batches, batches.length - NUM_BATCHES_TO_RETAIN, batches.length);
        }
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.batches = batches;
        this.lastTimestamp = lastTimestamp;
        this.coordinatorEpoch = coordinatorEpoch;
        this.currentTxnFirstOffset = currentTxnFirstOffset;
    }

    /** A producer the partition has no state for: no epoch, no batches. */
    public static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(producerId, RecordBatch.NO_PRODUCER_EPOCH, NO_BATCHES, RecordBatch.NO_TIMESTAMP,
                NO_COORDINATOR_EPOCH, NO_TXN);
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Coordinator epoch of the producer's last transaction marker, or {@value #NO_COORDINATOR_EPOCH}. */
    public int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    /** First offset of the producer's open transaction in this partition, or {@value #NO_TXN}. */
    public long currentTxnFirstOffset() {
        return currentTxnFirstOffset;
    }

    public boolean hasOngoingTxn() {
        return currentTxnFirstOffset != NO_TXN;
    }

    public List<BatchMetadata> batches() {
        return List.of(batches);
    }

    public boolean isEmpty() {
        return batches.length == 0;
    }

    /** Sequence of the last record appended, or {@link RecordBatch#NO_SEQUENCE}. */
    public int lastSeq() {
        return batches.length == 0 ? RecordBatch.NO_SEQUENCE : batches[batches.length - 1].lastSeq();
    }

    /** Offset of the last record appended, or -1. */
    public long lastOffset() {
        return batches.length == 0 ? -1L : batches[batches.length - 1].lastOffset();
    }

    /** With a new epoch the retained batches are dropped: sequences restart at 0 with each epoch. */
    public ProducerStateEntry withBatch(short epoch, BatchMetadata batch) {
        BatchMetadata[] next;
        if (epoch != producerEpoch || batches.length == 0) {
            next = new BatchMetadata[] {batch};
        } else {
            int keep = Math.min(batches.length, NUM_BATCHES_TO_RETAIN - 1);
            next = Arrays.copyOfRange(batches, batches.length - keep, batches.length + 1);
            next[keep] = batch;
        }
        return new ProducerStateEntry(producerId, epoch, next, Math.max(lastTimestamp, batch.timestamp()),
                coordinatorEpoch, currentTxnFirstOffset);
    }

    /** The producer's transaction opened at {@code firstOffset} (its first transactional batch here). */
    public ProducerStateEntry withTxnStartedAt(long firstOffset) {
        return new ProducerStateEntry(producerId, producerEpoch, batches, lastTimestamp, coordinatorEpoch,
                firstOffset);
    }

    /**
     * A transaction marker: closes the open transaction, records the coordinator epoch, and with a newer epoch
     * bumps the epoch and forgets the batches of the old one (sequences restart with each epoch).
     */
    public ProducerStateEntry withMarker(short epoch, int markerCoordinatorEpoch, long timestamp) {
        BatchMetadata[] kept = epoch == producerEpoch ? batches : NO_BATCHES;
        return new ProducerStateEntry(producerId, epoch, kept, Math.max(lastTimestamp, timestamp),
                markerCoordinatorEpoch, NO_TXN);
    }

    /** The retained batch with exactly this epoch and sequence range, if any: the batch was a retry. */
    public Optional<BatchMetadata> findDuplicate(short epoch, int firstSeq, int lastSeq) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        for (BatchMetadata b : batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ProducerStateEntry(producerId=" + producerId + ", epoch=" + producerEpoch + ", batches="
                + Arrays.toString(batches) + ", lastTimestamp=" + lastTimestamp
                + ", coordinatorEpoch=" + coordinatorEpoch + ", currentTxnFirstOffset=" + currentTxnFirstOffset + ")";
    }
}
