package io.samsa.it;

import static io.samsa.it.FaultSuite.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.delivery.DeliveryChecker;
import io.samsa.testkit.delivery.DeliveryReport;
import io.samsa.testkit.delivery.LoadProducer;
import io.samsa.testkit.process.BrokerProcess;
import io.samsa.testkit.process.ProcessCluster;
import io.samsa.testkit.proxy.Link;
import io.samsa.testkit.proxy.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three broker processes and a ZooKeeper process, started from the distribution as a user would, with the fault
 * proxy between all of them: acknowledged records reach every replica, and replication survives the faults that need
 * no leader change (a follower cut off from its leader, from its clients, or from ZooKeeper past its session;
 * killed with kill -9; stopped cleanly), catching up afterwards. Every test uses a topic of its own on one cluster,
 * and leaves the cluster whole for the next.
 */
@Tag(FaultSuite.FAULT)
class ClusterReplicationIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static ProcessCluster cluster;
    static Admin admin;

    @RegisterExtension
    static final ClusterLogsOnFailure LOGS = new ClusterLogsOnFailure(() -> cluster);

    @BeforeAll
    static void start() throws Exception {
        cluster = ProcessCluster.start(FaultSuite.clusterConfig(dir));
        admin = cluster.clients().admin();
    }

    /** A failed test must not leave its cut, or a stopped broker, for the next one. */
    @AfterEach
    void heal() throws Exception {
        cluster.network().healAll();
        for (BrokerProcess b : cluster.brokers()) {
            if (!b.isAlive()) {
                cluster.awaitDeregistered(b.id());
                cluster.start(b.id());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Starts sending {@code records} records to {@code topic}'s first {@code partitions}, at 1000 a second. */
    private static LoadProducer startLoad(String topic, int partitions, int records, DeliveryChecker checker) {
        LoadProducer load = new LoadProducer(FaultSuite.producer(cluster, Map.of()),
                new LoadProducer.Settings(topic, partitions, 1000, records, Duration.ofSeconds(30),
                        FaultSuite.VALUE_SIZE), checker);
        load.start();
        return load;
    }

    /** Waits until {@code load} has sent everything and every record is acknowledged (or failed). */
    private static void finish(LoadProducer load, DeliveryChecker checker) throws Exception {
        await("all sent").atMost(TIMEOUT).until(load::isDone);
        load.stop();
        assertThat(checker.failedCount()).as("failed sends: %s", checker.failuresByType()).isZero();
    }

    /** Produces {@code records} records to every partition of {@code topic} and waits for every acknowledgement. */
    private static void produce(String topic, int records, DeliveryChecker checker) throws Exception {
        finish(startLoad(topic, FaultSuite.PARTITIONS, records, checker), checker);
    }

    /** Waits until every replica of {@code tp}, as DescribeLogDirs reports it, has the same non-zero size. */
    private static void awaitReplicasEqual(TopicPartition tp) {
        await("every replica of " + tp + " as large as the others").atMost(TIMEOUT).untilAsserted(() -> {
            Map<Integer, Long> sizes = ReplicaSizes.described(admin, List.of(0, 1, 2), tp);
            assertThat(sizes).as("replica sizes of %s", tp).containsOnlyKeys(0, 1, 2);
            assertThat(new HashSet<>(sizes.values())).as("replica sizes of %s: %s", tp, sizes).hasSize(1);
            assertThat(sizes.get(0)).isPositive();
        });
    }

    @Test
    void brokersAreSeparateProcessesReachedThroughTheirProxies() {
        Set<Long> pids = new HashSet<>();
        for (BrokerProcess b : cluster.brokers()) {
            assertThat(b.isAlive()).as("%s", b).isTrue();
            pids.add(b.pid());
            assertThat(b.knownBrokers()).as("brokers %s knows", b).hasValue(Set.of(0, 1, 2));
            assertThat(b.config().get("advertised.listeners")).endsWith(b.advertisedAddress());
            assertThat(b.log()).contains("Samsa broker " + b.id() + " started");
        }
        assertThat(pids).as("one JVM per broker").hasSize(3).doesNotContain(ProcessHandle.current().pid());
        assertThat(cluster.zooKeeper().isAlive()).isTrue();
        for (int b = 0; b < 3; b++) {
            assertThat(cluster.network().connections(new Link(Node.broker(b), Node.ZOOKEEPER)))
                    .as("broker %d's ZooKeeper session runs through its proxy", b).isPositive();
        }
    }

    @Test
    void everyReplicaGetsEveryAcknowledgedRecord() throws Exception {
        String topic = "all-replicas";
        FaultSuite.createTopic(admin, topic);
        DeliveryChecker checker = new DeliveryChecker();
        produce(topic, 3000, checker);
        for (TopicPartition tp : FaultSuite.partitions(topic)) {
            awaitReplicasEqual(tp);
        }
        DeliveryReport report = FaultSuite.check(cluster, checker, topic);
        FaultSuite.assertDelivered(topic, report, 3000);
        assertThat(report.read()).as("%s", report).isEqualTo(3000);
    }

    @Test
    void aFollowerCutFromItsLeaderCatchesUpOnceHealed() throws Exception {
        String topic = "cut-follower";
        FaultSuite.createTopic(admin, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        int leader = FaultSuite.leaderOf(admin, topic, 0);
        int cutOff = (leader + 1) % 3;
        int other = (leader + 2) % 3;
        DeliveryChecker checker = new DeliveryChecker();
        produce(topic, 300, checker);
        awaitReplicasEqual(tp);
        long sizeAtCut = ReplicaSizes.onDisk(cluster.broker(cutOff).logDir(), tp);

        cluster.network().partition(Node.broker(cutOff), Node.broker(leader));
        // acks=all may wait for the cut follower (until the leader shrinks the ISR), so only start sending here.
        // Until then the leader appends only what the producer's five requests in flight carry.
        LoadProducer load = startLoad(topic, FaultSuite.PARTITIONS, 1500, checker);
        await("the connected follower copies what the leader appends").atMost(TIMEOUT).until(() ->
                ReplicaSizes.onDisk(cluster.broker(other).logDir(), tp) > sizeAtCut);
        assertThat(ReplicaSizes.onDisk(cluster.broker(cutOff).logDir(), tp))
                .as("the cut-off follower's replica of %s", tp).isEqualTo(sizeAtCut);

        cluster.network().heal(Node.broker(cutOff), Node.broker(leader));
        cluster.network().heal(Node.broker(leader), Node.broker(cutOff));
        finish(load, checker);
        awaitReplicasEqual(tp);
        FaultSuite.assertDelivered(topic, FaultSuite.check(cluster, checker, topic), 1800);
    }

    @Test
    void clientsCutFromAFollowerDoNotStopReplicationToIt() throws Exception {
        String topic = "cut-clients";
        FaultSuite.createTopic(admin, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        int follower = (FaultSuite.leaderOf(admin, topic, 0) + 1) % 3;
        DeliveryChecker checker = new DeliveryChecker();
        produce(topic, 300, checker);
        awaitReplicasEqual(tp);
        long sizeAtCut = ReplicaSizes.onDisk(cluster.broker(follower).logDir(), tp);

        cluster.network().cut(Node.CLIENTS, Node.broker(follower));
        try (Admin cutAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            assertThat(catchThrowable(() -> cutAdmin
                    .describeLogDirs(List.of(follower)).allDescriptions().get(10, TimeUnit.SECONDS)))
                    .as("a client asking the cut-off broker").isInstanceOf(ExecutionException.class);
        }
        // Only to partition 0: the cut-off broker leads another partition, which the producer cannot reach now.
        finish(startLoad(topic, 1, 600, checker), checker);
        await("the follower still replicates").atMost(TIMEOUT).until(() ->
                ReplicaSizes.onDisk(cluster.broker(follower).logDir(), tp) > sizeAtCut);

        cluster.network().heal(Node.CLIENTS, Node.broker(follower));
        awaitReplicasEqual(tp);
        FaultSuite.assertDelivered(topic, FaultSuite.check(cluster, checker, topic), 900);
    }

    @Test
    void aFollowerCutFromZooKeeperPastItsSessionRegistersAgainOnceHealed() throws Exception {
        String topic = "cut-zookeeper";
        FaultSuite.createTopic(admin, topic);
        int follower = (FaultSuite.leaderOf(admin, topic, 0) + 1) % 3;
        int other = (follower + 1) % 3;
        DeliveryChecker checker = new DeliveryChecker();
        produce(topic, 300, checker);

        cluster.network().cut(Node.broker(follower), Node.ZOOKEEPER);
        await("broker " + follower + "'s session expired").atMost(TIMEOUT).until(() ->
                cluster.broker(other).knownBrokers().map(known -> !known.contains(follower)).orElse(false));
        cluster.network().heal(Node.broker(follower), Node.ZOOKEEPER);
        cluster.awaitFormed();

        produce(topic, 600, checker);
        for (TopicPartition tp : FaultSuite.partitions(topic)) {
            awaitReplicasEqual(tp);
        }
        FaultSuite.assertDelivered(topic, FaultSuite.check(cluster, checker, topic), 900);
    }

    @Test
    void aFollowerKilledWithKillMinus9RecoversAndCatchesUp() throws Exception {
        String topic = "killed-follower";
        FaultSuite.createTopic(admin, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        int follower = (FaultSuite.leaderOf(admin, topic, 0) + 1) % 3;
        DeliveryChecker checker = new DeliveryChecker();
        // Only to partition 0 throughout: the killed broker leads another partition, which has no leader without it.
        finish(startLoad(topic, 1, 600, checker), checker);
        awaitReplicasEqual(tp);

        int starts = cluster.broker(follower).starts();
        cluster.kill(follower);
        assertThat(cluster.broker(follower).isAlive()).isFalse();
        // A broker restarted within its old session's timeout refuses to start today: wait it out.
        cluster.awaitDeregistered(follower);
        cluster.start(follower);
        assertThat(cluster.broker(follower).starts()).isEqualTo(starts + 1);

        finish(startLoad(topic, 1, 600, checker), checker);
        awaitReplicasEqual(tp);
        FaultSuite.assertDelivered(topic, FaultSuite.check(cluster, checker, topic), 1200);
    }

    @Test
    void aFollowerStoppedCleanlyRestartsAtOnceAndCatchesUp() throws Exception {
        String topic = "stopped-follower";
        FaultSuite.createTopic(admin, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        int follower = (FaultSuite.leaderOf(admin, topic, 0) + 1) % 3;
        DeliveryChecker checker = new DeliveryChecker();
        finish(startLoad(topic, 1, 300, checker), checker);

        assertThat(cluster.stop(follower)).as("broker %d exits on SIGTERM", follower).isTrue();
        assertThat(cluster.broker(follower).log()).contains("Broker " + follower + " shut down");
        // A clean stop closes the ZooKeeper session, so the broker may register again at once.
        cluster.start(follower);

        finish(startLoad(topic, 1, 300, checker), checker);
        awaitReplicasEqual(tp);
        FaultSuite.assertDelivered(topic, FaultSuite.check(cluster, checker, topic), 600);
    }

    @Test
    @Tag(FaultSuite.FAILOVER)
    void aBrokerRestartedRightAfterKillMinus9WaitsForItsOldSessionAndJoins() throws Exception {
        int broker = 2;
        cluster.kill(broker);
        // As systemd's Restart=always would: no waiting for the old session to expire.
        cluster.start(broker);
        assertThat(cluster.broker(broker).knownBrokers()).hasValue(Set.of(0, 1, 2));
    }
}
