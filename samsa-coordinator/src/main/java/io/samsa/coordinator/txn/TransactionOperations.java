package io.samsa.coordinator.txn;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The requests of transactional producers on one shard, with Kafka's rules ({@code TransactionCoordinator}, v1
 * protocol): InitProducerId, AddPartitionsToTxn (and its verify-only form), EndTxn. Each validates against the id's
 * current state, prepares the next one, writes it through the shard, and answers once it is in the log.
 *
 * <p>Not thread-safe: runs on the coordinator thread.
 */
final class TransactionOperations {
    /** The highest epoch a producer may hold; one more is kept for fencing it (Kafka's rule). */
    static final short MAX_EPOCH = Short.MAX_VALUE - 1;

    private final TransactionShard shard;

    TransactionOperations(TransactionShard shard) {
        this.shard = shard;
    }

    static boolean isEpochExhausted(short epoch) {
        return epoch >= MAX_EPOCH;
    }

    /**
     * InitProducerId with a transactional id: a new producer id for a new id; otherwise the epoch is bumped (a new
     * producer id once it is exhausted), which fences the previous producer. An open transaction is aborted first,
     * with CONCURRENT_TRANSACTIONS meanwhile. {@code expectedProducerId}/{@code expectedEpoch} (-1 if absent) are the
     * producer's current ones (KIP-360): a retry after a lost response gets the same answer again.
     */
    void initProducerId(String transactionalId, int timeoutMs, long expectedProducerId, short expectedEpoch,
                        CompletableFuture<InitProducerIdResponseData> future) {
        long now = shard.time.milliseconds();
        boolean expected = expectedProducerId != RecordBatch.NO_PRODUCER_ID;
        TransactionMetadata m = shard.transactions.get(transactionalId);
        if (m == null) {
            m = new TransactionMetadata(transactionalId, shard.producerIds.nextProducerId(),
                RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, TransactionState.EMPTY, now);
            shard.transactions.put(transactionalId, m);
        }
        if (m.hasPending()) {
            future.complete(initError(Errors.CONCURRENT_TRANSACTIONS));
            return;
        }
        if (expected && !isValidProducerId(m, expectedProducerId, expectedEpoch)) {
            future.complete(initError(Errors.PRODUCER_FENCED));
            return;
        }
        switch (m.state) {
            case PREPARE_COMMIT, PREPARE_ABORT, DEAD, PREPARE_EPOCH_FENCE ->
                future.complete(initError(Errors.CONCURRENT_TRANSACTIONS));
            case ONGOING -> shard.fenceAndAbort(m, error -> future.complete(initError(
                error == Errors.NONE ? Errors.CONCURRENT_TRANSACTIONS : error)));
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> bumpEpoch(m, timeoutMs, expected, expectedEpoch, now, future);
            default -> throw new IllegalStateException("Unknown state " + m.state);
        }
    }

    // A producer id and epoch sent by the producer are accepted if: the id was just created (epoch -1: a producer
    // recovering from UNKNOWN_PRODUCER_ID), the id is the current one (the epoch is checked when bumping), or it is the
    // previous one with an exhausted epoch (a retry after a producer id rotation whose response was lost).
    private static boolean isValidProducerId(TransactionMetadata m, long producerId, short epoch) {
        return m.producerEpoch == RecordBatch.NO_PRODUCER_EPOCH || producerId == m.producerId
            || (producerId == m.lastProducerId && isEpochExhausted(epoch));
    }

    private void bumpEpoch(TransactionMetadata m, int timeoutMs, boolean expected, short expectedEpoch, long now,
                           CompletableFuture<InitProducerIdResponseData> future) {
        long producerId = m.producerId;
        short epoch;
        if (isEpochExhausted(m.producerEpoch) && (!expected || expectedEpoch == m.producerEpoch)) {
            producerId = shard.producerIds.nextProducerId();
            epoch = 0;
        } else if (!expected || m.producerEpoch == RecordBatch.NO_PRODUCER_EPOCH || expectedEpoch == m.producerEpoch) {
            epoch = (short) (m.producerEpoch + 1);
        } else if (expectedEpoch == m.lastProducerEpoch) {
            // A retry whose response was lost: the epoch was already bumped for this producer.
            future.complete(initResponse(m.producerId, m.producerEpoch));
            return;
        } else {
            future.complete(initError(Errors.PRODUCER_FENCED));
            return;
        }
        TransactionMetadata txn = m;
        m.prepare(TransactionState.EMPTY, producerId, epoch, timeoutMs, Set.of(), -1, now);
        shard.write(m, error -> future.complete(error == Errors.NONE
            ? initResponse(txn.producerId, txn.producerEpoch) : initError(error)));
    }

    private static InitProducerIdResponseData initResponse(long producerId, short epoch) {
        return new InitProducerIdResponseData().setProducerId(producerId).setProducerEpoch(epoch);
    }

    static InitProducerIdResponseData initError(Errors error) {
        return new InitProducerIdResponseData().setErrorCode(error.code())
            .setProducerId(RecordBatch.NO_PRODUCER_ID).setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
    }

    /**
     * AddPartitionsToTxn (and AddOffsetsToTxn, whose partition is the group's {@code __consumer_offsets} one): the
     * transaction becomes Ongoing with these partitions. Completes with one error for all of them.
     */
    void addPartitions(String transactionalId, long producerId, short epoch, Set<TopicPartition> partitions,
                       CompletableFuture<Errors> future) {
        TransactionMetadata m = shard.transactions.get(transactionalId);
        Errors error = checkProducer(m, producerId, epoch);
        if (error != Errors.NONE) {
            future.complete(error);
        } else if (m.state.isPreparing() || m.state == TransactionState.PREPARE_EPOCH_FENCE) {
            future.complete(Errors.CONCURRENT_TRANSACTIONS);
        } else if (m.state == TransactionState.ONGOING && m.partitions.containsAll(partitions)) {
            future.complete(Errors.NONE);
        } else if (!TransactionState.ONGOING.canFollow(m.state)) {
            future.complete(Errors.INVALID_TXN_STATE);
        } else {
            long now = shard.time.milliseconds();
            Set<TopicPartition> all = new HashSet<>(m.partitions);
            all.addAll(partitions);
            long start = m.state == TransactionState.ONGOING ? m.startTimestampMs : now;
            m.prepare(TransactionState.ONGOING, m.producerId, m.producerEpoch, m.timeoutMs, all, start, now);
            shard.write(m, future::complete);
        }
    }

    /**
     * The verify-only form (AddPartitionsToTxn v4+ from a partition leader): is each partition in the ongoing
     * transaction of this producer? Nothing is written.
     */
    Map<TopicPartition, Errors> verifyPartitions(String transactionalId, long producerId, short epoch,
                                                 Set<TopicPartition> partitions) {
        TransactionMetadata m = shard.transactions.get(transactionalId);
        Errors error = checkProducer(m, producerId, epoch);
        if (error == Errors.NONE && (m.state.isPreparing() || m.state == TransactionState.PREPARE_EPOCH_FENCE)) {
            error = Errors.CONCURRENT_TRANSACTIONS;
        }
        Map<TopicPartition, Errors> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, error != Errors.NONE ? error
                : m.state == TransactionState.ONGOING && m.partitions.contains(tp) ? Errors.NONE
                : Errors.INVALID_TXN_STATE);
        }
        return out;
    }

    /**
     * EndTxn: an Ongoing transaction moves to PrepareCommit or PrepareAbort, answered once that is written; its
     * markers and Complete record follow in the background. A retried EndTxn of a completed transaction is answered
     * NONE, of one still completing CONCURRENT_TRANSACTIONS.
     */
    void endTransaction(String transactionalId, long producerId, short epoch, boolean commit,
                        CompletableFuture<Errors> future) {
        TransactionMetadata m = shard.transactions.get(transactionalId);
        Errors error = checkProducer(m, producerId, epoch);
        if (error != Errors.NONE) {
            future.complete(error);
            return;
        }
        switch (m.state) {
            case ONGOING -> {
                m.prepare(commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, m.producerId,
                    m.producerEpoch, m.timeoutMs, Set.copyOf(m.partitions), m.startTimestampMs,
                    shard.time.milliseconds());
                shard.write(m, result -> {
                    future.complete(result);
                    if (result == Errors.NONE) {
                        shard.completeTransaction(m);
                    }
                });
            }
            case COMPLETE_COMMIT -> future.complete(commit ? Errors.NONE : Errors.INVALID_TXN_STATE);
            case COMPLETE_ABORT -> future.complete(commit ? Errors.INVALID_TXN_STATE : Errors.NONE);
            case PREPARE_COMMIT -> future.complete(commit ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE);
            case PREPARE_ABORT -> future.complete(commit ? Errors.INVALID_TXN_STATE : Errors.CONCURRENT_TRANSACTIONS);
            case PREPARE_EPOCH_FENCE, DEAD -> future.complete(Errors.CONCURRENT_TRANSACTIONS);
            default -> future.complete(Errors.INVALID_TXN_STATE);
        }
    }

    /** The producer's claim on the id: unknown id or other producer id, stale epoch, or a write in flight. */
    private static Errors checkProducer(TransactionMetadata m, long producerId, short epoch) {
        if (m == null || m.producerId != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (m.producerEpoch != epoch) {
            return Errors.PRODUCER_FENCED;
        }
        return m.hasPending() ? Errors.CONCURRENT_TRANSACTIONS : Errors.NONE;
    }
}
