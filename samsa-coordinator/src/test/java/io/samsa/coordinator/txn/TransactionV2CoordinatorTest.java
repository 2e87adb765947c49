package io.samsa.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions v2 (KIP-890 part 2) in the coordinator, on a mock clock: partitions added by their leaders, an epoch
 * bump with every EndTxn v5, retries recognised by the epoch before the bump, and a new producer id when the epoch runs
 * out.
 */
class TransactionV2CoordinatorTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final int EPOCH = 7;

    private final TxnTestContext ctx = new TxnTestContext();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void everyCommitBumpsTheEpochAndTheMarkersCarryTheNewOne() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        long pid = p.producerId();
        short e = p.producerEpoch();
        assertThat(ctx.addV2("a", pid, e, T0, T1)).isEqualTo(Errors.NONE);

        EndTxnResult ended = ctx.endV2("a", pid, e, true);
        assertThat(ended).isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 1)));
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.markers.written()).containsExactlyInAnyOrder(
            new ScriptedMarkerChannel.Sent(1, T0, pid, (short) (e + 1), EPOCH, true),
            new ScriptedMarkerChannel.Sent(1, T1, pid, (short) (e + 1), EPOCH, true));
        TransactionLogValue prepare = ctx.logValues().stream()
            .filter(v -> v != null && v.state() == TransactionState.PREPARE_COMMIT).findFirst().orElseThrow();
        assertThat(prepare.clientTransactionVersion()).isEqualTo((short) 2);

        // The next transaction runs at the new epoch; the old one is fenced.
        assertThat(ctx.addV2("a", pid, e, T0)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(ctx.addV2("a", pid, (short) (e + 1), T0)).isEqualTo(Errors.NONE);
        assertThat(ctx.endV2("a", pid, (short) (e + 1), false))
            .isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 2)));
    }

    @Test
    void aRetriedEndTxnIsRecognisedByTheEpochBeforeTheBump() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        long pid = p.producerId();
        short e = p.producerEpoch();
        ctx.markers.unreachable(true);
        ctx.addV2("a", pid, e, T0);
        assertThat(ctx.endV2("a", pid, e, true).error()).isEqualTo(Errors.NONE);
        assertThat(ctx.endV2("a", pid, e, true).error()).as("still writing markers")
            .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(ctx.addV2("a", pid, (short) (e + 1), T0)).as("the next transaction waits")
            .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(ctx.endV2("a", pid, (short) (e + 1), false).error())
            .as("the next transaction ended at once (an abort before anything was sent) waits too, unfenced")
            .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);

        ctx.markers.unreachable(false);
        ctx.advance(TxnTestContext.BACKOFF_MS);
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.endV2("a", pid, e, true)).as("a retry after the response was lost")
            .isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 1)));
        assertThat(ctx.endV2("a", pid, e, false).error()).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(ctx.endV2("a", pid, (short) (e - 1), true).error()).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void anAbortWithNothingAddedIsAcceptedAndBumpsTheEpoch() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        long pid = p.producerId();
        short e = p.producerEpoch();
        assertThat(ctx.endV2("a", pid, e, true).error()).as("nothing to commit").isEqualTo(Errors.INVALID_TXN_STATE);

        assertThat(ctx.endV2("a", pid, e, false)).isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 1)));
        ctx.awaitState("a", "CompleteAbort");
        assertThat(ctx.markers.written()).isEmpty();
        // From a completed transaction too, at the current epoch.
        assertThat(ctx.endV2("a", pid, (short) (e + 1), false))
            .isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 2)));
    }

    @Test
    void anExhaustedEpochHandsOverANewProducerIdAtTheEnd() {
        long pid = 77;
        short last = TransactionOperations.MAX_EPOCH;
        appendState("a", new TransactionLogValue(pid, -1, -1, last, 60_000, TransactionState.ONGOING, Set.of(T0), 0,
            0, (short) 2));
        ctx.elect(EPOCH);

        EndTxnResult ended = ctx.endV2("a", pid, last, true);
        assertThat(ended).isEqualTo(new EndTxnResult(Errors.NONE, 1000, (short) 0));
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.markers.written()).containsExactly(
            new ScriptedMarkerChannel.Sent(1, T0, pid, Short.MAX_VALUE, EPOCH, true));
        assertThat(ctx.describe("a").producerId()).isEqualTo(1000);
        assertThat(ctx.describe("a").producerEpoch()).isEqualTo((short) 0);

        assertThat(ctx.endV2("a", pid, last, true)).as("a retry with the old producer id")
            .isEqualTo(new EndTxnResult(Errors.NONE, 1000, (short) 0));
        assertThat(ctx.addV2("a", 1000, (short) 0, T1)).isEqualTo(Errors.NONE);
    }

    @Test
    void aTimedOutTransactionIsAbortedWithOneBumpAndItsProducerGoesOnAfterItsAbort() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 1_000);
        long pid = p.producerId();
        short e = p.producerEpoch();
        ctx.addV2("a", pid, e, T0);
        ctx.advance(TxnTestContext.ABORT_INTERVAL_MS);
        ctx.awaitState("a", "CompleteAbort");
        assertThat(ctx.markers.written()).containsExactly(
            new ScriptedMarkerChannel.Sent(1, T0, pid, (short) (e + 1), EPOCH, false));

        assertThat(ctx.endV2("a", pid, e, true).error()).as("its commit cannot have happened: fenced")
            .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(ctx.endV2("a", pid, e, false)).isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 1)));
        assertThat(ctx.addV2("a", pid, (short) (e + 1), T0)).isEqualTo(Errors.NONE);
    }

    @Test
    void aRestartedCoordinatorKeepsTheTransactionVersion() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        long pid = p.producerId();
        short e = p.producerEpoch();
        ctx.addV2("a", pid, e, T0);
        ctx.endV2("a", pid, e, true);
        ctx.awaitState("a", "CompleteCommit");

        ctx.restart(EPOCH + 1);
        assertThat(ctx.endV2("a", pid, e, true)).as("a retry after a coordinator move")
            .isEqualTo(new EndTxnResult(Errors.NONE, pid, (short) (e + 1)));
    }

    @Test
    void aFirstProtocolEndTxnDoesNotBumpTheEpoch() {
        ctx.elect(EPOCH);
        InitProducerIdResponseData p = ctx.init("a", 60_000);
        ctx.add("a", p, T0);
        assertThat(ctx.end("a", p, true)).isEqualTo(Errors.NONE);
        ctx.awaitState("a", "CompleteCommit");
        assertThat(ctx.describe("a").producerEpoch()).isEqualTo(p.producerEpoch());
        assertThat(ctx.markers.written()).extracting(ScriptedMarkerChannel.Sent::epoch)
            .containsExactly(p.producerEpoch());
    }

    private void appendState(String id, TransactionLogValue v) {
        ctx.writer.append(TxnTestContext.STATE_TP, List.of(new SimpleRecord(0L, TransactionLogSerde.key(id),
            TransactionLogSerde.value(v))));
    }
}
