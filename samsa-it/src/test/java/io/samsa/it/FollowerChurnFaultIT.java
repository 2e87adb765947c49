package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.delivery.DeliveryReport;
import io.samsa.testkit.delivery.LoadProducer;
import io.samsa.testkit.proxy.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The followers of a partition go through fault after fault, chosen by a seeded random sequence, while its leader
 * keeps taking an idempotent acks=all load: cut off from the leader, cut off from ZooKeeper past the session
 * timeout, {@code kill -9} and restart, clean restart. After each, the follower catches up. None of this moves the
 * leadership, so it runs without the controller. At the end nothing acknowledged is lost, duplicated or moved, and
 * no send failed. A long form only (ClusterReplicationIT has one of each fault): {@code -P fault}; the seed is
 * {@code -Dsamsa.fault.seed}, printed when the test fails.
 */
@Tag(FaultSuite.FAULT)
@Tag(FaultSuite.LONG)
class FollowerChurnFaultIT {
    static final String SEED_PROPERTY = "samsa.fault.seed";
    private static final int PROGRESS = 300;
    private static final int MAX_ROUNDS = 1000;
    private static final TopicPartition TP = new TopicPartition("follower-churn", 0);

    /** What happens to a follower in one round. */
    private enum Fault { CUT_FROM_LEADER, CUT_FROM_ZOOKEEPER, KILL_9_AND_RESTART, CLEAN_RESTART }

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private FaultRun run;

    @RegisterExtension
    final ClusterLogsOnFailure logs = new ClusterLogsOnFailure(() -> run == null ? null : run.cluster);

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void followersThroughFaultAfterFaultLoseNothing() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        Random random = new Random(seed);
        Duration duration = FaultSuite.longDuration();
        run = FaultRun.start(dir, TP.topic());
        int leader = run.leaderOf(TP.partition());
        List<Integer> followers = List.of((leader + 1) % 3, (leader + 2) % 3);
        LoadProducer.Settings all = FaultSuite.longLoad(TP.topic(), duration);
        // Partition 0 only: the followers lead the other partitions, and nothing here elects a new leader.
        run.startLoad(new LoadProducer.Settings(all.topic(), 1, all.recordsPerSecond(), all.maxRecords(),
                all.maxDuration(), all.valueSize()));
        Instant end = Instant.now().plus(duration);
        StringBuilder history = new StringBuilder("seed " + seed + ":");
        int rounds = 0;
        try {
            while (rounds < MAX_ROUNDS && run.loading() && Instant.now().isBefore(end)) {
                run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
                int victim = followers.get(random.nextInt(followers.size()));
                Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                history.append(' ').append(fault).append('@').append(victim);
                inject(fault, leader, victim, followers.get(0) == victim ? followers.get(1) : followers.get(0));
                rounds++;
            }
            assertThat(rounds).as("fault rounds within %s", duration).isPositive();
            DeliveryReport report = run.finish();
            FaultSuite.assertDelivered(TP.topic() + ", " + rounds + " rounds, " + history, report, PROGRESS);
            assertThat(report.failedSends()).as("failed sends; %s", report).isZero();
        } catch (Exception | AssertionError e) {
            throw new AssertionError(history.toString(), e);
        }
    }

    private void inject(Fault fault, int leader, int victim, int other) throws Exception {
        switch (fault) {
            case CUT_FROM_LEADER -> {
                long otherAtCut = ReplicaSizes.onDisk(run.cluster.broker(other).logDir(), TP);
                run.cluster.network().partition(Node.broker(victim), Node.broker(leader));
                // Hold the cut until the leader has appended more, so the follower has something to catch up on.
                await("the leader appends while broker " + victim + " is cut off").atMost(FaultSuite.TIMEOUT)
                        .until(() -> ReplicaSizes.onDisk(run.cluster.broker(other).logDir(), TP) > otherAtCut);
                run.cluster.network().healAll();
            }
            case CUT_FROM_ZOOKEEPER -> {
                run.cluster.network().cut(Node.broker(victim), Node.ZOOKEEPER);
                await("broker " + victim + "'s session expired").atMost(FaultSuite.TIMEOUT).until(() ->
                        run.cluster.broker(leader).knownBrokers().map(k -> !k.contains(victim)).orElse(false));
                run.cluster.network().healAll();
                run.cluster.awaitFormed();
            }
            case KILL_9_AND_RESTART -> {
                run.cluster.kill(victim);
                run.cluster.awaitDeregistered(victim);
                run.cluster.start(victim);
            }
            case CLEAN_RESTART -> {
                assertThat(run.cluster.stop(victim)).as("broker %d exits on SIGTERM", victim).isTrue();
                run.cluster.start(victim);
            }
        }
        awaitCaughtUp(leader, victim);
    }

    /** Waits until the victim's replica is at least as large as the leader's was when the fault ended. */
    private void awaitCaughtUp(int leader, int victim) {
        long target = ReplicaSizes.onDisk(run.cluster.broker(leader).logDir(), TP);
        await("broker " + victim + " caught up with " + target + " bytes of " + TP).atMost(FaultSuite.TIMEOUT)
                .until(() -> ReplicaSizes.onDisk(run.cluster.broker(victim).logDir(), TP) >= target);
    }
}
