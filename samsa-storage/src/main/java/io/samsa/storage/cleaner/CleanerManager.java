package io.samsa.storage.cleaner;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Which compacted log a cleaner thread cleans next, and the bookkeeping around it (Kafka's LogCleanerManager,
 * minimal): the dirtiest log whose dirty ratio exceeds its {@code min.cleanable.dirty.ratio}, or holding a dirty
 * record older than its {@code max.compaction.lag.ms}, skipping logs being cleaned by another thread and logs
 * marked uncleanable; after a completed clean, the log dir's {@code cleaner-offset-checkpoint}.
 *
 * <p>Logs are tracked by identity, not partition: a partition deleted and created again is a new log, cleanable
 * again. Thread-safe: the in-progress and uncleanable sets are guarded by this object, each checkpoint file by its
 * own lock.
 */
final class CleanerManager {
    private final Supplier<Collection<Log>> logs;
    private final Set<Log> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Log> uncleanable = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Concurrent rather than guarded by this object: the truncation hook runs under a log's lock. */
    private final Map<File, CleanerCheckpoints> checkpoints = new ConcurrentHashMap<>();
    private volatile long lastRunMs;
    private volatile long lastMaxCompactionDelayMs;
    private volatile double lastDirtiestRatio;
    private volatile int uncleanableCount;

    CleanerManager(Supplier<Collection<Log>> logs) {
        this.logs = logs;
    }

    /**
     * Chooses the dirtiest cleanable log and marks it in progress; the caller must then call
     * {@link #release}. Empty when no compacted log is above its ratio.
     */
    synchronized Optional<LogToClean> grabDirtiest(long nowMs) throws IOException {
        Collection<Log> current = logs.get();
        // Forget deleted logs, so the set does not keep them alive.
        Set<Log> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(current);
        uncleanable.retainAll(live);
        uncleanableCount = uncleanable.size();
        // Read before any checkpoint file, which a truncation lowers: a truncation after this read can then not be
        // missed, since the clean's checkpoint is not written if the count changed.
        Map<Log, Long> truncations = new IdentityHashMap<>();
        current.forEach(l -> truncations.put(l, l.truncations()));
        Map<File, Map<TopicPartition, Long>> checkpointed = new HashMap<>();
        LogToClean dirtiest = null;
        long maxDelayMs = 0;
        double maxRatio = 0.0;
        for (Log l : current) {
            LogConfig config = l.config();
            if (!config.compact() || inProgress.contains(l) || uncleanable.contains(l)) {
                continue;
            }
            File dir = logDirOf(l);
            Map<TopicPartition, Long> offsets = checkpointed.get(dir);
            if (offsets == null) {
                offsets = checkpoints(dir).read();
                checkpointed.put(dir, offsets);
            }
            long firstDirty = CleanerCheckpoints.firstDirtyOffset(offsets.get(l.topicPartition()), l.logStartOffset(),
                    l.logEndOffset());
            long firstUncleanable = CleanableOffsets.firstUncleanableOffset(l, firstDirty,
                    config.compaction().minCompactionLagMs(), nowMs);
            if (firstUncleanable <= firstDirty) {
                continue;
            }
            double ratio = CleanableOffsets.dirtyRatio(l, firstDirty, firstUncleanable);
            long delayMs = CleanableOffsets.compactionDelayMs(l, firstDirty, config.compaction().maxCompactionLagMs(),
                    nowMs);
            maxDelayMs = Math.max(maxDelayMs, delayMs);
            maxRatio = Math.max(maxRatio, ratio);
            boolean eligible = ratio > config.compaction().minCleanableDirtyRatio() || delayMs > 0;
            // Kafka's order: the dirtiest first; being overdue makes a log eligible but does not move it ahead.
            if (eligible && (dirtiest == null || ratio > dirtiest.dirtyRatio())) {
                dirtiest = new LogToClean(l, dir, firstDirty, firstUncleanable, ratio, truncations.get(l));
            }
        }
        if (dirtiest != null) {
            inProgress.add(dirtiest.log());
        }
        // Kafka's metrics of the last choice.
        lastRunMs = nowMs;
        lastMaxCompactionDelayMs = maxDelayMs;
        lastDirtiestRatio = maxRatio;
        return Optional.ofNullable(dirtiest);
    }

    /**
     * Records a completed clean: {@code endOffset} is the log's new first dirty offset. Not recorded if the log was
     * deleted or truncated since it was chosen. The checks and the write hold the checkpoint file's lock, which
     * {@link #onTruncated} and {@link #onDeleted} take too, so neither can slip in between.
     */
    void checkpoint(LogToClean cleaned, long endOffset) throws IOException {
        CleanerCheckpoints checkpoints = checkpoints(cleaned.logDir());
        synchronized (checkpoints) {
            // A log deleted during its clean, or before, must not leave an entry a successor of its name would
            // inherit; a truncated one must keep the lower entry its truncation wrote.
            Collection<Log> current = logs.get();
            if (current.stream().noneMatch(l -> l == cleaned.log())
                    || cleaned.log().truncations() != cleaned.truncations()) {
                return;
            }
            Set<TopicPartition> live = new HashSet<>();
            for (Log l : current) {
                if (logDirOf(l).equals(cleaned.logDir())) {
                    live.add(l.topicPartition());
                }
            }
            checkpoints.update(cleaned.log().topicPartition(), endOffset, live);
        }
    }

    /**
     * Kafka's {@code maybeTruncateCheckpoint}: a log truncated below its checkpointed first dirty offset gets the
     * new active segment's base offset instead, so the records appended again are cleaned.
     */
    void onTruncated(Log l, long activeSegmentBaseOffset) throws IOException {
        // Under the log's lock: takes no lock of this object, which grabDirtiest holds while reading logs.
        checkpoints(logDirOf(l)).lower(l.topicPartition(), activeSegmentBaseOffset);
    }

    /**
     * A deleted log's entry goes at once, so a partition created again under its name is cleaned from its start.
     * (Its uncleanable mark goes at the next choice, which forgets logs no longer listed.)
     */
    void onDeleted(Log l) throws IOException {
        checkpoints(logDirOf(l)).remove(l.topicPartition());
    }

    /** Whether {@code l} is still one of the broker's logs (not deleted). */
    boolean isCurrent(Log l) {
        return logs.get().stream().anyMatch(current -> current == l);
    }

    /** Excludes the log from cleaning for as long as it exists (Kafka: until it leaves the broker). */
    synchronized void markUncleanable(Log l) {
        uncleanable.add(l);
        uncleanableCount = uncleanable.size();
    }

    /** When a thread last looked for a log to clean (0 before the first time). */
    long lastRunMs() {
        return lastRunMs;
    }

    /** How long past its max.compaction.lag.ms the most overdue log waited, at the last choice. */
    long lastMaxCompactionDelayMs() {
        return lastMaxCompactionDelayMs;
    }

    /** The highest dirty ratio of a log with something cleanable, at the last choice (Kafka's max-dirty-percent). */
    double lastDirtiestRatio() {
        return lastDirtiestRatio;
    }

    int uncleanableCount() {
        return uncleanableCount;
    }

    synchronized void release(Log l) {
        inProgress.remove(l);
    }

    synchronized boolean isUncleanable(Log l) {
        return uncleanable.contains(l);
    }

    private CleanerCheckpoints checkpoints(File dir) {
        return checkpoints.computeIfAbsent(dir, CleanerCheckpoints::new);
    }

    static File logDirOf(Log l) {
        return l.dir().getParentFile().getAbsoluteFile();
    }
}
