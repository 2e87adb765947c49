package io.samsa.it;

import static io.samsa.it.FaultSuite.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.delivery.DeliveryChecker;
import io.samsa.testkit.delivery.DeliveryReport;
import io.samsa.testkit.delivery.LoadProducer;
import io.samsa.testkit.process.BrokerProcess;
import io.samsa.testkit.process.PartitionView;
import io.samsa.testkit.process.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * One run of a fault scenario: a three-broker {@link ProcessCluster}, the scenario's topic, a steady idempotent
 * acks=all load counted by a {@link DeliveryChecker}, the waits a scenario needs between faults (progress, a new
 * leader, a broker back in sync), and the final count once every fault is healed. Closing it stops everything.
 *
 * <p>Not thread-safe: the test thread drives it.
 */
final class FaultRun implements AutoCloseable {
    final ProcessCluster cluster;
    final Admin admin;
    final String topic;
    final DeliveryChecker checker = new DeliveryChecker();
    private LoadProducer load;

    private FaultRun(ProcessCluster cluster, String topic) {
        this.cluster = cluster;
        this.admin = cluster.clients().admin();
        this.topic = topic;
    }

    /** Starts the cluster under {@code dir} and creates {@code topic} (RF 3, min.insync.replicas 2). */
    static FaultRun start(Path dir, String topic) throws Exception {
        ProcessCluster cluster = ProcessCluster.start(FaultSuite.clusterConfig(dir));
        FaultRun run = new FaultRun(cluster, topic);
        try {
            FaultSuite.createTopic(run.admin, topic);
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** Starts the load with the scenario's producer ({@link FaultSuite#producer}). */
    void startLoad(LoadProducer.Settings settings) {
        load = new LoadProducer(FaultSuite.producer(cluster, Map.of()), settings, checker);
        load.start();
    }

    /** True while the load still sends. */
    boolean loading() {
        return load != null && !load.isDone();
    }

    /** Waits until {@code records} more records are acknowledged than now: producers make progress. */
    void awaitProgress(long records, Duration timeout) {
        long target = checker.acknowledgedCount() + records;
        await(records + " more acknowledgements").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (checker.acknowledgedCount() >= target) {
                        return true;
                    }
                    // Waiting on records never sent would look like a stalled cluster: say what it is.
                    assertThat(load == null || !load.isDone() || load.sent() >= target)
                            .as("the load ended (%d records sent) before %d were acknowledged: the test outran"
                                    + " its load", load == null ? 0 : load.sent(), target).isTrue();
                    return false;
                });
    }

    /**
     * The leader of {@code partition} once every running broker agrees on one. Each broker is asked itself (past
     * the proxy), because an admin client asks whichever broker it likes, and a broker cut off from ZooKeeper
     * describes the cluster as it was.
     */
    int leaderOf(int partition) {
        return awaitLeader(partition, -1, "every running broker agreeing on a leader of partition " + partition);
    }

    /** Waits until every running broker but {@code broker} names the same other leader of {@code partition}. */
    int awaitNewLeader(int partition, int broker) {
        return awaitLeader(partition, broker, "a leader other than broker " + broker + " of partition " + partition
                + ", as every other running broker sees it");
    }

    private int awaitLeader(int partition, int excluded, String what) {
        return awaitLeader(cluster, topic, partition, excluded, what);
    }

    /**
     * Waits until every running broker of {@code cluster} but {@code excluded} (-1: none) names the same leader of
     * {@code topic}'s {@code partition}, other than {@code excluded}, and returns it.
     */
    static int awaitLeader(ProcessCluster cluster, String topic, int partition, int excluded, String what) {
        int[] leader = new int[1];
        await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Set<Integer> named = new HashSet<>();
            for (BrokerProcess b : cluster.brokers()) {
                if (b.isAlive() && b.id() != excluded) {
                    PartitionView view = b.partitions(topic).map(all -> all.get(partition)).orElse(null);
                    named.add(view == null ? -1 : view.leader());
                }
            }
            leader[0] = named.size() == 1 ? named.iterator().next() : -1;
            return leader[0] >= 0 && leader[0] != excluded;
        });
        return leader[0];
    }

    /** Waits until every running broker has {@code broker} in the ISR of every partition of the topic. */
    void awaitInSync(int broker) {
        awaitInSync(cluster, topic, FaultSuite.PARTITIONS, broker);
    }

    /** Waits until every running broker has {@code broker} in the ISR of all {@code partitions} of {@code topic}. */
    static void awaitInSync(ProcessCluster cluster, String topic, int partitions, int broker) {
        await("broker " + broker + " back in every ISR of " + topic + ", as every running broker sees it")
                .atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (BrokerProcess b : cluster.brokers()) {
                        if (!b.isAlive()) {
                            continue;
                        }
                        Map<Integer, PartitionView> views = b.partitions(topic).orElse(Map.of());
                        if (views.size() != partitions
                                || !views.values().stream().allMatch(v -> v.isr().contains(broker))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /**
     * Stops the load (every record acknowledged or failed), heals the network, starts every stopped broker, and
     * counts what the partitions hold against the acknowledgements.
     */
    DeliveryReport finish() throws Exception {
        if (load != null) {
            load.stop();
        }
        cluster.network().healAll();
        for (int id = 0; id < cluster.size(); id++) {
            if (!cluster.broker(id).isAlive()) {
                cluster.start(id);
            }
        }
        cluster.awaitFormed();
        return FaultSuite.check(cluster, checker, topic);
    }

    @Override
    public void close() throws Exception {
        if (load != null) {
            load.close();
        }
        cluster.close();
    }
}
