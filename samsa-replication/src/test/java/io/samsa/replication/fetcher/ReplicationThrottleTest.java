package io.samsa.replication.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.replication.FetchParams;
import io.samsa.replication.LeaderAndIsr;
import io.samsa.replication.Partition;
import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import io.samsa.replication.ReplicaManager;
import io.samsa.replication.ReplicationConfig;
import io.samsa.replication.quota.ReplicaQuota;
import io.samsa.replication.quota.ReplicationQuota;
import io.samsa.replication.quota.ThrottledPartitions;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication throttling through the real fetch paths: broker 1 leads, broker 2 is in the ISR, broker 3 is a replica
 * being added (not in the ISR). The leader's quota holds back throttled partitions from broker 3 once exceeded, but
 * never from broker 2; broker 3's own follower quota stops it asking; both recover when the rate falls.
 */
class ReplicationThrottleTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final Uuid TOPIC_ID = Uuid.randomUuid();
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);
    private static final int VALUE_BYTES = 1_000;
    private static final long WINDOW_MS = 1_000;

    @TempDir
    File dir;

    private final MockTime time = new MockTime(0L, 1_000_000L, 0L);
    private ReplicaSet replicas;
    private Map<Integer, ReplicaManager> managers;
    private Map<Integer, Partition> partitions;
    private InProcessFetchClient client;
    private final ReplicationQuota leaderQuota = new ReplicationQuota(11, WINDOW_MS, time);
    private final ReplicationQuota followerQuota = new ReplicationQuota(11, WINDOW_MS, time);
    private final FetcherConfig config3 = new FetcherConfig(3, 1, 0, 1, 2_500, 10 << 20, 500, 1000);
    private ReplicaFetcher fetcher3;

    @BeforeEach
    void start() throws IOException {
        // A waiting fetch never times out here: it completes only when woken.
        replicas = new ReplicaSet(dir, TP, TOPIC_ID, REPLICAS, ReplicationConfig.of(1, 1_000_000), time,
                id -> id == 1 ? leaderQuota : ReplicaQuota.UNLIMITED);
        managers = replicas.managers;
        partitions = replicas.partitions;
        client = replicas.client;
        // Broker 3 is not in the ISR and is far enough behind that it stays out while the test runs.
        LeaderAndIsr state = new LeaderAndIsr(1, 1, List.of(1, 2), REPLICAS, 100);
        partitions.get(1).makeLeader(state);
        partitions.get(2).makeFollower(state);
        partitions.get(3).makeFollower(state);
        for (int i = 0; i < 20; i++) {
            partitions.get(1).appendAsLeader(value(), (short) 1);
        }
        replicateFrom2();
        replicateFrom2(); // the high watermark is now the log end
        fetcher3 = new ReplicaFetcher(1, config3, () -> -1L, followerQuota);
        fetcher3.add(partitions.get(3));
    }

    @AfterEach
    void stop() {
        replicas.close();
    }

    private static MemoryRecords value() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[VALUE_BYTES]));
    }

    private void replicateFrom2() {
        FetcherConfig config = new FetcherConfig(2, 1, 0, 1, 1 << 20, 10 << 20, 100, 1000);
        ReplicaFetcher f = new ReplicaFetcher(1, config, () -> -1L);
        f.add(partitions.get(2));
        ReplicaFetcher.PreparedFetch prepared = f.prepare(time.milliseconds());
        f.handle(prepared, client.fetch(1, prepared.request()).join().data(), time.milliseconds());
    }

    /** One fetch round of broker 3; the records it got, or -1 when its fetcher did not ask. */
    private long fetchRound3() {
        long before = partitions.get(3).logEndOffset();
        ReplicaFetcher.PreparedFetch prepared = fetcher3.prepare(time.milliseconds());
        if (prepared == null) {
            return -1;
        }
        fetcher3.handle(prepared, client.fetch(1, prepared.request()).join().data(), time.milliseconds());
        return partitions.get(3).logEndOffset() - before;
    }

    private void throttleLeader(long bytesPerSecond) {
        leaderQuota.updateBound(bytesPerSecond);
        leaderQuota.markThrottled("t", ThrottledPartitions.parse("0:1,0:2", 1));
    }

    @Test
    void theLeaderHoldsBackAThrottledPartitionFromAReplicaOutOfTheIsrOnceOverItsRate() {
        throttleLeader(1_000);

        long first = fetchRound3();
        assertThat(first).as("under the rate at first").isPositive();
        assertThat(leaderQuota.bytesPerSecond()).isGreaterThan(1_000);

        assertThat(fetchRound3()).as("over the rate: nothing sent").isZero();

        time.sleep(11 * WINDOW_MS); // every sample has expired
        assertThat(fetchRound3()).isPositive();
    }

    @Test
    void theLeaderNeverHoldsBackAReplicaInTheIsr() {
        throttleLeader(1_000);
        fetchRound3();
        assertThat(leaderQuota.isQuotaExceeded()).isTrue();
        partitions.get(1).appendAsLeader(value(), (short) 1);
        long end2 = partitions.get(2).logEndOffset();

        replicateFrom2();

        assertThat(partitions.get(2).logEndOffset()).isEqualTo(end2 + 1);
    }

    @Test
    void anUnthrottledPartitionIsNotHeldBack() {
        leaderQuota.updateBound(1_000);
        leaderQuota.markThrottled("t", ThrottledPartitions.parse("1:1", 1)); // another partition
        leaderQuota.record(1_000_000);

        assertThat(fetchRound3()).isPositive();
        assertThat(fetchRound3()).isPositive();
    }

    @Test
    void newBytesOfAHeldBackPartitionDoNotWakeTheFollowersWaitingFetch() {
        throttleLeader(1_000);
        leaderQuota.record(1_000_000);
        long end = partitions.get(1).logEndOffset();
        TopicIdPartition tip = new TopicIdPartition(TOPIC_ID, TP);
        PartitionFetch atEnd = new PartitionFetch(tip, end, 1 << 20, Optional.of(1), 1, 0L);
        // Broker 3 is behind (a fetch at the end would bring it into the ISR): it has bytes to get, held back.
        PartitionFetch behind = new PartitionFetch(tip, 5, 1 << 20, Optional.of(1), 1, 0L);

        CompletableFuture<List<PartitionFetchResult>> from3 = managers.get(1)
                .fetch(new FetchParams(500, 1, 1 << 20, 3, -1L), List.of(behind));
        assertThat(from3).as("nothing to send yet: it waits").isNotDone();
        CompletableFuture<List<PartitionFetchResult>> from2 = managers.get(1)
                .fetch(new FetchParams(500, 1, 1 << 20, 2, -1L), List.of(atEnd));
        partitions.get(1).appendAsLeader(value(), (short) 1);

        assertThat(from2).isDone();
        assertThat(from3).isNotDone();
    }

    @Test
    void theFollowerStopsAskingForAThrottledPartitionOverItsRateAndResumesLater() {
        followerQuota.updateBound(1_000);
        followerQuota.markThrottled("t", ThrottledPartitions.parse("0:3", 3));

        assertThat(fetchRound3()).isPositive();
        assertThat(followerQuota.isQuotaExceeded()).isTrue();
        assertThat(fetchRound3()).as("held back by its own quota").isEqualTo(-1);
        assertThat(fetcher3.nextReadyTimeMs()).isEqualTo(time.milliseconds() + config3.backoffMs());

        time.sleep(11 * WINDOW_MS);
        assertThat(fetchRound3()).isPositive();
    }

    @Test
    void theFollowerKeepsFetchingAPartitionItHasCaughtUpWith() {
        // Catch up unthrottled first: the follower's lag is then zero.
        while (partitions.get(3).logEndOffset() < partitions.get(1).logEndOffset()) {
            assertThat(fetchRound3()).isPositive();
        }
        fetchRound3(); // learns the high watermark it has reached
        followerQuota.updateBound(0);
        followerQuota.markThrottled("t", ThrottledPartitions.ALL);
        followerQuota.record(1_000_000);

        assertThat(fetchRound3()).as("in sync: still asked for").isNotEqualTo(-1);
    }
}
