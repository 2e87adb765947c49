package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static io.samsa.storage.cleaner.CleanerTestLog.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import io.samsa.storage.SegmentView;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log.cleaner.io.max.bytes.per.second}: how long a throttled clean takes, and that shutdown cuts it short. */
class CleanerThrottleTest {
    private static final int RECORDS = 600;
    private static final double RATE = 1000.0;

    @TempDir
    File logDir;

    private final List<Log> logs = new ArrayList<>();

    /** A mock clock that ticks 5 ms at each reading (I/O takes time) and records the sleeps asked of it. */
    private static final class SleepRecordingTime extends MockTime {
        final List<Long> sleeps = new ArrayList<>();

        SleepRecordingTime() {
            super(0L, 1_700_000_000_000L, 0L);
        }

        @Override
        public long milliseconds() {
            super.sleep(5L);
            return super.milliseconds();
        }

        @Override
        public long nanoseconds() {
            super.sleep(5L);
            return super.nanoseconds();
        }

        @Override
        public void sleep(long ms) {
            sleeps.add(ms);
            super.sleep(ms);
        }
    }

    @AfterEach
    void closeLogs() {
        logs.forEach(Log::close);
    }

    private Log dirtyLog(Time time) throws IOException {
        TopicPartition tp = new TopicPartition("compacted", 0);
        LogConfig config = LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(64)
                .withCleanupPolicy(true, false).withCompaction(new LogConfig.Compaction(10_000L, 0L, Long.MAX_VALUE,
                        0.5));
        Log log = Log.open(new LogParams(new File(logDir, "compacted-0"), tp, config, time, 0L, 0L, true));
        logs.add(log);
        MockTime appendTime = new MockTime();
        for (int i = 0; i < RECORDS; i++) {
            append(log, appendTime, "k" + i % 10, "v" + i);
        }
        return log;
    }

    private static long nonActiveBytes(Log log) {
        return log.segmentViews(0, log.activeSegmentBaseOffset()).stream().mapToLong(SegmentView::sizeInBytes).sum();
    }

    @Test
    void aThrottledCleanTakesItsBytesReadAndWrittenOverTheRateOnTheClock() throws IOException {
        SleepRecordingTime time = new SleepRecordingTime();
        Log log = dirtyLog(time);
        long before = nonActiveBytes(log);
        LogCleaner cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 1024, 1024 * 1024, 10_000L,
                RATE), () -> List.copyOf(logs), time);

        long start = time.milliseconds();
        assertThat(cleaner.cleanOnce()).isTrue();
        long elapsedMs = time.milliseconds() - start;

        // Pass 1 reads every dirty segment, pass 2 reads them again and writes the cleaned copies.
        long bytes = 2 * before + nonActiveBytes(log);
        double expectedMs = bytes / RATE * 1000;
        assertThat(time.sleeps).isNotEmpty();
        // Kafka's throttle settles each period's bytes at the next check, so the bytes of the clean's last period
        // (up to a whole segment group's chunk) are never waited for: up to about a tenth of this small clean.
        assertThat((double) elapsedMs).isBetween(0.85 * expectedMs, 1.1 * expectedMs);
        assertThat(readAll(log)).hasSizeLessThan(RECORDS / 10);
    }

    @Test
    void anUnthrottledCleanNeverWaits() throws IOException {
        SleepRecordingTime time = new SleepRecordingTime();
        Log log = dirtyLog(time);
        LogCleaner cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 1024, 1024 * 1024, 10_000L),
                () -> List.copyOf(logs), time);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(time.sleeps).isEmpty();
        assertThat(readAll(log)).hasSizeLessThan(RECORDS / 10);
    }

    @Test
    void aNewRateAppliesFromTheNextPeriod() {
        MockTime time = new MockTime();
        long created = time.milliseconds();
        CleanerThrottler throttler = new CleanerThrottler(RATE, time);
        time.sleep(CleanerThrottler.CHECK_INTERVAL_MS + 1);
        assertThat(throttler.maybeThrottle(10_000, () -> false)).isTrue();
        assertThat(time.milliseconds() - created).as("10 kB at 1 kB/s").isEqualTo(10_000L);

        throttler.updateRate(2 * RATE);
        long start = time.milliseconds();
        time.sleep(CleanerThrottler.CHECK_INTERVAL_MS + 1);
        throttler.maybeThrottle(10_000, () -> false);
        assertThat(time.milliseconds() - start).isEqualTo(5_000L);
    }

    @Test
    void raisingTheRateEndsASleepInProgress() {
        List<Long> sleeps = new ArrayList<>();
        CleanerThrottler[] throttler = new CleanerThrottler[1];
        MockTime time = new MockTime() {
            @Override
            public void sleep(long ms) {
                super.sleep(ms);
                if (throttler[0].isWaiting()) {
                    sleeps.add(ms);
                    throttler[0].updateRate(Double.MAX_VALUE); // the operator removes the limit during a slice
                }
            }
        };
        throttler[0] = new CleanerThrottler(1.0, time);
        time.sleep(CleanerThrottler.CHECK_INTERVAL_MS + 1);

        assertThat(throttler[0].maybeThrottle(10_000, () -> false)).isTrue();
        assertThat(sleeps).as("one slice, not 10,000 s").containsExactly(CleanerThrottler.WAIT_SLICE_MS);
    }

    /** The system clock, jumped forward by one check interval once the cleaner exists, so its first read waits. */
    private static final class JumpedClock implements Time {
        private volatile long skewNs;

        void jump() {
            skewNs = TimeUnit.MILLISECONDS.toNanos(CleanerThrottler.CHECK_INTERVAL_MS + 1);
        }

        @Override
        public long milliseconds() {
            return SYSTEM.milliseconds() + TimeUnit.NANOSECONDS.toMillis(skewNs);
        }

        @Override
        public long nanoseconds() {
            return SYSTEM.nanoseconds() + skewNs;
        }

        @Override
        public void sleep(long ms) {
            SYSTEM.sleep(ms);
        }

        @Override
        public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) throws InterruptedException {
            SYSTEM.waitObject(obj, condition, deadlineMs - TimeUnit.NANOSECONDS.toMillis(skewNs));
        }
    }

    @Test
    void shutdownDoesNotWaitOutAThrottleSleepAndAbortsTheClean() throws IOException {
        JumpedClock clock = new JumpedClock();
        Log log = dirtyLog(clock);
        // One byte a second: the first batch read asks for a sleep of about a minute.
        LogCleaner cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 1024, 1024 * 1024, 10_000L,
                1.0), () -> List.copyOf(logs), clock);
        clock.jump();
        cleaner.startup();
        await().atMost(Duration.ofSeconds(10)).until(() -> cleaner.throttler().isWaiting());

        long start = System.nanoTime();
        cleaner.shutdown();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(cleaner.isUncleanable(log)).as("a stop is an abort, not a failure").isFalse();
        assertThat(new File(logDir, "cleaner-offset-checkpoint")).doesNotExist();
        assertThat(readAll(log)).as("stopped in pass 1, nothing swapped").hasSize(RECORDS);
    }
}
