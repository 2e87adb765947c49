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
 * A rolling restart of all three brokers under load, one at a time, each with SIGTERM (issue 9, point 5): the
 * stopping broker hands its leaderships over first (controlled shutdown), every partition keeps a leader while it is
 * down, it comes back, catches up and rejoins every ISR before the next one stops. No send of the idempotent
 * producer fails, and nothing acknowledged is lost, duplicated or moved.
 */
@Tag(FaultSuite.FAULT)
@Tag(FaultSuite.FAILOVER)
@Tag(FaultSuite.ISR_WRITES)
class RollingRestartFaultIT {
    private static final int PROGRESS = 300;
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
    void aRollingRestartFailsNoSendAndLosesNothing() throws Exception {
        run = FaultRun.start(dir, "rolling-restart");
        run.startLoad(FaultSuite.shortLoad(run.topic, 60));
        rollingRestart();
        assertClean(run.finish());
    }

    @Test
    @Tag(FaultSuite.LONG)
    void rollingRestartsAgainAndAgainFailNoSendAndLoseNothing() throws Exception {
        Duration duration = FaultSuite.longDuration();
        run = FaultRun.start(dir, "rolling-restarts");
        run.startLoad(FaultSuite.longLoad(run.topic, duration));
        Instant end = Instant.now().plus(duration);
        int rounds = 0;
        while (rounds < MAX_ROUNDS && run.loading() && Instant.now().isBefore(end)) {
            rollingRestart();
            rounds++;
        }
        assertThat(rounds).as("rolling restarts within %s", duration).isPositive();
        assertClean(run.finish());
    }

    private void rollingRestart() throws Exception {
        for (int broker = 0; broker < run.cluster.size(); broker++) {
            run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
            assertThat(run.cluster.stop(broker)).as("broker %d stopped on SIGTERM within the stop timeout", broker)
                    .isTrue();
            for (int p = 0; p < FaultSuite.PARTITIONS; p++) {
                run.awaitNewLeader(p, broker);
            }
            run.awaitProgress(PROGRESS, FaultSuite.TIMEOUT);
            run.cluster.start(broker);
            run.awaitInSync(broker);
        }
    }

    private void assertClean(DeliveryReport report) {
        FaultSuite.assertDelivered(run.topic, report, PROGRESS);
        assertThat(report.failedSends()).as("sends that failed during a rolling restart; %s", report).isZero();
    }
}
