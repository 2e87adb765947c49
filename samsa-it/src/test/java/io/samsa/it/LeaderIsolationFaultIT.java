package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.delivery.DeliveryReport;
import io.samsa.testkit.proxy.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader cut off from the other brokers and from ZooKeeper while its clients still reach it (issue 9, point 4):
 * it must stop acknowledging acks=all writes (its followers cannot fetch, and its session expires), a new leader is
 * elected on the majority side, and once healed the old leader truncates to the new leader's log and rejoins as a
 * follower. Nothing acknowledged is lost, duplicated or moved, on either side of the partition.
 */
@Tag(FaultSuite.FAULT)
@Tag(FaultSuite.FAILOVER)
class LeaderIsolationFaultIT {
    private static final int PROGRESS = 500;
    private static final int MAX_ROUNDS = 1000;

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
    void anIsolatedLeaderLosesNothing() throws Exception {
        run = FaultRun.start(dir, "isolated-leader");
        run.startLoad(FaultSuite.shortLoad(run.topic, 30));
        isolateLeaderAndHeal(0);
        assertClean(run.finish());
    }

    @Test
    @Tag(FaultSuite.LONG)
    void isolatingLeadersAgainAndAgainLosesNothing() throws Exception {
        Duration duration = FaultSuite.longDuration();
        run = FaultRun.start(dir, "isolated-leaders");
        run.startLoad(FaultSuite.longLoad(run.topic, duration));
        Instant end = Instant.now().plus(duration);
        int rounds = 0;
        while (rounds < MAX_ROUNDS && run.loading() && Instant.now().isBefore(end)) {
            isolateLeaderAndHeal(rounds % FaultSuite.PARTITIONS);
            rounds++;
        }
        assertThat(rounds).as("isolation rounds within %s", duration).isPositive();
        assertClean(run.finish());
    }

    /**
     * One round: progress; cut the leader of {@code partition} off the other brokers and ZooKeeper (not its
     * clients); a new leader and progress on the majority side; heal; the old leader back in every ISR.
     */
    private void isolateLeaderAndHeal(int partition) throws Exception {
        run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
        int leader = run.leaderOf(partition);
        Node isolated = Node.broker(leader);
        for (int other = 0; other < run.cluster.size(); other++) {
            if (other != leader) {
                run.cluster.network().partition(isolated, Node.broker(other));
            }
        }
        run.cluster.network().cut(isolated, Node.ZOOKEEPER);
        run.awaitNewLeader(partition, leader);
        run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
        run.cluster.network().healAll();
        run.awaitInSync(leader);
    }

    private void assertClean(DeliveryReport report) {
        FaultSuite.assertDelivered(run.topic, report, PROGRESS);
        assertThat(report.failedSends()).as("sends that failed: retries must reach the new leader; %s", report)
                .isZero();
    }
}
