package io.samsa.coordinator.txn;

import io.samsa.common.DelayTimer;
import io.samsa.coordinator.PartitionWriter;
import io.samsa.coordinator.runtime.CoordinatorShards;
import io.samsa.coordinator.runtime.CoordinatorTimers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional ids of one {@code __transaction_state} partition this broker leads, and the machinery every
 * operation on them shares: writing a state change to the log, completing a decided transaction (markers, then the
 * Complete record), and the periodic timeouts (transactions open too long are aborted with a fenced epoch; idle ids
 * expire). The request operations are in {@link TransactionOperations}.
 *
 * <p>After loading, {@link #start} resumes every transaction found in PrepareCommit or PrepareAbort: its markers are
 * (re)sent and it completes, which makes a crash between the Prepare record and the markers safe.
 *
 * <p>Not thread-safe: the coordinator thread owns it.
 */
final class TransactionShard implements CoordinatorShards.Shard {
    private static final Logger log = LoggerFactory.getLogger(TransactionShard.class);
    private static final String ABORT_TIMED_OUT = "abort-timed-out";
    private static final String REMOVE_EXPIRED = "remove-expired";

    final TopicPartition topicPartition;
    final int coordinatorEpoch;
    final Map<String, TransactionMetadata> transactions;
    final TransactionCoordinatorConfig config;
    final Time time;
    final ProducerIdSource producerIds;
    private final PartitionWriter writer;
    private final Executor coordinatorThread;
    private final CoordinatorTimers timers;
    private final TxnMarkerWriter markers;
    private boolean active = true;

    TransactionShard(TopicPartition topicPartition, int coordinatorEpoch, Map<String, TransactionMetadata> loaded,
                     Services services) {
        this.topicPartition = topicPartition;
        this.coordinatorEpoch = coordinatorEpoch;
        this.transactions = new HashMap<>(loaded);
        this.config = services.config();
        this.time = services.time();
        this.producerIds = services.producerIds();
        this.writer = services.writer();
        this.coordinatorThread = services.coordinatorThread();
        this.timers = new CoordinatorTimers(services.timer(), coordinatorThread);
        this.markers = new TxnMarkerWriter(services.markers(), services.timer(), coordinatorThread,
            config.markerRetryBackoffMs());
    }

    /** What every shard of a coordinator uses. */
    record Services(TransactionCoordinatorConfig config, Time time, DelayTimer timer, PartitionWriter writer,
                    TxnMarkerChannel markers, ProducerIdSource producerIds, Executor coordinatorThread) {
    }

    @Override
    public void start() {
        for (TransactionMetadata m : transactions.values()) {
            if (m.state.isPreparing()) {
                log.info("Resuming the {} of {} (producer {} epoch {}) found in {}",
                    m.state == TransactionState.PREPARE_COMMIT ? "commit" : "abort", m.transactionalId, m.producerId,
                    m.producerEpoch, topicPartition);
                completeTransaction(m);
            }
        }
        scheduleAbortTimedOut();
        scheduleRemoveExpired();
    }

    @Override
    public void unload() {
        active = false;
        timers.cancelAll();
    }

    boolean isActive() {
        return active;
    }

    // ---- writing ----

    /**
     * Writes the pending value of {@code m} ({@link TransactionMetadata#prepare}) and applies it once it is in the
     * log; {@code then} gets NONE, or the error a client should see (the state is left as it was).
     */
    void write(TransactionMetadata m, Consumer<Errors> then) {
        TransactionLogValue v = m.pending;
        byte[] value = v.state() == TransactionState.DEAD ? null : TransactionLogSerde.value(v);
        SimpleRecord record = new SimpleRecord(time.milliseconds(), TransactionLogSerde.key(m.transactionalId), value);
        writer.append(topicPartition, List.of(record)).whenComplete((offset, error) -> onThread(() -> {
            if (!active) {
                m.abandon();
                then.accept(Errors.NOT_COORDINATOR);
            } else if (error != null) {
                m.abandon();
                Errors e = appendError(error);
                log.warn("Could not write the {} state of {} to {}: {}", v.state().kafkaName(), m.transactionalId,
                    topicPartition, e);
                then.accept(e);
            } else {
                m.complete();
                then.accept(Errors.NONE);
            }
        }));
    }

    // Kafka's mapping of log-append failures for the transaction log (TransactionStateManager.appendTransactionToLog).
    private static Errors appendError(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        Errors e = cause instanceof ApiException ? Errors.forException(cause) : Errors.UNKNOWN_SERVER_ERROR;
        return switch (e) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> Errors.UNKNOWN_SERVER_ERROR;
            default -> e;
        };
    }

    // ---- completing a decided transaction ----

    /**
     * {@code m} is in PrepareCommit or PrepareAbort (in the log): writes its markers, then its Complete record. A
     * Complete record that cannot be written for a transient reason is retried; if this broker stops coordinating, the
     * next coordinator resumes from the Prepare record.
     */
    void completeTransaction(TransactionMetadata m) {
        boolean commit = m.state == TransactionState.PREPARE_COMMIT;
        long producerId = m.producerId;
        short epoch = m.producerEpoch;
        TxnMarkerWriter.Marker marker = new TxnMarkerWriter.Marker(m.transactionalId, producerId, epoch,
            coordinatorEpoch, commit, Set.copyOf(m.partitions));
        markers.write(marker, () -> active && transactions.get(m.transactionalId) == m)
            .thenAccept(written -> {
                if (written && active && m.state.isPreparing() && m.producerEpoch == epoch) {
                    writeComplete(m, commit);
                }
            });
    }

    private void writeComplete(TransactionMetadata m, boolean commit) {
        if (m.hasPending()) {
            timers.schedule("complete-" + m.transactionalId, config.markerRetryBackoffMs(),
                () -> writeComplete(m, commit));
            return;
        }
        // An epoch that ran out at the Prepare record: the next producer id takes over, from epoch 0.
        boolean rotate = m.nextProducerId != RecordBatch.NO_PRODUCER_ID;
        m.prepare(commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT,
            rotate ? m.nextProducerId : m.producerId, rotate ? 0 : m.producerEpoch, m.timeoutMs, Set.of(),
            m.startTimestampMs, time.milliseconds());
        write(m, error -> {
            if (error == Errors.COORDINATOR_NOT_AVAILABLE || error == Errors.UNKNOWN_SERVER_ERROR) {
                timers.schedule("complete-" + m.transactionalId, config.markerRetryBackoffMs(),
                    () -> writeComplete(m, commit));
            }
        });
    }

    /**
     * Aborts the ongoing transaction of {@code m} with a bumped epoch, so its producer is fenced: Ongoing →
     * PrepareEpochFence (in memory) → PrepareAbort (written) → markers → CompleteAbort. For the first protocol an
     * exhausted epoch is not bumped: that producer gets a new producer id at its next InitProducerId anyway. A
     * transactions v2 id is bumped once, as its own EndTxn would have (with a next producer id if that exhausts the
     * epoch), so its producer's abort is recognised as a retry and it goes on with the new epoch. {@code then} gets
     * the result of writing PrepareAbort.
     */
    void fenceAndAbort(TransactionMetadata m, Consumer<Errors> then) {
        TransactionState before = m.state;
        m.state = TransactionState.PREPARE_EPOCH_FENCE;
        boolean exhausted = TransactionOperations.isEpochExhausted(m.producerEpoch);
        long nextProducerId = RecordBatch.NO_PRODUCER_ID;
        short epoch;
        if (m.isTransactionV2()) {
            nextProducerId = exhausted ? producerIds.nextProducerId() : RecordBatch.NO_PRODUCER_ID;
            epoch = m.producerEpoch == Short.MAX_VALUE ? m.producerEpoch : (short) (m.producerEpoch + 1);
        } else {
            epoch = exhausted ? m.producerEpoch : (short) (m.producerEpoch + 1);
        }
        m.prepare(TransactionState.PREPARE_ABORT, m.producerId, epoch, m.timeoutMs, Set.copyOf(m.partitions),
            m.startTimestampMs, time.milliseconds(), nextProducerId, m.clientTransactionVersion);
        write(m, error -> {
            if (error == Errors.NONE) {
                completeTransaction(m);
            } else if (m.state == TransactionState.PREPARE_EPOCH_FENCE) {
                m.state = before;
            }
            then.accept(error);
        });
    }

    // ---- timeouts ----

    private void scheduleAbortTimedOut() {
        timers.schedule(ABORT_TIMED_OUT, config.abortTimedOutIntervalMs(), () -> {
            abortTimedOut();
            scheduleAbortTimedOut();
        });
    }

    /** Aborts, with an epoch fence, every transaction open longer than its timeout. */
    void abortTimedOut() {
        long now = time.milliseconds();
        for (TransactionMetadata m : List.copyOf(transactions.values())) {
            if (m.state == TransactionState.ONGOING && !m.hasPending()
                && m.startTimestampMs + m.timeoutMs < now) {
                log.info("Aborting the transaction of {} (producer {} epoch {}): open for {} ms, longer than its "
                    + "timeout of {} ms", m.transactionalId, m.producerId, m.producerEpoch, now - m.startTimestampMs,
                    m.timeoutMs);
                fenceAndAbort(m, error -> { });
            }
        }
    }

    private void scheduleRemoveExpired() {
        timers.schedule(REMOVE_EXPIRED, config.removeExpiredIntervalMs(), () -> {
            removeExpired();
            scheduleRemoveExpired();
        });
    }

    /** Writes a tombstone for, then forgets, every id idle longer than {@code transactional.id.expiration.ms}. */
    void removeExpired() {
        long now = time.milliseconds();
        for (TransactionMetadata m : List.copyOf(transactions.values())) {
            if (m.state.isIdle() && !m.hasPending()
                && m.lastUpdateTimestampMs + config.transactionalIdExpirationMs() <= now) {
                m.prepare(TransactionState.DEAD, m.producerId, m.producerEpoch, m.timeoutMs, Set.of(), -1, now);
                write(m, error -> {
                    if (error == Errors.NONE && transactions.get(m.transactionalId) == m) {
                        transactions.remove(m.transactionalId);
                        log.info("Removed the expired transactional id {}", m.transactionalId);
                    }
                });
            }
        }
    }

    private void onThread(Runnable r) {
        try {
            coordinatorThread.execute(r);
        } catch (RejectedExecutionException e) {
            // The coordinator is closing.
        }
    }
}
