package io.samsa.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transaction coordinator's state machine on a mock clock, as a producer and the admin client see it. */
class TransactionCoordinatorTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final int EPOCH = 7;

    private final TxnTestContext ctx = new TxnTestContext();

    @AfterEach
    void close() {
        ctx.close();
    }

    private List<TransactionState> loggedStates() {
        return ctx.logValues().stream().map(v -> v == null ? TransactionState.DEAD : v.state()).toList();
    }

    // ---- InitProducerId ----

    @Test
    void aNewTransactionalIdGetsANewProducerIdAtEpochZeroWrittenAsEmpty() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData r = ctx.init("a", 60_000);
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.producerId()).isEqualTo(1000);
        assertThat(r.producerEpoch()).isEqualTo((short) 0);
        assertThat(loggedStates()).containsExactly(TransactionState.EMPTY);
        assertThat(ctx.logValues().get(0).timeoutMs()).isEqualTo(60_000);
    }

    @Test
    void timeoutsOutsideOneMsToTheMaximumAreRejected() {
        ctx.elect(EPOCH);
        assertThat(ctx.init("a", 0).errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
        assertThat(ctx.init("a", TxnTestContext.MAX_TIMEOUT_MS + 1).errorCode())
            .isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
        assertThat(ctx.init("", 1000).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(ctx.logSize()).isZero();
    }

    @Test
    void aSecondProducerBumpsTheEpochAndTheFirstIsFenced() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData first = ctx.init("a", 60_000);
        InitProducerIdResponseData second = ctx.init("a", 60_000);
        assertThat(second.producerId()).isEqualTo(first.producerId());
        assertThat(second.producerEpoch()).isEqualTo((short) 1);

        assertThat(ctx.add("a", first, T0)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(ctx.end("a", first, true)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(ctx.add("a", second, T0)).isEqualTo(Errors.NONE);
    }

    @Test
    void initDuringAnOpenTransactionAbortsItWithABumpedEpochAndAsksToRetry() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData zombie = ctx.init("a", 60_000);
        ctx.add("a", zombie, T0);

        assertThat(ctx.init("a", 60_000).errorCode()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS.code());
        ctx.awaitState("a", "CompleteAbort");
        assertThat(ctx.markers.written()).containsExactly(
            new ScriptedMarkerChannel.Sent(1, T0, zombie.producerId(), (short) 1, EPOCH, false));

        InitProducerIdResponseData next = ctx.init("a", 60_000);
        assertThat(next.producerEpoch()).isEqualTo((short) 2);
        assertThat(ctx.end("a", zombie, true)).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void anExhaustedEpochGetsANewProducerId() {
        long pid = 77;
        appendState("a", new TransactionLogValue(pid, -1, -1, TransactionOperations.MAX_EPOCH, 1000,
            TransactionState.COMPLETE_COMMIT, Set.of(), 0, 0, (short) 0));
        ctx.elect(EPOCH);

        InitProducerIdResponseData r = ctx.init("a", 1000);
        assertThat(r.producerId()).isEqualTo(1000);
        assertThat(r.producerEpoch()).isEqualTo((short) 0);
        // The producer that held the exhausted epoch may retry with it (a lost response) and gets the same answer.
        assertThat(ctx.init("a", 1000, pid, TransactionOperations.MAX_EPOCH).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void kip360RecoveryBumpsTheProducersOwnEpochAndARetryGetsTheSameAnswer() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        InitProducerIdResponseData bumped = ctx.init("a", 60_000, p.producerId(), p.producerEpoch());
        assertThat(bumped.producerEpoch()).isEqualTo((short) 1);

        InitProducerIdResponseData retry = ctx.init("a", 60_000, p.producerId(), p.producerEpoch());
        assertThat(retry.producerId()).isEqualTo(bumped.producerId());
        assertThat(retry.producerEpoch()).isEqualTo((short) 1);

        assertThat(ctx.init("a", 60_000, 4242, (short) 0).errorCode()).isEqualTo(Errors.PRODUCER_FENCED.code());
    }

    // ---- a transaction's life ----

    @Test
    void commitWritesPrepareThenMarkersToEveryPartitionThenComplete() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        assertThat(ctx.add("a", p, T0)).isEqualTo(Errors.NONE);
        assertThat(ctx.add("a", p, T1)).isEqualTo(Errors.NONE);
        assertThat(ctx.add("a", p, T1)).as("already in the transaction: nothing written").isEqualTo(Errors.NONE);
        assertThat(ctx.describe("a").topics().find("t").partitions()).containsExactlyInAnyOrder(0, 1);

        assertThat(ctx.end("a", p, true)).isEqualTo(Errors.NONE);
        ctx.awaitState("a", "CompleteCommit");

        assertThat(loggedStates()).containsExactly(TransactionState.EMPTY, TransactionState.ONGOING,
            TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.COMPLETE_COMMIT);
        assertThat(ctx.markers.written()).containsExactlyInAnyOrder(
            new ScriptedMarkerChannel.Sent(1, T0, p.producerId(), p.producerEpoch(), EPOCH, true),
            new ScriptedMarkerChannel.Sent(1, T1, p.producerId(), p.producerEpoch(), EPOCH, true));
        assertThat(ctx.describe("a").topics()).isEmpty();
    }

    @Test
    void abortWritesAbortMarkersAndEndsInCompleteAbort() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        assertThat(ctx.end("a", p, false)).isEqualTo(Errors.NONE);
        ctx.awaitState("a", "CompleteAbort");
        assertThat(ctx.markers.written()).extracting(ScriptedMarkerChannel.Sent::commit).containsExactly(false);
    }

    @Test
    void endTxnRetriesAndWrongOutcomesAreAnsweredAsKafkaDoes() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        assertThat(ctx.end("a", p, true)).as("nothing to end").isEqualTo(Errors.INVALID_TXN_STATE);

        ctx.markers.unreachable(true);
        ctx.add("a", p, T0);
        assertThat(ctx.end("a", p, true)).isEqualTo(Errors.NONE);
        assertThat(ctx.state("a")).isEqualTo("PrepareCommit");
        assertThat(ctx.end("a", p, true)).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(ctx.end("a", p, false)).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(ctx.add("a", p, T1)).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(ctx.init("a", 60_000).errorCode()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS.code());

        ctx.markers.unreachable(false);
        ctx.advance(TxnTestContext.BACKOFF_MS);
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.end("a", p, true)).as("a retried commit").isEqualTo(Errors.NONE);
        assertThat(ctx.end("a", p, false)).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(ctx.add("a", p, T1)).as("the next transaction").isEqualTo(Errors.NONE);
    }

    @Test
    void unknownIdsAndOtherProducerIdsAreRejected() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        InitProducerIdResponseData other = new InitProducerIdResponseData().setProducerId(p.producerId() + 1)
            .setProducerEpoch(p.producerEpoch());
        assertThat(ctx.add("a", other, T0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(ctx.add("nope", p, T0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(ctx.end("nope", p, true)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
    }

    @Test
    void verifyOnlyReportsWhetherEachPartitionIsInTheOngoingTransaction() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        int before = ctx.logSize();
        assertThat(TxnTestContext.get(ctx.coordinator.verifyPartitions("a", p.producerId(), p.producerEpoch(),
            Set.of(T0, T1)))).containsEntry(T0, Errors.NONE).containsEntry(T1, Errors.TRANSACTION_ABORTABLE);
        assertThat(TxnTestContext.get(ctx.coordinator.verifyPartitions("a", p.producerId(),
            (short) (p.producerEpoch() - 1), Set.of(T0)))).containsEntry(T0, Errors.PRODUCER_FENCED);
        assertThat(ctx.logSize()).isEqualTo(before);
    }

    // ---- timeouts ----

    @Test
    void aTransactionOpenPastItsTimeoutIsAbortedWithAnEpochFence() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 1_000);
        ctx.add("a", p, T0);
        ctx.advance(TxnTestContext.ABORT_INTERVAL_MS);
        ctx.awaitState("a", "CompleteAbort");

        assertThat(ctx.describe("a").producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
        assertThat(ctx.markers.written()).containsExactly(
            new ScriptedMarkerChannel.Sent(1, T0, p.producerId(), (short) 1, EPOCH, false));
        assertThat(ctx.end("a", p, true)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(ctx.add("a", p, T0)).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void aTransactionWithinItsTimeoutIsLeftAlone() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        ctx.advance(TxnTestContext.ABORT_INTERVAL_MS);
        assertThat(ctx.state("a")).isEqualTo("Ongoing");
        assertThat(ctx.markers.sent()).isEmpty();
    }

    @Test
    void anIdleTransactionalIdExpiresWithATombstone() {
        ctx.elect(EPOCH);
        ctx.init("a", 60_000);
        ctx.advance(TxnTestContext.EXPIRATION_MS);
        ctx.advance(TxnTestContext.EXPIRE_INTERVAL_MS);
        assertThat(ctx.describe("a").errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        assertThat(loggedStates()).containsExactly(TransactionState.EMPTY, TransactionState.DEAD);
        assertThat(ctx.writer.records(TxnTestContext.STATE_TP).get(1).hasValue()).isFalse();

        assertThat(ctx.restart(EPOCH + 1).describe("a").errorCode())
            .isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
    }

    // ---- markers ----

    @Test
    void aMarkerRejectedByAFormerLeaderIsResentAfterTheBackoff() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        ctx.markers.answer(T0, Errors.NOT_LEADER_OR_FOLLOWER);
        ctx.markers.leader(T0, Optional.of(2));
        ctx.end("a", p, true);
        assertThat(ctx.state("a")).isEqualTo("PrepareCommit");

        ctx.advance(TxnTestContext.BACKOFF_MS);
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.markers.written()).extracting(ScriptedMarkerChannel.Sent::broker).containsExactly(2);
    }

    @Test
    void aDeletedPartitionIsDroppedFromTheMarkers() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0, T1);
        ctx.markers.leader(T1, Optional.empty());
        ctx.end("a", p, true);
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.markers.written()).extracting(ScriptedMarkerChannel.Sent::tp).containsExactly(T0);
    }

    @Test
    void aPartitionWithoutALeaderIsRetriedUntilItHasOne() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        ctx.markers.leader(T0, Optional.of(TxnMarkerChannel.NO_LEADER));
        ctx.end("a", p, true);
        ctx.advance(TxnTestContext.BACKOFF_MS);
        assertThat(ctx.state("a")).isEqualTo("PrepareCommit");

        ctx.markers.leader(T0, Optional.of(3));
        ctx.advance(TxnTestContext.BACKOFF_MS);
        ctx.awaitState("a", "CompleteCommit");
    }

    @Test
    void aFencedMarkerAbandonsTheCompletion() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        ctx.markers.answer(T0, Errors.TRANSACTION_COORDINATOR_FENCED);
        ctx.end("a", p, true);
        ctx.advance(TxnTestContext.BACKOFF_MS);
        assertThat(ctx.state("a")).isEqualTo("PrepareCommit");
        assertThat(ctx.markers.sent()).hasSize(1);
    }

    // ---- loading and leadership ----

    @Test
    void requestsBeforeElectionOrWhileLoadingAreTurnedAway() {
        assertThat(ctx.init("a", 1000).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
        ctx.writer.closeReplayGate();
        ctx.coordinator.onElection(0, EPOCH);
        assertThat(ctx.init("a", 1000).errorCode()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        ctx.writer.openReplayGate();
        ctx.elect(EPOCH);
        assertThat(ctx.init("a", 1000).errorCode()).isEqualTo(Errors.NONE.code());

        ctx.coordinator.onResignation(0);
        assertThat(ctx.init("a", 1000).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    }

    @Test
    void loadingRestoresEveryStateAndCompletesTheDecidedTransactions() {
        append("empty", 10, TransactionState.EMPTY, Set.of());
        append("ongoing", 11, TransactionState.ONGOING, Set.of(T0));
        append("committing", 12, TransactionState.PREPARE_COMMIT, Set.of(T0, T1));
        append("aborting", 13, TransactionState.PREPARE_ABORT, Set.of(T1));
        append("committed", 14, TransactionState.COMPLETE_COMMIT, Set.of());
        append("aborted", 15, TransactionState.COMPLETE_ABORT, Set.of());
        append("expired", 16, TransactionState.EMPTY, Set.of());
        ctx.writer.append(TxnTestContext.STATE_TP,
            List.of(new SimpleRecord(0L, TransactionLogSerde.key("expired"), null)));

        ctx.elect(EPOCH);
        ctx.awaitState("committing", "CompleteCommit");
        ctx.awaitState("aborting", "CompleteAbort");
        assertThat(ctx.state("empty")).isEqualTo("Empty");
        assertThat(ctx.state("ongoing")).isEqualTo("Ongoing");
        assertThat(ctx.describe("ongoing").producerId()).isEqualTo(11);
        assertThat(ctx.state("committed")).isEqualTo("CompleteCommit");
        assertThat(ctx.state("aborted")).isEqualTo("CompleteAbort");
        assertThat(ctx.describe("expired").errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        assertThat(ctx.markers.written()).containsExactlyInAnyOrder(
            new ScriptedMarkerChannel.Sent(1, T0, 12, (short) 3, EPOCH, true),
            new ScriptedMarkerChannel.Sent(1, T1, 12, (short) 3, EPOCH, true),
            new ScriptedMarkerChannel.Sent(1, T1, 13, (short) 3, EPOCH, false));
    }

    @Test
    void aCrashBetweenPrepareCommitAndTheMarkersIsCompletedByTheNextCoordinator() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        ctx.markers.unreachable(true);
        ctx.end("a", p, true);
        ctx.settle();

        ctx.markers.unreachable(false);
        ctx.restart(EPOCH + 1);
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.markers.written()).containsExactly(
            new ScriptedMarkerChannel.Sent(1, T0, p.producerId(), p.producerEpoch(), EPOCH + 1, true));
        assertThat(ctx.init("a", 60_000).producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
    }

    // ---- admin ----

    @Test
    void listFiltersByStateProducerIdAndDuration() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData a = ctx.init("a", 60_000);
        InitProducerIdResponseData b = ctx.init("b", 60_000);
        ctx.add("a", a, T0);
        ctx.advance(5_000);

        assertThat(ids(List.of(), List.of(), -1)).containsExactlyInAnyOrder("a", "b");
        assertThat(ids(List.of("Ongoing"), List.of(), -1)).containsExactly("a");
        assertThat(ids(List.of(), List.of(b.producerId()), -1)).containsExactly("b");
        assertThat(ids(List.of("Ongoing"), List.of(), 5_000)).containsExactly("a");
        assertThat(ids(List.of("Ongoing"), List.of(), 6_000)).isEmpty();
        // Kafka's quirk, kept: an id without a transaction (start time -1) passes any duration filter.
        assertThat(ids(List.of(), List.of(), 6_000)).containsExactly("b");
        ListTransactionsResponseData r = TxnTestContext.get(ctx.coordinator.list(List.of("Bogus"), List.of(), -1));
        assertThat(r.unknownStateFilters()).containsExactly("Bogus");
        assertThat(r.transactionStates()).isEmpty();
    }

    private List<String> ids(List<String> states, List<Long> producerIds, long minDurationMs) {
        return TxnTestContext.get(ctx.coordinator.list(states, producerIds, minDurationMs)).transactionStates()
            .stream().map(ListTransactionsResponseData.TransactionState::transactionalId).toList();
    }

    private void append(String id, long producerId, TransactionState state, Set<TopicPartition> partitions) {
        appendState(id, new TransactionLogValue(producerId, -1, -1, (short) 3, 60_000, state, partitions, 0,
            state == TransactionState.EMPTY ? -1 : 0, (short) 0));
    }

    private void appendState(String id, TransactionLogValue v) {
        ctx.writer.append(TxnTestContext.STATE_TP, List.of(new SimpleRecord(0L, TransactionLogSerde.key(id),
            TransactionLogSerde.value(v))));
    }
}
