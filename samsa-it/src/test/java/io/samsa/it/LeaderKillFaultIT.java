package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.delivery.DeliveryReport;
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
 * {@code kill -9} of a partition's leader while an idempotent producer sends with acks=all: its retries land on the
 * new leader, the killed broker is restarted at once (as systemd would), waits out its old ZooKeeper session,
 * catches up and rejoins the ISR, and no acknowledged record is lost, duplicated or moved (issue 9, points 3 and 5).
 */
@Tag(FaultSuite.FAULT)
@Tag(FaultSuite.FAILOVER)
class LeaderKillFaultIT {
    /** Records acknowledged between faults: the producer has made progress. */
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
    void killingTheLeaderLosesNothing() throws Exception {
        run = FaultRun.start(dir, "kill-leader");
        run.startLoad(FaultSuite.shortLoad(run.topic, 20));
        killLeaderAndRestart(0);
        assertClean(run.finish());
    }

    @Test
    @Tag(FaultSuite.LONG)
    void killingLeadersAgainAndAgainLosesNothing() throws Exception {
        Duration duration = FaultSuite.longDuration();
        run = FaultRun.start(dir, "kill-leaders");
        run.startLoad(FaultSuite.longLoad(run.topic, duration));
        Instant end = Instant.now().plus(duration);
        int rounds = 0;
        while (rounds < MAX_ROUNDS && run.loading() && Instant.now().isBefore(end)) {
            killLeaderAndRestart(rounds % FaultSuite.PARTITIONS);
            rounds++;
        }
        assertThat(rounds).as("kill rounds within %s", duration).isPositive();
        assertClean(run.finish());
    }

    /** One round: progress, kill -9 the leader of {@code partition}, progress on the new leader, restart, in sync. */
    private void killLeaderAndRestart(int partition) throws Exception {
        run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
        int leader = run.leaderOf(partition);
        run.cluster.kill(leader);
        run.awaitNewLeader(partition, leader);
        run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
        run.cluster.start(leader);
        run.awaitInSync(leader);
    }

    private void assertClean(DeliveryReport report) {
        FaultSuite.assertDelivered(run.topic, report, PROGRESS);
        assertThat(report.failedSends()).as("sends that failed: the producer's retries must reach the new leader; %s",
                report).isZero();
    }
}
