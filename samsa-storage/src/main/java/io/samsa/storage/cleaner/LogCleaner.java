package io.samsa.storage.cleaner;

import io.samsa.storage.Log;
import io.samsa.storage.LogChangeListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's log cleaner service: {@code log.cleaner.threads} threads named
 * {@code kafka-log-cleaner-thread-N} (Kafka's names), each cleaning the dirtiest compacted log in turn and
 * waiting {@code log.cleaner.backoff.ms} when none is cleanable. The dedupe and I/O buffer budgets are shared out
 * between the threads, and their I/O together is held to {@code log.cleaner.io.max.bytes.per.second}
 * ({@link CleanerThrottler}), as in Kafka.
 *
 * <p>Lifecycle: {@link #startup} once, after the logs are loaded; {@link #reconfigure} any time (the broker's
 * dynamic configs); {@link #shutdown} before the logs are closed. Stopping threads (shutdown, reconfiguration)
 * waits for the cleans in progress to finish, except one waiting for the throttle, which is abandoned: a cleaner
 * thread is never interrupted, because an interrupt during file I/O would close the segment's channel under the
 * readers. As the {@link LogChangeListener} of the {@code LogManager}, it lowers a truncated log's checkpointed first
 * dirty offset and drops a deleted log's entry at once. Thread-safe.
 */
public final class LogCleaner implements LogChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);
    /** Kafka's lower bound of the offset map of one thread. */
    private static final long MIN_DEDUPE_BUFFER_PER_THREAD = 1024 * 1024;

    /**
     * Broker settings of the whole cleaner.
     *
     * @param threads             {@code log.cleaner.threads}
     * @param dedupeBufferBytes   {@code log.cleaner.dedupe.buffer.size}, over all threads
     * @param loadFactor          {@code log.cleaner.io.buffer.load.factor}
     * @param ioBufferBytes       {@code log.cleaner.io.buffer.size}, over all threads
     * @param maxMessageBytes     {@code message.max.bytes}: the I/O buffers grow up to this
     * @param backoffMs           {@code log.cleaner.backoff.ms}
     * @param maxIoBytesPerSecond {@code log.cleaner.io.max.bytes.per.second}, over all threads
     */
    public record Settings(int threads, long dedupeBufferBytes, double loadFactor, int ioBufferBytes,
                           int maxMessageBytes, long backoffMs, double maxIoBytesPerSecond) {
        /** Unthrottled (Kafka's default rate, {@code Double.MAX_VALUE}). */
        public Settings(int threads, long dedupeBufferBytes, double loadFactor, int ioBufferBytes,
                        int maxMessageBytes, long backoffMs) {
            this(threads, dedupeBufferBytes, loadFactor, ioBufferBytes, maxMessageBytes, backoffMs, Double.MAX_VALUE);
        }

        /** One thread's share (at least one thread's worth, for {@link #cleanOnce} when threads is 0). */
        CleanerConfig perThread() {
            int n = Math.max(1, threads);
            int dedupe = (int) Math.min(Integer.MAX_VALUE, dedupeBufferBytes / n);
            int io = Math.max(1, ioBufferBytes / n / 2);
            return new CleanerConfig(dedupe, loadFactor, io, maxMessageBytes);
        }

        /** Whether {@code other} differs from these in the I/O rate at most (no thread restart needed). */
        boolean sameThreadsAs(Settings other) {
            return withRate(0).equals(other.withRate(0));
        }

        private Settings withRate(double rate) {
            return new Settings(threads, dedupeBufferBytes, loadFactor, ioBufferBytes, maxMessageBytes, backoffMs,
                    rate);
        }
    }

    private final Time time;
    private final CleanerManager manager;
    private final CleanerThrottler throttler;
    private final Object wakeup = new Object();
    private final List<Running> threads = new ArrayList<>();
    /** A copy of {@link #threads} for the metrics, which read it from JMX threads. */
    private volatile List<Running> metered = List.of();
    private final CleanerMetrics metrics = new CleanerMetrics();
    private final long createdMs;
    private volatile Settings settings;
    private CleanerThread synchronousCleaner;
    private boolean running;

    /** A started cleaner and the thread running it. */
    private record Running(CleanerThread cleaner, Thread thread) {
    }

    /** {@code logs} returns the broker's current logs (e.g. {@code LogManager::allLogs}). */
    public LogCleaner(Settings settings, Supplier<Collection<Log>> logs, Time time) {
        this.settings = settings;
        this.time = time;
        this.manager = new CleanerManager(logs);
        this.throttler = new CleanerThrottler(settings.maxIoBytesPerSecond(), time);
        this.createdMs = time.milliseconds();
    }

    public synchronized void startup() {
        if (running) {
            throw new IllegalStateException("Log cleaner already started");
        }
        running = true;
        startThreads();
        registerMetrics();
    }

    /** Kafka's cleaner gauges (see {@link CleanerMetrics}): over the threads' last cleans and the last choice. */
    private void registerMetrics() {
        metrics.register(CleanerMetrics.CLEANER + "max-buffer-utilization-percent",
                () -> (int) (maxOverThreads(s -> s.mapUtilization()) * 100));
        metrics.register(CleanerMetrics.CLEANER + "cleaner-recopy-percent", this::recopyPercent);
        metrics.register(CleanerMetrics.CLEANER + "max-clean-time-secs", () -> (int) (metered.stream()
                .mapToLong(r -> r.cleaner().lastCleanNanos()).max().orElse(0L) / 1_000_000_000L));
        metrics.register(CleanerMetrics.CLEANER + "max-compaction-delay-secs",
                () -> (int) (manager.lastMaxCompactionDelayMs() / 1000));
        metrics.register(CleanerMetrics.CLEANER + "DeadThreadCount", () -> (int) metered.stream()
                .filter(r -> !r.thread().isAlive() && !r.cleaner().stopRequested()).count());
        metrics.register(CleanerMetrics.MANAGER + "max-dirty-percent",
                () -> (int) (100 * manager.lastDirtiestRatio()));
        metrics.register(CleanerMetrics.MANAGER + "uncleanable-partitions-count", manager::uncleanableCount);
        metrics.register(CleanerMetrics.MANAGER + "time-since-last-run-ms",
                () -> time.milliseconds() - Math.max(createdMs, manager.lastRunMs()));
    }

    private double maxOverThreads(java.util.function.ToDoubleFunction<CleanerStats> f) {
        return metered.stream().map(r -> r.cleaner().lastStats()).filter(java.util.Objects::nonNull)
                .mapToDouble(f).max().orElse(0.0);
    }

    /** Kafka's: bytes written over bytes read by the threads' last cleans, in percent. */
    private int recopyPercent() {
        long read = 0;
        long written = 0;
        for (Running r : metered) {
            CleanerStats s = r.cleaner().lastStats();
            if (s != null) {
                read += s.bytesRead();
                written += s.bytesWritten();
            }
        }
        return (int) (100.0 * written / Math.max(read, 1));
    }

    private void startThreads() {
        Settings current = settings;
        for (int i = 0; i < current.threads(); i++) {
            CleanerThread cleaner = new CleanerThread(i, manager, current.perThread(), throttler, time);
            Thread t = new Thread(() -> runLoop(cleaner), "kafka-log-cleaner-thread-" + i);
            t.setDaemon(true);
            threads.add(new Running(cleaner, t));
            t.start();
        }
        metered = List.copyOf(threads);
        log.info("Started {} log cleaner threads", current.threads());
    }

    private void runLoop(CleanerThread cleaner) {
        try {
            while (!cleaner.stopRequested()) {
                boolean progressed = false;
                try {
                    progressed = cleaner.cleanOne();
                } catch (RuntimeException e) {
                    // Choosing a log failed (e.g. one went offline meanwhile): the thread must survive it.
                    log.error("Log cleaner thread {} failed to choose a log", cleaner.id(), e);
                }
                if (!progressed) {
                    awaitBackoff(cleaner);
                }
            }
        } catch (Throwable t) {
            log.error("Log cleaner thread {} died", cleaner.id(), t);
        }
    }

    /** Waits {@code log.cleaner.backoff.ms}, or less if the thread is asked to stop. */
    private void awaitBackoff(CleanerThread cleaner) {
        try {
            time.waitObject(wakeup, cleaner::stopRequested, time.milliseconds() + settings.backoffMs());
        } catch (TimeoutException e) {
            // The back-off elapsed: look for a cleanable log again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cleaner.requestStop();
        }
    }

    /** The settings in force. */
    public Settings settings() {
        return settings;
    }

    /**
     * Kafka's checks of a dynamic change, against the settings in force: at least one thread, at most double and
     * at least half the current count, and at least 1 MiB of dedupe buffer per thread.
     *
     * @throws ConfigException naming the broken rule
     */
    public void validateReconfiguration(Settings updated) {
        int current = settings.threads();
        if (updated.threads() < 1) {
            throw new ConfigException("Log cleaner threads should be at least 1");
        }
        if (updated.threads() < current / 2) {
            throw new ConfigException("Log cleaner threads cannot be reduced to less than half the current value "
                    + current);
        }
        if (updated.threads() > current * 2) {
            throw new ConfigException("Log cleaner threads cannot be increased to more than double the current value "
                    + current);
        }
        if (updated.dedupeBufferBytes() / updated.threads() <= MIN_DEDUPE_BUFFER_PER_THREAD) {
            throw new ConfigException("log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.");
        }
    }

    /**
     * Applies new settings (validated by {@link #validateReconfiguration}): the I/O rate at once; any other change
     * by stopping the threads, after their cleans in progress, and starting new ones with the new settings (Kafka's
     * way, which also replaces a thread that died). Before {@link #startup} or after {@link #shutdown} only records
     * them.
     */
    public synchronized void reconfigure(Settings updated) {
        Settings old = settings;
        if (updated.maxIoBytesPerSecond() != old.maxIoBytesPerSecond()) {
            log.info("Updating log.cleaner.io.max.bytes.per.second: {}", updated.maxIoBytesPerSecond());
            throttler.updateRate(updated.maxIoBytesPerSecond());
        }
        if (old.sameThreadsAs(updated)) {
            settings = updated;
            return;
        }
        if (running) {
            stopThreads();
        }
        settings = updated;
        synchronousCleaner = null;
        if (running) {
            startThreads();
        }
    }

    /**
     * Cleans the dirtiest cleanable log on the caller's thread (for tests); returns whether a clean made progress. Uses
     * its own offset map, allocated at the first call.
     */
    public synchronized boolean cleanOnce() {
        if (synchronousCleaner == null) {
            synchronousCleaner = new CleanerThread(-1, manager, settings.perThread(), throttler, time);
        }
        return synchronousCleaner.cleanOne();
    }

    /** Whether a clean of {@code l} failed unexpectedly, so that it is no longer cleaned. */
    public boolean isUncleanable(Log l) {
        return manager.isUncleanable(l);
    }

    /** Stops the threads, after the cleans in progress finish. Idempotent. */
    public synchronized void shutdown() {
        running = false;
        stopThreads();
        metrics.unregisterAll();
    }

    /** Stops and joins every thread; the cleans in progress finish first, unless waiting for the throttle. */
    private void stopThreads() {
        List<Running> toJoin = List.copyOf(threads);
        threads.clear();
        metered = List.of();
        synchronized (wakeup) {
            toJoin.forEach(r -> r.cleaner().requestStop());
            wakeup.notifyAll();
        }
        for (Running r : toJoin) {
            try {
                r.thread().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Interrupted while waiting for {} to stop", r.thread().getName());
                return;
            }
        }
        if (!toJoin.isEmpty()) {
            log.info("Log cleaner threads stopped");
        }
    }

    @Override
    public void onTruncated(Log l, long activeSegmentBaseOffset) {
        try {
            manager.onTruncated(l, activeSegmentBaseOffset);
        } catch (IOException | RuntimeException e) {
            // The truncation itself succeeded; a stale entry only leaves records appended again uncompacted.
            log.error("Failed to lower the cleaner checkpoint of {} after its truncation", l.topicPartition(), e);
        }
    }

    @Override
    public void onDeleted(Log l) {
        try {
            manager.onDeleted(l);
        } catch (IOException | RuntimeException e) {
            // The next checkpoint write drops entries of partitions without a log anyway.
            log.error("Failed to drop the cleaner checkpoint of deleted {}", l.topicPartition(), e);
        }
    }

    /** The shared throttle (for tests). */
    CleanerThrottler throttler() {
        return throttler;
    }

    @Override
    public void close() {
        shutdown();
    }
}
