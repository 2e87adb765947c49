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
 * The requests of transactional producers on one shard, with Kafka's rules ({@code TransactionCoordinator}):
 * InitProducerId, AddPartitionsToTxn (and its verify-only form), EndTxn. Each validates against the id's current
 * state, prepares the next one, writes it through the shard, and answers once it is in the log.
 *
 * <p>Transactions v2 (KIP-890 part 2): partitions are added by their leaders on Produce (AddPartitionsToTxn v5, not
 * verify-only), which marks the transaction as v2; EndTxn v5 bumps the epoch with every commit or abort, so markers
 * carry an epoch no batch of the ended transaction can have, and a late write of that transaction is fenced. An
 * epoch bump that exhausts the epoch hands over a new producer id (written as the Prepare record's next producer id,
 * in force from the Complete record). A retried EndTxn is recognised by its epoch being one below the id's.
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
        } else if (expected && m.producerEpoch == 0 && m.lastProducerId != m.producerId
            && isEpochExhausted(expectedEpoch)) {
            // The producer's epoch ran out and its id was rotated (transactions v2 end, or a timeout fence) before
            // it heard: it goes on with the new id, as the coordinator already handed out.
            future.complete(initResponse(m.producerId, m.producerEpoch));
            return;
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
                       short clientVersion, CompletableFuture<Errors> future) {
        TransactionMetadata m = shard.transactions.get(transactionalId);
        Errors error = checkProducer(m, producerId, epoch);
        if (error != Errors.NONE) {
            future.complete(error);
        } else if (m.state.isPreparing() || m.state == TransactionState.PREPARE_EPOCH_FENCE) {
            future.complete(Errors.CONCURRENT_TRANSACTIONS);
        } else if (m.state == TransactionState.ONGOING && m.partitions.containsAll(partitions)
            && m.clientTransactionVersion >= clientVersion) {
            future.complete(Errors.NONE);
        } else if (!TransactionState.ONGOING.canFollow(m.state)) {
            future.complete(Errors.INVALID_TXN_STATE);
        } else {
            long now = shard.time.milliseconds();
            Set<TopicPartition> all = new HashSet<>(m.partitions);
            all.addAll(partitions);
            long start = m.state == TransactionState.ONGOING ? m.startTimestampMs : now;
            // A transaction is v2 once a partition leader added a partition for it (Kafka keeps the highest).
            short version = m.state == TransactionState.ONGOING
                ? (short) Math.max(m.clientTransactionVersion, clientVersion) : clientVersion;
            m.prepare(TransactionState.ONGOING, m.producerId, m.producerEpoch, m.timeoutMs, all, start, now,
                RecordBatch.NO_PRODUCER_ID, version);
            shard.write(m, future::complete);
        }
    }

    /**
     * The verify-only form (AddPartitionsToTxn v4+ from a partition leader): is each partition in the ongoing
     * transaction of this producer? TRANSACTION_ABORTABLE if not (the leader tells old clients INVALID_TXN_STATE).
     * Nothing is written.
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
                : Errors.TRANSACTION_ABORTABLE);
        }
        return out;
    }

    /**
     * EndTxn: an Ongoing transaction moves to PrepareCommit or PrepareAbort, answered once that is written; its
     * markers and Complete record follow in the background. {@code transactionV2} (EndTxn v5) follows Kafka's second
     * table: the epoch is bumped, an abort is accepted with nothing added (an empty transaction, so a producer can
     * fence itself after an error it cannot classify), and a retry is recognised by the epoch before the bump.
     * Otherwise a retried EndTxn of a completed transaction is answered NONE, of one still completing
     * CONCURRENT_TRANSACTIONS.
     */
    void endTransaction(String transactionalId, long producerId, short epoch, boolean commit, boolean transactionV2,
                        CompletableFuture<EndTxnResult> future) {
        TransactionMetadata m = shard.transactions.get(transactionalId);
        if (transactionV2) {
            endTransactionV2(m, producerId, epoch, commit, future);
            return;
        }
        Errors error = checkProducer(m, producerId, epoch);
        if (error != Errors.NONE) {
            future.complete(EndTxnResult.error(error));
            return;
        }
        switch (m.state) {
            case ONGOING -> prepareEnd(m, commit, m.partitions, m.startTimestampMs, false, future);
            case COMPLETE_COMMIT -> future.complete(EndTxnResult.error(commit ? Errors.NONE : Errors.INVALID_TXN_STATE));
            case COMPLETE_ABORT -> future.complete(EndTxnResult.error(commit ? Errors.INVALID_TXN_STATE : Errors.NONE));
            case PREPARE_COMMIT, PREPARE_ABORT -> future.complete(EndTxnResult.error(preparingError(m, commit)));
            case PREPARE_EPOCH_FENCE, DEAD -> future.complete(EndTxnResult.error(Errors.CONCURRENT_TRANSACTIONS));
            default -> future.complete(EndTxnResult.error(Errors.INVALID_TXN_STATE));
        }
    }

    private void endTransactionV2(TransactionMetadata m, long producerId, short epoch, boolean commit,
                                  CompletableFuture<EndTxnResult> future) {
        if (m == null) {
            future.complete(EndTxnResult.error(Errors.INVALID_PRODUCER_ID_MAPPING));
            return;
        }
        boolean retryOnBump = m.producerId == producerId && epoch + 1 == m.producerEpoch;
        boolean retryOnRotation = m.lastProducerId == producerId && m.producerId != producerId
            && epoch == MAX_EPOCH && m.producerEpoch == 0;
        if (m.producerId != producerId && !retryOnRotation) {
            future.complete(EndTxnResult.error(Errors.INVALID_PRODUCER_ID_MAPPING));
            return;
        }
        boolean retry = retryOnBump || retryOnRotation;
        boolean validEpoch = switch (m.state) {
            // At the current epoch: the producer's next transaction, ending while the last one's markers are still
            // being written (Kafka's table says fenced here, which fences a producer that aborts quickly).
            case PREPARE_COMMIT, PREPARE_ABORT -> retryOnBump || epoch == m.producerEpoch;
            case COMPLETE_COMMIT, COMPLETE_ABORT -> retry || epoch == m.producerEpoch;
            default -> epoch == m.producerEpoch;
        };
        if (!validEpoch) {
            future.complete(EndTxnResult.error(Errors.PRODUCER_FENCED));
            return;
        }
        if (m.hasPending()) {
            future.complete(EndTxnResult.error(Errors.CONCURRENT_TRANSACTIONS));
            return;
        }
        long now = shard.time.milliseconds();
        switch (m.state) {
            case ONGOING -> prepareEnd(m, commit, m.partitions, m.startTimestampMs, true, future);
            case EMPTY -> {
                if (commit) {
                    future.complete(EndTxnResult.error(Errors.INVALID_TXN_STATE));
                } else {
                    prepareEnd(m, false, Set.of(), now, true, future);
                }
            }
            case COMPLETE_COMMIT, COMPLETE_ABORT -> {
                boolean committed = m.state == TransactionState.COMPLETE_COMMIT;
                if (retry && commit == committed) {
                    future.complete(new EndTxnResult(Errors.NONE, m.producerId, m.producerEpoch));
                } else if (retry && commit) {
                    // The coordinator aborted this transaction (its timeout) while the producer was committing it:
                    // the producer is fenced, as Kafka's trunk answers (KAFKA-20785; 4.3 said INVALID_TXN_STATE).
                    future.complete(EndTxnResult.error(Errors.PRODUCER_FENCED));
                } else if (retry) {
                    future.complete(EndTxnResult.error(Errors.INVALID_TXN_STATE));
                } else if (commit) {
                    future.complete(EndTxnResult.error(Errors.INVALID_TXN_STATE));
                } else {
                    prepareEnd(m, false, Set.of(), now, true, future);
                }
            }
            // Committing what the coordinator is aborting (its timeout bumped the epoch) is fenced whether or not
            // the abort's markers are written yet, as in COMPLETE_ABORT below.
            case PREPARE_ABORT -> future.complete(EndTxnResult.error(!retryOnBump ? Errors.CONCURRENT_TRANSACTIONS
                : commit ? Errors.PRODUCER_FENCED : preparingError(m, false)));
            case PREPARE_COMMIT -> future.complete(EndTxnResult.error(
                retryOnBump ? preparingError(m, commit) : Errors.CONCURRENT_TRANSACTIONS));
            default -> future.complete(EndTxnResult.error(Errors.CONCURRENT_TRANSACTIONS));
        }
    }

    private static Errors preparingError(TransactionMetadata m, boolean commit) {
        boolean committing = m.state == TransactionState.PREPARE_COMMIT;
        return commit == committing ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE;
    }

    /**
     * Writes PrepareCommit or PrepareAbort of {@code partitions}, with the epoch bumped for transactions v2 (and a
     * next producer id if that exhausts it), answers, then completes the transaction in the background.
     */
    private void prepareEnd(TransactionMetadata m, boolean commit, Set<TopicPartition> partitions, long startMs,
                            boolean bumpEpoch, CompletableFuture<EndTxnResult> future) {
        short epoch = m.producerEpoch;
        long nextProducerId = RecordBatch.NO_PRODUCER_ID;
        short version = m.clientTransactionVersion;
        if (bumpEpoch) {
            version = 2;
            if (isEpochExhausted(epoch)) {
                nextProducerId = shard.producerIds.nextProducerId();
            }
            epoch = epoch == Short.MAX_VALUE ? epoch : (short) (epoch + 1);
        }
        m.prepare(commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, m.producerId, epoch,
            m.timeoutMs, Set.copyOf(partitions), startMs, shard.time.milliseconds(), nextProducerId, version);
        shard.write(m, result -> {
            if (result != Errors.NONE) {
                future.complete(EndTxnResult.error(result));
                return;
            }
            future.complete(!bumpEpoch ? EndTxnResult.error(Errors.NONE)
                : m.nextProducerId != RecordBatch.NO_PRODUCER_ID
                ? new EndTxnResult(Errors.NONE, m.nextProducerId, (short) 0)
                : new EndTxnResult(Errors.NONE, m.producerId, m.producerEpoch));
            shard.completeTransaction(m);
        });
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
