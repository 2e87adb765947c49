package io.samsa.replication.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.replication.FetchParams;
import io.samsa.replication.LeaderAndIsr;
import io.samsa.replication.Partition;
import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import io.samsa.replication.ReadReplicaCandidate;
import io.samsa.replication.ReplicationConfig;
import io.samsa.replication.quota.ReplicaQuota;
import io.samsa.storage.Log;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.replica.ClientMetadata;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of one partition in one JVM, the followers' fetchers driven by hand through the leader's real fetch
 * path: records reach every replica, the high watermark follows, and after a leader change the old leader's
 * uncommitted tail is truncated so that every log ends up the same.
 */
class ReplicationLoopTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final Uuid TOPIC_ID = Uuid.randomUuid();
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);

    @TempDir
    File dir;

    private final MockTime time = new MockTime(0L, 1_000_000L, 0L);
    private ReplicaSet replicas;
    private Map<Integer, Partition> partitions;
    private Map<Integer, Log> logs;
    private InProcessFetchClient client;

    @BeforeEach
    void start() throws IOException {
        replicas = new ReplicaSet(dir, TP, TOPIC_ID, REPLICAS, ReplicationConfig.of(2, 10_000), time,
                id -> ReplicaQuota.UNLIMITED);
        partitions = replicas.partitions;
        logs = replicas.logs;
        client = replicas.client;
    }

    @AfterEach
    void stop() {
        replicas.close();
    }

    private void elect(int leader, int epoch, List<Integer> isr) {
        LeaderAndIsr state = new LeaderAndIsr(leader, epoch, isr, REPLICAS, epoch * 100);
        for (int id : REPLICAS) {
            if (id == leader) {
                partitions.get(id).makeLeader(state);
            } else {
                partitions.get(id).makeFollower(state);
            }
        }
    }

    /** One fetch round of every follower of {@code leader}. */
    private void replicate(int leader) {
        for (int id : REPLICAS) {
            if (id == leader) {
                continue;
            }
            FetcherConfig config = new FetcherConfig(id, 1, 0, 1, 1 << 20, 10 << 20, 100, 1000);
            ReplicaFetcher f = new ReplicaFetcher(leader, config, () -> -1L);
            f.add(partitions.get(id));
            ReplicaFetcher.PreparedFetch prepared = f.prepare(time.milliseconds());
            f.handle(prepared, client.fetch(leader, prepared.request()).join().data(), time.milliseconds());
        }
    }

    private static MemoryRecords values(String... values) {
        SimpleRecord[] r = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            r[i] = new SimpleRecord(values[i].getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, r);
    }

    private List<String> contents(int broker) {
        List<String> out = new ArrayList<>();
        Log log = logs.get(broker);
        for (RecordBatch b : log.read(0, Integer.MAX_VALUE, log.logEndOffset(), true).records().batches()) {
            for (Record r : b) {
                byte[] v = new byte[r.valueSize()];
                r.value().get(v);
                out.add(new String(v));
            }
        }
        return out;
    }

    @Test
    void followersCopyTheLeaderAndTheHighWatermarkReleasesAcksAll() {
        elect(1, 1, REPLICAS);
        partitions.get(1).appendAsLeader(values("a", "b"), (short) -1);
        CompletableFuture<Errors> acked = partitions.get(1).awaitHighWatermark(2);

        replicate(1); // followers copy a, b
        assertThat(acked).isNotDone();
        replicate(1); // their next fetch tells the leader they have them

        assertThat(acked).isCompletedWithValue(Errors.NONE);
        assertThat(partitions.get(1).highWatermark()).isEqualTo(2);
        replicate(1); // and the leader's high watermark reaches the followers
        for (int id : REPLICAS) {
            assertThat(contents(id)).as("broker %d", id).containsExactly("a", "b");
            assertThat(partitions.get(id).highWatermark()).as("broker %d", id).isEqualTo(2);
        }
    }

    @Test
    void aDeposedLeaderLosesItsUncommittedTailAndEveryLogConverges() {
        elect(1, 1, REPLICAS);
        partitions.get(1).appendAsLeader(values("a", "b"), (short) -1);
        replicate(1);
        replicate(1);
        // Written on broker 1 only, never acknowledged: it dies before anyone copies it.
        partitions.get(1).appendAsLeader(values("lost"), (short) 1);

        elect(2, 2, List.of(2, 3));
        partitions.get(2).appendAsLeader(values("c"), (short) -1);
        for (int round = 0; round < 4; round++) {
            replicate(2);
        }

        for (int id : REPLICAS) {
            assertThat(contents(id)).as("broker %d", id).containsExactly("a", "b", "c");
        }
        assertThat(partitions.get(2).highWatermark()).isEqualTo(3);
    }

    @Test
    void recordsDeletedOnTheLeaderAreDeletedOnItsFollowersAndOnlyTheLeaderDeletes() {
        elect(1, 1, REPLICAS);
        partitions.get(1).appendAsLeader(values("a", "b", "c"), (short) -1);
        replicate(1);
        replicate(1);
        replicate(1);

        assertThatThrownBy(() -> partitions.get(2).deleteRecordsBefore(2))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(partitions.get(1).deleteRecordsBefore(2)).isEqualTo(2);
        replicate(1);

        for (int id : REPLICAS) {
            assertThat(partitions.get(id).logStartOffset()).as("broker %d", id).isEqualTo(2);
        }
        // A follower elected later must not serve what its leader had deleted.
        elect(2, 2, REPLICAS);
        assertThatThrownBy(() -> partitions.get(2).readForConsumer(0, 1 << 20, true, Optional.empty()))
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void onlyTheLeaderAnswersAnOffsetForATimestamp() {
        elect(1, 1, REPLICAS);
        partitions.get(1).appendAsLeader(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(100L, null, "a".getBytes()), new SimpleRecord(200L, null, "b".getBytes())), (short) -1);
        replicate(1);
        replicate(1);
        replicate(1);

        assertThat(partitions.get(1).offsetForTimestamp(150L, Optional.of(1))).get()
                .extracting(found -> found.offset).isEqualTo(1L);
        assertThatThrownBy(() -> partitions.get(2).offsetForTimestamp(0L, Optional.empty()))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> partitions.get(1).offsetForTimestamp(0L, Optional.of(0)))
                .isInstanceOf(FencedLeaderEpochException.class);
    }

    private static final ClientMetadata RACK_B = new ClientMetadata.DefaultClientMetadata("b", "consumer-1",
            InetAddress.getLoopbackAddress(), KafkaPrincipal.ANONYMOUS, "PLAINTEXT");

    private static TopicIdPartition tip() {
        return new TopicIdPartition(TOPIC_ID, TP);
    }

    private PartitionFetchResult consumerFetch(int broker, long offset, Optional<ClientMetadata> client) {
        FetchParams params = new FetchParams(0, 1, 1 << 20, FetchParams.CONSUMER, -1L, client);
        return replicas.managers.get(broker).fetch(params, List.of(new PartitionFetch(tip(), offset, 1 << 20, Optional.empty())))
                .join().get(0);
    }

    @Test
    void aConsumerWithClientMetadataReadsAFollowerUpToItsHighWatermarkAndAnOlderOneIsSentToTheLeader() {
        elect(1, 1, REPLICAS);
        partitions.get(1).appendAsLeader(values("a", "b"), (short) -1);
        replicate(1);
        replicate(1);
        replicate(1); // the followers know the high watermark, 2
        partitions.get(1).appendAsLeader(values("c"), (short) -1);
        replicate(1); // c reaches the followers, but not their high watermark yet

        PartitionFetchResult fromFollower = consumerFetch(2, 0, Optional.of(RACK_B));
        assertThat(fromFollower.error()).isEqualTo(Errors.NONE);
        assertThat(fromFollower.highWatermark()).isEqualTo(2);
        assertThat(fromFollower.records().records()).hasSize(2);
        assertThat(consumerFetch(2, 0, Optional.empty()).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void aLeaderWithASelectorSendsAConsumerToTheReplicaItChoosesAmongInSyncReplicasThatHoldTheOffset() {
        List<List<ReadReplicaCandidate>> asked = new ArrayList<>();
        replicas.managers.get(1).setReadReplicaSelector((tp, client, candidates) -> {
            asked.add(candidates);
            return candidates.stream().filter(c -> c.brokerId() == 3).mapToInt(ReadReplicaCandidate::brokerId)
                    .findFirst();
        }, time);
        elect(1, 1, REPLICAS);
        partitions.get(1).appendAsLeader(values("a", "b"), (short) -1);
        replicate(1);
        replicate(1);

        PartitionFetchResult sent = consumerFetch(1, 1, Optional.of(RACK_B));
        assertThat(sent.preferredReadReplica()).isEqualTo(3);
        assertThat(sent.records().sizeInBytes()).isZero();
        assertThat(asked.get(0)).extracting(ReadReplicaCandidate::brokerId).containsExactly(1, 2, 3);

        // Beyond what the followers hold, only the leader can serve it.
        partitions.get(1).appendAsLeader(values("c"), (short) 1);
        assertThat(consumerFetch(1, 3, Optional.of(RACK_B)).preferredReadReplica()).isEqualTo(-1);
        // A consumer without client metadata is never sent away.
        assertThat(consumerFetch(1, 0, Optional.empty()).preferredReadReplica()).isEqualTo(-1);
    }
}
