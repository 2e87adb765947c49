package io.samsa.replication.quota;

import java.util.ArrayDeque;

/**
 * A byte rate measured over the last {@code numSamples} windows of {@code windowMs} each, with the semantics of
 * Kafka's {@code SimpleRate} as its replication quotas use it: a new sample starts at the first record after the
 * current one's window ended; samples older than {@code numSamples x windowMs} are forgotten; the rate is the sum of
 * the kept samples divided by the time since the oldest one started, but never by less than one window (so a single
 * burst right after a quiet period does not read as an enormous rate).
 *
 * <p>Times are passed in by the caller (the owner's injected clock). Thread-safe: every method is synchronized.
 */
public final class Rate {
    private record Sample(long startMs, long[] bytes) {
    }

    private final int numSamples;
    private final long windowMs;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /**
     * @param numSamples {@code replication.quota.window.num}
     * @param windowMs   {@code replication.quota.window.size.seconds}, in ms
     */
    public Rate(int numSamples, long windowMs) {
        if (numSamples < 1 || windowMs < 1) {
            throw new IllegalArgumentException("numSamples and windowMs must be positive: " + numSamples + ", "
                    + windowMs);
        }
        this.numSamples = numSamples;
        this.windowMs = windowMs;
    }

    /** Adds {@code bytes} at {@code nowMs}. */
    public synchronized void record(long bytes, long nowMs) {
        purge(nowMs);
        Sample current = samples.peekLast();
        if (current == null || nowMs - current.startMs() >= windowMs) {
            current = new Sample(nowMs, new long[1]);
            samples.addLast(current);
            if (samples.size() > numSamples) {
                samples.removeFirst();
            }
        }
        current.bytes()[0] += bytes;
    }

    /** Bytes per second at {@code nowMs}; 0 when nothing was recorded within the kept windows. */
    public synchronized double bytesPerSecond(long nowMs) {
        purge(nowMs);
        if (samples.isEmpty()) {
            return 0.0;
        }
        long total = 0;
        for (Sample s : samples) {
            total += s.bytes()[0];
        }
        long elapsedMs = Math.max(nowMs - samples.peekFirst().startMs(), windowMs);
        return total * 1000.0 / elapsedMs;
    }

    private void purge(long nowMs) {
        long expireAgeMs = numSamples * windowMs;
        while (!samples.isEmpty() && nowMs - samples.peekFirst().startMs() >= expireAgeMs) {
            samples.removeFirst();
        }
    }
}
