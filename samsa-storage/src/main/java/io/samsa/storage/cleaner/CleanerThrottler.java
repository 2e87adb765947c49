package io.samsa.storage.cleaner;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.utils.Time;

/**
 * The I/O rate limit shared by all cleaner threads ({@code log.cleaner.io.max.bytes.per.second}), with Kafka's
 * throttling rule: bytes are counted over a period; once the period is longer than {@value #CHECK_INTERVAL_MS} ms
 * and its average rate exceeds the limit, the caller sleeps until the average equals the limit, and a new period
 * starts. The count and the sleep are under one lock, so the threads are throttled together, as in Kafka.
 *
 * <p>Sleeping goes through the injectable {@link Time} (a {@code MockTime} test advances instead of sleeping), in
 * slices of at most {@value #WAIT_SLICE_MS} ms, between which the caller's stop condition and the rate are checked:
 * shutting the cleaner down then never waits out a long throttle sleep, and needs no {@link Thread#interrupt} (an
 * interrupt during file I/O would close the segment's channel under the readers). {@code Time.waitObject} is not
 * used because {@code MockTime}'s waits until another thread moves the clock. Owned by {@link LogCleaner};
 * thread-safe; the rate may change at any time.
 */
final class CleanerThrottler {
    /** Kafka's period for the cleaner's throttler. */
    static final long CHECK_INTERVAL_MS = 300;
    static final long WAIT_SLICE_MS = 100;
    private static final long NS_PER_SEC = TimeUnit.SECONDS.toNanos(1);

    private final Time time;
    private final Object lock = new Object();
    private volatile double bytesPerSecond;
    private volatile boolean waiting;
    private long periodStartNs;
    private double observedSoFar;

    CleanerThrottler(double bytesPerSecond, Time time) {
        this.bytesPerSecond = bytesPerSecond;
        this.time = time;
        this.periodStartNs = time.nanoseconds();
    }

    void updateRate(double bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    double rate() {
        return bytesPerSecond;
    }

    /** Whether a caller is sleeping for the limit now (for tests). */
    boolean isWaiting() {
        return waiting;
    }

    /**
     * Counts {@code bytes} and sleeps if the period's rate is above the limit. Returns false when a needed sleep
     * was cut short (or skipped) because {@code stopping} became true; the caller then stops its clean.
     */
    boolean maybeThrottle(long bytes, BooleanSupplier stopping) {
        synchronized (lock) {
            observedSoFar += bytes;
            long elapsedNs = time.nanoseconds() - periodStartNs;
            if (elapsedNs <= TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MS) || observedSoFar <= 0) {
                return true;
            }
            boolean slept = true;
            if (observedSoFar * NS_PER_SEC / elapsedNs > bytesPerSecond) {
                slept = sleepDownToRate(stopping);
            }
            periodStartNs = time.nanoseconds();
            observedSoFar = 0;
            return slept;
        }
    }

    /**
     * Sleeps until the period's average is the limit. The remaining time is worked out again after each slice,
     * with the limit in force then: raising or removing the limit ends a long sleep (Kafka's sleep keeps the rate
     * it started with).
     */
    private boolean sleepDownToRate(BooleanSupplier stopping) {
        waiting = true;
        try {
            while (true) {
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - periodStartNs);
                long remainingMs = Math.round(observedSoFar / (bytesPerSecond / 1000) - elapsedMs);
                if (remainingMs <= 0) {
                    return true;
                }
                if (stopping.getAsBoolean()) {
                    return false;
                }
                time.sleep(Math.min(WAIT_SLICE_MS, remainingMs));
            }
        } finally {
            waiting = false;
        }
    }
}
