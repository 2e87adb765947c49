package io.samsa.coordinator.txn;

import static org.awaitility.Awaitility.await;

import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import io.samsa.coordinator.runtime.ManualDelayTimer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.MockTime;

/**
 * A transaction coordinator of one {@code __transaction_state} partition on a mock clock, an in-memory log, a
 * scripted marker channel and producer ids counting from 1000; helpers speak like a producer. Close it after use.
 */
final class TxnTestContext implements AutoCloseable {
    static final int MAX_TIMEOUT_MS = 900_000;
    static final long EXPIRATION_MS = 7L * 24 * 3600 * 1000;
    static final long ABORT_INTERVAL_MS = 10_000;
    static final long EXPIRE_INTERVAL_MS = 3_600_000;
    static final long BACKOFF_MS = 100;
    static final TopicPartition STATE_TP = new TopicPartition(TransactionCoordinator.TOPIC, 0);

    final MockTime time;
    final ManualDelayTimer timer;
    final InMemoryPartitionWriter writer;
    final ScriptedMarkerChannel markers;
    final AtomicLong nextProducerId = new AtomicLong(1000);
    TransactionCoordinator coordinator;

    TxnTestContext() {
        this(new InMemoryPartitionWriter(), new ScriptedMarkerChannel());
    }

    TxnTestContext(InMemoryPartitionWriter writer, ScriptedMarkerChannel markers) {
        this.time = new MockTime(0L, 1_000_000L, 0L);
        this.timer = new ManualDelayTimer(time);
        this.writer = writer;
        this.markers = markers;
        this.coordinator = newCoordinator();
    }

    TransactionCoordinator newCoordinator() {
        return new TransactionCoordinator(new TransactionCoordinatorConfig(1, MAX_TIMEOUT_MS, EXPIRATION_MS,
            ABORT_INTERVAL_MS, EXPIRE_INTERVAL_MS, BACKOFF_MS), writer, markers, nextProducerId::getAndIncrement,
            time, timer);
    }

    TxnTestContext elect(int epoch) {
        coordinator.onElection(0, epoch);
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isActive(0));
        return this;
    }

    /** Closes the coordinator and starts a new one on the same log, as after a crash and restart. */
    TxnTestContext restart(int epoch) {
        coordinator.close();
        coordinator = newCoordinator();
        return elect(epoch);
    }

    InitProducerIdResponseData init(String id, int timeoutMs) {
        return init(id, timeoutMs, -1, (short) -1);
    }

    InitProducerIdResponseData init(String id, int timeoutMs, long producerId, short epoch) {
        return get(coordinator.initProducerId(id, timeoutMs, producerId, epoch));
    }

    Errors add(String id, InitProducerIdResponseData p, TopicPartition... tps) {
        return get(coordinator.addPartitions(id, p.producerId(), p.producerEpoch(), Set.of(tps), (short) 0));
    }

    /** Adds partitions as a partition leader does for a transactions v2 producer. */
    Errors addV2(String id, long producerId, short epoch, TopicPartition... tps) {
        return get(coordinator.addPartitions(id, producerId, epoch, Set.of(tps), (short) 2));
    }

    Errors end(String id, InitProducerIdResponseData p, boolean commit) {
        return get(coordinator.endTransaction(id, p.producerId(), p.producerEpoch(), commit, false)).error();
    }

    /** EndTxn v5 (transactions v2). */
    EndTxnResult endV2(String id, long producerId, short epoch, boolean commit) {
        return get(coordinator.endTransaction(id, producerId, epoch, commit, true));
    }

    DescribeTransactionsResponseData.TransactionState describe(String id) {
        return get(coordinator.describe(id));
    }

    String state(String id) {
        return describe(id).transactionState();
    }

    void awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> state.equals(state(id)));
    }

    /** Lets the coordinator run what it has queued, then advances the clock (firing due timers), then settles again. */
    void advance(long ms) {
        settle();
        time.sleep(ms);
        settle();
    }

    /**
     * Waits until the coordinator thread ran every task queued so far, and the tasks those queued: a response that
     * completes a task may be sent before that task queues its follow-up (say, the markers after EndTxn), so one
     * barrier behind it is not enough; a second one is queued after the task finished.
     */
    void settle() {
        get(coordinator.describe("sync-barrier"));
        get(coordinator.describe("sync-barrier"));
    }

    int logSize() {
        return writer.records(STATE_TP).size();
    }

    List<TransactionLogValue> logValues() {
        return writer.records(STATE_TP).stream()
            .map(r -> TransactionLogSerde.readValue(r.hasValue() ? r.value() : null)).toList();
    }

    static <T> T get(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
