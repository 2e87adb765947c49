package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRollFlushTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private File dir() {
        return new File(tmp, "t-0");
    }

    @Test
    void segmentMsRollsOnAppendByRecordTimeAndPeriodicallyByAge() throws IOException {
        LogConfig config = LogConfig.defaults().withSegmentMs(10_000);
        try (Log log = LogTestSupport.open(dir(), config, time)) {
            log.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 1), 0);
            time.sleep(9_000);
            log.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 1), 0);
            assertThat(log.numberOfSegments()).isEqualTo(1);
            time.sleep(2_000);
            log.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 1), 0);
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);

            log.maybeRollOrFlush();
            assertThat(log.numberOfSegments()).isEqualTo(2);
            time.sleep(10_001);
            log.maybeRollOrFlush();
            assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L, 3L);
            // An empty active segment is never rolled.
            time.sleep(60_000);
            log.maybeRollOrFlush();
            assertThat(log.numberOfSegments()).isEqualTo(3);
        }
    }

    @Test
    void fullIndexRollsTheSegment() throws IOException {
        LogConfig config = LogTestSupport.withIndexBytes(LogTestSupport.smallSegments(1 << 20, 1), 8 * 4);
        try (Log log = LogTestSupport.open(dir(), config, time)) {
            for (int i = 0; i < 20; i++) {
                log.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 1), 0);
            }
            assertThat(log.numberOfSegments()).isGreaterThan(3);
        }
    }

    @Test
    void flushMessagesAdvancesTheRecoveryPoint() throws IOException {
        LogConfig config = LogTestSupport.withFlush(LogConfig.defaults(), 10, Long.MAX_VALUE);
        try (Log log = LogTestSupport.open(dir(), config, time)) {
            log.appendAsLeader(TestRecords.batch(6, time.milliseconds(), 1), 0);
            assertThat(log.recoveryPoint()).isZero();
            log.appendAsLeader(TestRecords.batch(6, time.milliseconds(), 1), 0);
            assertThat(log.recoveryPoint()).isEqualTo(12);
        }
    }

    @Test
    void flushMsAndRolledSegmentsAdvanceTheRecoveryPointPeriodically() throws IOException {
        LogConfig config = LogTestSupport.withFlush(LogTestSupport.smallSegments(300, 100), Long.MAX_VALUE, 5_000);
        try (Log log = LogTestSupport.open(dir(), config, time)) {
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 40), 0);
            }
            assertThat(log.numberOfSegments()).isGreaterThan(1);
            long activeBase = log.segmentBaseOffsets().get(log.numberOfSegments() - 1);
            log.maybeRollOrFlush(); // flush.ms not elapsed: only the rolled segments
            assertThat(log.recoveryPoint()).isEqualTo(activeBase);
            time.sleep(5_000);
            log.maybeRollOrFlush();
            assertThat(log.recoveryPoint()).isEqualTo(log.logEndOffset());
        }
    }

    @Test
    void withASchedulerRolledSegmentsAreFlushedInTheBackground() throws IOException {
        ManualScheduler scheduler = new ManualScheduler(time);
        LogParams params = LogTestSupport.params(dir(), LogTestSupport.smallSegments(300, 100), time)
                .withScheduler(scheduler);
        try (Log log = Log.open(params)) {
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 40), 0);
            }
            assertThat(log.recoveryPoint()).isZero();
            scheduler.tick();
            assertThat(log.recoveryPoint()).isEqualTo(log.segmentBaseOffsets().get(log.numberOfSegments() - 1));
        }
    }

    @Test
    void configChangesApplyToTheNextAppend() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 100), 0);
            log.updateConfig(log.config().withSegmentBytes(200));
            assertThat(log.config().segmentBytes()).isEqualTo(200);
            log.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 10), 0);
            assertThat(log.numberOfSegments()).isEqualTo(2);
        }
    }
}
