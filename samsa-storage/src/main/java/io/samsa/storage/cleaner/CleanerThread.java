package io.samsa.storage.cleaner;

import io.samsa.storage.LogCleaningAbortedException;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cleaner: takes the dirtiest log from the {@link CleanerManager}, cleans it with its own
 * {@link LogCleaning} (and offset map), checkpoints the result and logs the summary. {@link #cleanOne} is one
 * attempt; {@link LogCleaner} runs it in a loop on a thread named {@code kafka-log-cleaner-thread-N}.
 * The offset map (128 MiB by default) is allocated at the first clean, not at start-up, so brokers without a
 * dirty compacted log (and test JVMs running several brokers) do not pay for it. Used by one thread at a time.
 */
final class CleanerThread {
    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    private final int id;
    private final CleanerManager manager;
    private final CleanerConfig config;
    private final CleanerThrottler throttler;
    private LogCleaning cleaning;
    private final Time time;
    private volatile boolean stopRequested;
    /** The last completed clean and how long it took, for the metrics; null before the first. */
    private volatile CleanerStats lastStats;
    private volatile long lastCleanNanos;

    CleanerThread(int id, CleanerManager manager, CleanerConfig config, CleanerThrottler throttler, Time time) {
        this.id = id;
        this.manager = manager;
        this.config = config;
        this.throttler = throttler;
        this.time = time;
    }

    int id() {
        return id;
    }

    /**
     * Asks the thread to stop after its clean in progress. A clean waiting for the I/O throttle stops at once
     * instead (aborted: its swapped groups stay, its checkpoint does not move), so shutdown never waits out a
     * throttle sleep.
     */
    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** The last completed clean's stats; null before the first. */
    CleanerStats lastStats() {
        return lastStats;
    }

    long lastCleanNanos() {
        return lastCleanNanos;
    }

    /** This thread's view of the shared throttle: a wait cut short by a stop aborts the clean. */
    private void throttle(long bytes) {
        if (!throttler.maybeThrottle(bytes, this::stopRequested)) {
            throw new LogCleaningAbortedException("the log cleaner is stopping");
        }
    }

    /**
     * Cleans the dirtiest cleanable log, if any. Returns whether a clean made progress; false tells the caller to
     * back off (nothing cleanable, an abort, a failure), so a log that keeps failing cannot keep a thread busy.
     */
    boolean cleanOne() {
        Optional<LogToClean> chosen;
        try {
            chosen = manager.grabDirtiest(time.milliseconds());
        } catch (IOException e) {
            log.error("Log cleaner thread {} cannot read a cleaner-offset-checkpoint", id, e);
            return false;
        }
        if (chosen.isEmpty()) {
            return false;
        }
        LogToClean toClean = chosen.get();
        try {
            if (cleaning == null) {
                cleaning = new LogCleaning(config, time, this::throttle);
            }
            long start = time.nanoseconds();
            CleanerStats stats = cleaning.clean(toClean.log(), toClean.firstDirty(),
                    topicCompaction(toClean));
            manager.checkpoint(toClean, stats.endOffset());
            long elapsedNanos = time.nanoseconds() - start;
            lastStats = stats;
            lastCleanNanos = elapsedNanos;
            log.info("{}", CleanerStatsLog.summary(id, toClean, stats, elapsedNanos));
            return stats.endOffset() > toClean.firstDirty();
        } catch (LogCleaningAbortedException e) {
            // The log was truncated, closed or had segments deleted under the clean: try again later.
            log.info("Cleaning of log {} aborted: {}", toClean.log().topicPartition(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!manager.isCurrent(toClean.log())) {
                // Deleted under the clean (its directory renamed away): the failure is expected and harmless.
                log.info("Cleaning of log {} stopped: the log was deleted", toClean.log().topicPartition());
                return false;
            }
            // Kafka's rule: an unexpected failure must not make the thread retry the same log forever.
            manager.markUncleanable(toClean.log());
            log.error("Unexpected failure cleaning log {}; marked uncleanable until it is deleted",
                    toClean.log().topicPartition(), e);
        } finally {
            manager.release(toClean.log());
        }
        return false;
    }

    private static TopicCompaction topicCompaction(LogToClean toClean) {
        var c = toClean.log().config().compaction();
        return new TopicCompaction(c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio());
    }
}
