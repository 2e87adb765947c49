package io.samsa.replication.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.replication.LeaderAndIsr;
import io.samsa.replication.Partition;
import io.samsa.replication.ReplicationConfig;
import io.samsa.replication.quota.ReplicaQuota;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetchers as the broker runs them: a {@link ReplicaFetcherManager} per follower, each fetcher looping on its
 * transport's thread against the leader's real fetch path (in process). Followers catch up and release acks=all
 * writes; a stopped fetcher appends nothing more and its thread ends; a fetch the leader never answers times out and
 * is retried, and its late answer is freed.
 */
class ReplicaFetcherLoopTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);

    @TempDir
    File dir;

    private ReplicaSet replicas;
    private final List<ReplicaFetcherManager> managers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        replicas = new ReplicaSet(dir, TP, Uuid.randomUuid(), REPLICAS, ReplicationConfig.of(2, 10_000), Time.SYSTEM,
                id -> ReplicaQuota.UNLIMITED);
        LeaderAndIsr state = new LeaderAndIsr(1, 1, REPLICAS, REPLICAS, 100);
        replicas.partition(1).makeLeader(state);
        replicas.partition(2).makeFollower(state);
        replicas.partition(3).makeFollower(state);
    }

    @AfterEach
    void stop() {
        managers.forEach(ReplicaFetcherManager::close);
        replicas.close();
    }

    /** The in-process leader, except that an empty answer comes 5 ms later on another thread, as a long poll would. */
    private ReplicaFetchClient pacedLeader() {
        return (leader, request) -> replicas.client.fetch(leader, request).thenCompose(r -> {
            boolean empty = r.data().responses().stream().flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.records() == null || p.records().sizeInBytes() == 0);
            return empty ? CompletableFuture.supplyAsync(() -> r,
                    CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS)) : CompletableFuture.completedFuture(r);
        });
    }

    private ReplicaFetcherManager follow(int broker, ReplicaFetchClient client, int maxWaitMs, long socketTimeoutMs) {
        FetcherConfig config = new FetcherConfig(broker, 1, maxWaitMs, 1, 1 << 20, 10 << 20, 50, socketTimeoutMs);
        ReplicaFetcherManager m = new ReplicaFetcherManager(config, FetcherTransportFactory.sharing(client),
                () -> -1L, Time.SYSTEM);
        managers.add(m);
        m.startFetching(replicas.partition(broker));
        return m;
    }

    private static MemoryRecords values(int from, int count) {
        SimpleRecord[] r = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            r[i] = new SimpleRecord(("v" + (from + i)).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, r);
    }

    private static boolean fetcherThreadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void followersCatchUpOnTheirOwnThreadsAndReleaseAcksAll() {
        follow(2, pacedLeader(), 0, 1_000);
        follow(3, pacedLeader(), 0, 1_000);
        Partition leader = replicas.partition(1);
        CompletableFuture<Errors> lastAck = null;
        for (int round = 0; round < 50; round++) {
            leader.appendAsLeader(values(round * 10, 10), (short) -1);
            lastAck = leader.awaitHighWatermark(leader.logEndOffset());
        }

        assertThat(lastAck).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(Errors.NONE);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int id : List.of(2, 3)) {
                assertThat(replicas.partition(id).logEndOffset()).as("broker %d", id).isEqualTo(500);
                assertThat(replicas.partition(id).highWatermark()).as("broker %d", id).isEqualTo(500);
            }
        });
        assertThat(fetcherThreadAlive("samsa-replica-fetcher-1-0")).isTrue();
    }

    @Test
    void aStoppedFetcherAppendsNothingMoreAndItsThreadEnds() {
        ReplicaFetcherManager follower = follow(2, pacedLeader(), 0, 1_000);
        Partition leader = replicas.partition(1);
        leader.appendAsLeader(values(0, 10), (short) -1);
        await().atMost(Duration.ofSeconds(10)).until(() -> replicas.partition(2).logEndOffset() == 10);

        follower.stopFetching(TP);
        leader.appendAsLeader(values(10, 10), (short) -1);

        assertThat(fetcherThreadAlive("samsa-replica-fetcher-1-0")).isFalse();
        assertThat(follower.partitionsPerLeader()).isEmpty();
        assertThat(replicas.partition(2).logEndOffset()).isEqualTo(10);
    }

    @Test
    void anUnansweredFetchTimesOutIsRetriedAndItsLateAnswerIsFreed() {
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger freed = new AtomicInteger();
        CompletableFuture<FetchedResponse> neverInTime = new CompletableFuture<>();
        ReplicaFetchClient firstHangs = (leader, request) -> {
            if (sent.getAndIncrement() == 0) {
                return neverInTime;
            }
            return pacedLeader().fetch(leader, request);
        };
        replicas.partition(1).appendAsLeader(values(0, 10), (short) -1);

        follow(2, firstHangs, 100, 100);

        // The first fetch is given up after its wait plus the socket timeout; the retry after the back-off copies.
        await().atMost(Duration.ofSeconds(10)).until(() -> replicas.partition(2).logEndOffset() == 10);
        assertThat(sent.get()).isGreaterThanOrEqualTo(2);
        neverInTime.complete(new FetchedResponse(new org.apache.kafka.common.message.FetchResponseData(),
                freed::incrementAndGet));
        await().atMost(Duration.ofSeconds(5)).until(() -> freed.get() == 1);
        assertThat(replicas.partition(2).logEndOffset()).isEqualTo(10);
    }
}
