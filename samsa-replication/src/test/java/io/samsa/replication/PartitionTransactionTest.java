package io.samsa.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.FetchDataInfo;
import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on a replicated partition: the last stable offset on leader and follower, read_committed reads,
 * and markers that count only once the high watermark passes them.
 */
class PartitionTransactionTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final short ACKS_ALL = -1;
    private static final short EPOCH = 0;

    @TempDir
    File dir;

    private final MockTime time = new MockTime(0L, 1_000_000L, 0L);
    private Log leaderLog;
    private Log followerLog;
    private Partition leader;
    private Partition follower;

    @BeforeEach
    void open() throws IOException {
        leaderLog = Log.open(new LogParams(new File(dir, "1"), TP, LogConfig.defaults(), time, 0L, 0L, true));
        followerLog = Log.open(new LogParams(new File(dir, "2"), TP, LogConfig.defaults(), time, 0L, 0L, true));
        Uuid topicId = Uuid.randomUuid();
        leader = new Partition(TP, topicId, leaderLog, 1, ReplicationConfig.of(1, 10_000), new RecordingIsrUpdater(),
                time);
        leader.makeLeader(new LeaderAndIsr(1, 5, List.of(1, 2), List.of(1, 2), 10));
        follower = new Partition(TP, topicId, followerLog, 2, ReplicationConfig.of(1, 10_000),
                new RecordingIsrUpdater(), time);
        follower.makeFollower(new LeaderAndIsr(1, 5, List.of(1, 2), List.of(1, 2), 10));
    }

    @AfterEach
    void close() {
        leaderLog.close();
        followerLog.close();
    }

    private static MemoryRecords txnBatch(long producerId, int baseSequence, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, EPOCH,
                baseSequence, true, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < count; i++) {
            builder.append(0L, null, ("v" + i).getBytes());
        }
        return builder.build();
    }

    /** Replica 2 fetches everything the leader has and appends it, as its fetcher would. */
    private void replicate() {
        long offset = follower.logEndOffset();
        FollowerFetchResult r = leader.fetchForFollower(new FollowerFetch(2, -1L, offset, offset == 0 ? -1 : 5, 0L,
                Optional.of(5), 1 << 20, true));
        follower.appendAsFollower(toMemory(r.records()), r.highWatermark());
        // The next fetch tells the leader what the follower now has; the one after brings the new high watermark.
        for (int i = 0; i < 2; i++) {
            FollowerFetchResult again = leader.fetchForFollower(new FollowerFetch(2, -1L, follower.logEndOffset(), 5,
                    0L, Optional.of(5), 1 << 20, true));
            follower.appendAsFollower(MemoryRecords.EMPTY, again.highWatermark());
        }
    }

    private static MemoryRecords toMemory(Records records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(b);
        }
        return MemoryRecords.readableRecords(b.flip());
    }

    private long lastOffsetReadCommitted() {
        FetchDataInfo data = leader.readForConsumer(0, 1 << 20, true, Optional.empty(), false,
                IsolationLevel.READ_COMMITTED);
        long last = -1;
        for (RecordBatch b : data.records().batches()) {
            last = b.lastOffset();
        }
        return last;
    }

    @Test
    void aMarkerCountsOnlyOnceTheHighWatermarkPassesItAndThenTheLastStableOffsetMoves() {
        leader.appendAsLeader(MemoryRecords.withRecords(Compression.NONE,
                new org.apache.kafka.common.record.SimpleRecord("a".getBytes())), ACKS_ALL);   // 0
        leader.appendAsLeader(txnBatch(7L, 0, 3), ACKS_ALL);                                  // 1..3
        replicate();
        assertThat(leader.highWatermark()).isEqualTo(4);
        assertThat(leader.lastStableOffset()).isEqualTo(1);
        assertThat(follower.lastStableOffset()).isEqualTo(1);
        assertThat(lastOffsetReadCommitted()).isZero();

        long markerOffset = leader.appendMarker(7L, EPOCH, 0, false).lastOffset();
        assertThat(markerOffset).isEqualTo(4);
        CompletableFuture<Errors> committed = leader.awaitHighWatermark(markerOffset + 1);
        assertThat(committed).isNotDone();
        assertThat(leader.lastStableOffset()).isEqualTo(1);

        replicate();
        assertThat(committed).isCompletedWithValue(Errors.NONE);
        assertThat(leader.lastStableOffset()).isEqualTo(5);
        assertThat(follower.lastStableOffset()).isEqualTo(5);
        assertThat(lastOffsetReadCommitted()).isEqualTo(4);
        assertThat(leader.abortedTransactions(0, 5)).containsExactly(
                new FetchResponseData.AbortedTransaction().setProducerId(7L).setFirstOffset(1));
        assertThat(follower.abortedTransactions(0, 5)).containsExactly(
                new FetchResponseData.AbortedTransaction().setProducerId(7L).setFirstOffset(1));
    }

    @Test
    void aFollowerMadeLeaderKeepsTheOpenTransactions() {
        leader.appendAsLeader(txnBatch(7L, 0, 2), ACKS_ALL);
        leader.appendAsLeader(txnBatch(8L, 0, 2), ACKS_ALL);
        leader.appendMarker(8L, EPOCH, 0, true);
        replicate();
        assertThat(follower.highWatermark()).isEqualTo(5);

        follower.makeLeader(new LeaderAndIsr(2, 6, List.of(2), List.of(1, 2), 11));

        assertThat(follower.lastStableOffset()).isZero();
        follower.appendMarker(7L, EPOCH, 0, true);
        assertThat(follower.lastStableOffset()).isEqualTo(6);
    }

    @Test
    void aReadCommittedFetchWaitsForTheLastStableOffsetAndGetsTheAbortedTransactions() {
        leader.makeLeader(new LeaderAndIsr(1, 6, List.of(1), List.of(1, 2), 11));
        leader.appendAsLeader(txnBatch(7L, 0, 2), ACKS_ALL);                                  // 0..1
        assertThat(leader.highWatermark()).isEqualTo(2);
        ReplicaManager manager = new ReplicaManager((delayMs, task) -> () -> true, Runnable::run);
        manager.addPartition(leader);
        TopicIdPartition tip = new TopicIdPartition(leader.topicId(), TP);
        FetchParams params = new FetchParams(60_000, 1, 1 << 20).withIsolation(IsolationLevel.READ_COMMITTED);

        CompletableFuture<List<PartitionFetchResult>> waiting = manager.fetch(params,
                List.of(new PartitionFetch(tip, 0, 1 << 20, Optional.empty())));
        assertThat(waiting).as("nothing is stable below the open transaction").isNotDone();

        leader.appendMarker(7L, EPOCH, 0, false);                                              // 2
        assertThat(waiting).isDone();
        PartitionFetchResult result = waiting.join().get(0);
        assertThat(result.lastStableOffset()).isEqualTo(3);
        assertThat(result.abortedTransactions()).containsExactly(
                new FetchResponseData.AbortedTransaction().setProducerId(7L).setFirstOffset(0));
        assertThat(result.records().sizeInBytes()).isPositive();

        PartitionFetchResult uncommitted = manager.fetch(new FetchParams(0, 1, 1 << 20),
                List.of(new PartitionFetch(tip, 0, 1 << 20, Optional.empty()))).join().get(0);
        assertThat(uncommitted.abortedTransactions()).isNull();
    }
}
