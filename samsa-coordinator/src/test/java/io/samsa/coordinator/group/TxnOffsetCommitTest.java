package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/**
 * Offsets sent with a transaction (TxnOffsetCommit): invisible until the commit marker, dropped by an abort,
 * UNSTABLE_OFFSET_COMMIT for {@code require_stable} fetches meanwhile, and held pending across a reload until the
 * marker in the log decides them.
 */
class TxnOffsetCommitTest {
    private static final long PID = 4000;
    private static final short EPOCH = 3;

    private static TxnOffsetCommitResponseData txnCommit(GroupTestContext ctx, String group, long offset) {
        return await(ctx.coordinator.txnOffsetCommit(ctx((short) 3), new TxnOffsetCommitRequestData()
            .setTransactionalId("tx").setGroupId(group).setProducerId(PID).setProducerEpoch(EPOCH)
            .setGenerationId(-1).setMemberId("")
            .setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("foo")
                .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                    .setPartitionIndex(0).setCommittedOffset(offset).setCommittedLeaderEpoch(-1)))))));
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions fetch(GroupTestContext ctx, String group,
                                                                               boolean requireStable) {
        OffsetFetchResponseData.OffsetFetchResponseGroup g = await(ctx.coordinator.fetchOffsets(ctx((short) 8),
            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("foo").setPartitionIndexes(List.of(0)))),
            requireStable));
        return g.topics().get(0).partitions().get(0);
    }

    @Test
    void offsetsBecomeVisibleOnlyWithTheCommitMarker() {
        try (GroupTestContext ctx = new GroupTestContext().electAll()) {
            TxnOffsetCommitResponseData r = txnCommit(ctx, "g", 42);
            assertThat(r.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());

            assertThat(fetch(ctx, "g", false).committedOffset()).isEqualTo(-1L);
            assertThat(fetch(ctx, "g", true).errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());

            await(ctx.coordinator.completeTransaction(0, PID, true));
            assertThat(fetch(ctx, "g", true).committedOffset()).isEqualTo(42L);
            assertThat(fetch(ctx, "g", true).errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void anAbortDropsThePendingOffsets() {
        try (GroupTestContext ctx = new GroupTestContext().electAll()) {
            txnCommit(ctx, "g", 42);
            await(ctx.coordinator.completeTransaction(0, PID, false));
            assertThat(fetch(ctx, "g", true).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(fetch(ctx, "g", true).committedOffset()).isEqualTo(-1L);
        }
    }

    @Test
    void theOffsetsAreATransactionalBatchOfTheProducerInTheLog() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        try (GroupTestContext ctx = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log,
            new MockTime(0L, 1_000_000L, 0L)).electAll()) {
            txnCommit(ctx, "g", 42);
            txnCommit(ctx, "g", 43);
        }
        TopicPartition tp = new TopicPartition("__consumer_offsets", 0);
        List<RecordBatch> batches = log.batches(tp);
        assertThat(batches).hasSize(2).allSatisfy(b -> {
            assertThat(b.isTransactional()).isTrue();
            assertThat(b.producerId()).isEqualTo(PID);
            assertThat(b.producerEpoch()).isEqualTo(EPOCH);
        });
        assertThat(batches).extracting(RecordBatch::baseSequence).containsExactly(0, 1);
    }

    @Test
    void aReloadHoldsTransactionalOffsetsUntilTheirMarker() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        TopicPartition tp = new TopicPartition("__consumer_offsets", 0);
        try (GroupTestContext first = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            first.electAll();
            txnCommit(first, "g1", 7);
            txnCommit(first, "g2", 8);
        }
        // No marker yet: a reload keeps both offsets pending.
        try (GroupTestContext second = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            second.electAll();
            assertThat(fetch(second, "g1", true).errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());
        }
        log.appendMarker(tp, PID, EPOCH, true); // what WriteTxnMarkers appends for the commit
        try (GroupTestContext third = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            third.electAll();
            assertThat(fetch(third, "g1", true).committedOffset()).isEqualTo(7L);
            assertThat(fetch(third, "g2", true).committedOffset()).isEqualTo(8L);
            assertThat(third.describe("g1").groupState()).isEqualTo("Empty");
        }
    }

    @Test
    void aMarkerArrivingWhileThePartitionLoadsIsAppliedOnceLoaded() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        try (GroupTestContext first = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            first.electAll();
            txnCommit(first, "g", 11);
        }
        try (GroupTestContext second = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            log.closeReplayGate();
            second.coordinator.onElection(0);
            // The WriteTxnMarkers handler completes the transaction while the replay is still running (its marker
            // lies past what the replay reads).
            CompletableFuture<Void> completed = second.coordinator.completeTransaction(0, PID, true);
            assertThat(completed).isNotDone();
            log.openReplayGate();
            await(completed);
            second.awaitActive(0);
            assertThat(fetch(second, "g", true).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(fetch(second, "g", true).committedOffset()).isEqualTo(11L);
        }
    }

    @Test
    void aReloadedCoordinatorContinuesTheProducersSequence() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        try (GroupTestContext first = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            first.electAll();
            txnCommit(first, "g", 1);
            txnCommit(first, "g", 2);
        }
        try (GroupTestContext second = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            second.electAll();
            txnCommit(second, "g", 3);
        }
        assertThat(log.batches(new TopicPartition("__consumer_offsets", 0)))
            .extracting(RecordBatch::baseSequence).containsExactly(0, 1, 2);
    }
}
