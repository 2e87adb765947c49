package io.samsa.storage.cleaner;

import io.samsa.storage.Log;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's log cleaner service: {@code log.cleaner.threads} threads named
 * {@code kafka-log-cleaner-thread-N} (Kafka's names), each cleaning the dirtiest compacted log in turn and
 * waiting {@code log.cleaner.backoff.ms} when none is cleanable. The dedupe and I/O buffer budgets are shared out
 * between the threads, as in Kafka.
 *
 * <p>Lifecycle: {@link #startup} once, after the logs are loaded; {@link #shutdown} before the logs are closed.
 * Shutdown waits for the cleans in progress to finish: a cleaner thread is never interrupted, because an
 * interrupt during file I/O would close the segment's channel under the readers. Thread-safe.
 */
public final class LogCleaner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    /**
     * Broker settings of the whole cleaner.
     *
     * @param threads           {@code log.cleaner.threads}
     * @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}, over all threads
     * @param loadFactor        {@code log.cleaner.io.buffer.load.factor}
     * @param ioBufferBytes     {@code log.cleaner.io.buffer.size}, over all threads
     * @param maxMessageBytes   {@code message.max.bytes}: the I/O buffers grow up to this
     * @param backoffMs         {@code log.cleaner.backoff.ms}
     */
    public record Settings(int threads, long dedupeBufferBytes, double loadFactor, int ioBufferBytes,
                           int maxMessageBytes, long backoffMs) {
        /** One thread's share (at least one thread's worth, for {@link #cleanOnce} when threads is 0). */
        CleanerConfig perThread() {
            int n = Math.max(1, threads);
            int dedupe = (int) Math.min(Integer.MAX_VALUE, dedupeBufferBytes / n);
            int io = Math.max(1, ioBufferBytes / n / 2);
            return new CleanerConfig(dedupe, loadFactor, io, maxMessageBytes);
        }
    }

    private final Settings settings;
    private final Time time;
    private final CleanerManager manager;
    private final Object wakeup = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private CleanerThread synchronousCleaner;
    private volatile boolean running;

    /** {@code logs} returns the broker's current logs (e.g. {@code LogManager::allLogs}). */
    public LogCleaner(Settings settings, Supplier<Collection<Log>> logs, Time time) {
        this.settings = settings;
        this.time = time;
        this.manager = new CleanerManager(logs);
    }

    public synchronized void startup() {
        if (running) {
            throw new IllegalStateException("Log cleaner already started");
        }
        running = true;
        for (int i = 0; i < settings.threads(); i++) {
            CleanerThread cleaner = new CleanerThread(i, manager, settings.perThread(), time);
            Thread t = new Thread(() -> runLoop(cleaner), "kafka-log-cleaner-thread-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("Started {} log cleaner threads", settings.threads());
    }

    private void runLoop(CleanerThread cleaner) {
        try {
            while (running) {
                boolean progressed = false;
                try {
                    progressed = cleaner.cleanOne();
                } catch (RuntimeException e) {
                    // Choosing a log failed (e.g. one went offline meanwhile): the thread must survive it.
                    log.error("Log cleaner thread {} failed to choose a log", cleaner.id(), e);
                }
                if (!progressed) {
                    awaitBackoff();
                }
            }
        } catch (Throwable t) {
            log.error("Log cleaner thread {} died", cleaner.id(), t);
        }
    }

    /** Waits {@code log.cleaner.backoff.ms}, or less if shutdown starts. */
    private void awaitBackoff() {
        try {
            time.waitObject(wakeup, () -> !running, time.milliseconds() + settings.backoffMs());
        } catch (TimeoutException e) {
            // The back-off elapsed: look for a cleanable log again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Cleans the dirtiest cleanable log on the caller's thread (for tests); returns whether a clean made progress. Uses
     * its own offset map, allocated at the first call.
     */
    public synchronized boolean cleanOnce() {
        if (synchronousCleaner == null) {
            synchronousCleaner = new CleanerThread(-1, manager, settings.perThread(), time);
        }
        return synchronousCleaner.cleanOne();
    }

    /** Whether a clean of {@code l} failed unexpectedly, so that it is no longer cleaned. */
    public boolean isUncleanable(Log l) {
        return manager.isUncleanable(l);
    }

    /** Stops the threads, after the cleans in progress finish. Idempotent. */
    public void shutdown() {
        List<Thread> toJoin;
        synchronized (this) {
            synchronized (wakeup) {
                running = false;
                wakeup.notifyAll();
            }
            toJoin = List.copyOf(threads);
            threads.clear();
        }
        for (Thread t : toJoin) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Interrupted while waiting for {} to stop", t.getName());
                return;
            }
        }
        if (!toJoin.isEmpty()) {
            log.info("Log cleaner threads stopped");
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
