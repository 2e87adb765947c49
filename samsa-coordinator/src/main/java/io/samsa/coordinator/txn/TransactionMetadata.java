package io.samsa.coordinator.txn;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What the coordinator knows of one transactional id: its producer id and epoch, its state and the partitions of its
 * transaction. {@code lastProducerId}/{@code lastProducerEpoch} are what the producer held before the last
 * InitProducerId, so a producer retrying InitProducerId after a lost response (KIP-360) is recognised.
 *
 * <p>{@code clientTransactionVersion} is the transaction protocol of the producer's current transaction (2: KIP-890,
 * every commit or abort bumps the epoch), {@code nextProducerId} the producer id a Prepare record hands over when that
 * bump exhausts the epoch (it becomes the producer id with the Complete record).
 *
 * <p>A change is made in two steps: {@link #prepare} computes the next {@link TransactionLogValue} and marks it
 * pending; once that value is in the log, {@link #complete} applies it. While a change is pending, other requests get
 * CONCURRENT_TRANSACTIONS. Not thread-safe: the coordinator thread owns it.
 */
final class TransactionMetadata {
    final String transactionalId;
    long producerId;
    short producerEpoch;
    long lastProducerId = RecordBatch.NO_PRODUCER_ID;
    short lastProducerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    int timeoutMs;
    TransactionState state;
    final Set<TopicPartition> partitions = new HashSet<>();
    long startTimestampMs = -1;
    long lastUpdateTimestampMs;
    short clientTransactionVersion;
    long nextProducerId = RecordBatch.NO_PRODUCER_ID;
    /** The value being written, null if none. */
    TransactionLogValue pending;

    TransactionMetadata(String transactionalId, long producerId, short producerEpoch, int timeoutMs,
                        TransactionState state, long nowMs) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.timeoutMs = timeoutMs;
        this.state = state;
        this.lastUpdateTimestampMs = nowMs;
    }

    static TransactionMetadata fromLog(String transactionalId, TransactionLogValue v) {
        TransactionMetadata m = new TransactionMetadata(transactionalId, v.producerId(), v.producerEpoch(),
            v.timeoutMs(), v.state(), v.lastUpdateTimestampMs());
        m.lastProducerId = v.previousProducerId();
        m.startTimestampMs = v.startTimestampMs();
        m.partitions.addAll(v.partitions());
        m.clientTransactionVersion = v.clientTransactionVersion();
        m.nextProducerId = v.nextProducerId();
        return m;
    }

    boolean hasPending() {
        return pending != null;
    }

    /** True if the current transaction uses transactions v2 (KIP-890): its end bumps the epoch. */
    boolean isTransactionV2() {
        return clientTransactionVersion >= 2;
    }

    /**
     * The value this id would have after moving to {@code next}, with the same transaction version and no next
     * producer id; marks it pending.
     */
    TransactionLogValue prepare(TransactionState next, long producerId, short epoch, int timeoutMs,
                                Set<TopicPartition> partitions, long startMs, long nowMs) {
        return prepare(next, producerId, epoch, timeoutMs, partitions, startMs, nowMs, RecordBatch.NO_PRODUCER_ID,
            clientTransactionVersion);
    }

    /** The value this id would have after moving to {@code next}; marks it pending. */
    TransactionLogValue prepare(TransactionState next, long producerId, short epoch, int timeoutMs,
                                Set<TopicPartition> partitions, long startMs, long nowMs, long nextProducerId,
                                short clientVersion) {
        if (!next.canFollow(state)) {
            throw new IllegalStateException("Transactional id " + transactionalId + " cannot move from " + state
                + " to " + next);
        }
        if (pending != null) {
            throw new IllegalStateException("Transactional id " + transactionalId + " already has a pending "
                + pending.state());
        }
        pending = new TransactionLogValue(producerId, this.producerId == producerId ? lastProducerId : this.producerId,
            nextProducerId, epoch, timeoutMs, next, partitions, nowMs, startMs, clientVersion);
        return pending;
    }

    /** The pending value is in the log: it becomes the state. */
    void complete() {
        TransactionLogValue v = pending;
        pending = null;
        if (v.producerId() != producerId || v.producerEpoch() != producerEpoch) {
            lastProducerId = producerId;
            lastProducerEpoch = producerEpoch;
        }
        producerId = v.producerId();
        producerEpoch = v.producerEpoch();
        timeoutMs = v.timeoutMs();
        state = v.state();
        partitions.clear();
        partitions.addAll(v.partitions());
        startTimestampMs = v.startTimestampMs();
        lastUpdateTimestampMs = v.lastUpdateTimestampMs();
        clientTransactionVersion = v.clientTransactionVersion();
        nextProducerId = v.nextProducerId();
    }

    /** The pending value could not be written: the state stays as it was. */
    void abandon() {
        pending = null;
    }
}
