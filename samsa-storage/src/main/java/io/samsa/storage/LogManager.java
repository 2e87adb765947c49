package io.samsa.storage;

import io.samsa.common.Scheduler;
import io.samsa.storage.checkpoint.PartitionMetadataFile;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentTopicIdException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All logs of this broker across its log dirs.
 *
 * <p>On disk, per log dir: one {@code <topic>-<partition>} directory per log (see {@link Log}), directories
 * {@code <topic>-<partition>.<uuid>-delete} awaiting deletion, and the files of {@link LogDirCheckpoints}:
 * {@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint},
 * {@code replication-offset-checkpoint} (high watermarks) and the {@code .kafka_cleanshutdown} marker.
 * ({@code meta.properties}, the broker's identity, is the broker's business.)
 *
 * <p>Lifecycle: the constructor touches no file. {@link #startup} loads every partition directory (recovering
 * after an unclean stop, {@code num.recovery.threads.per.data.dir} threads per dir), deletes the clean-shutdown
 * markers, and schedules the background tasks: retention, roll/flush checks, checkpoints and producer-id
 * expiration. {@link #close} flushes and closes every log, writes the checkpoints and then the markers.
 *
 * <p>Crash behaviour: a crash leaves no marker, so the next start-up recovers each log from its checkpointed
 * recovery point. Thread-safe.
 */
public final class LogManager implements Closeable {
    /** Set at start-up if a log dir with logs had no clean-shutdown marker. */
    private volatile boolean uncleanStart;
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);
    /** Kafka's delay before the first run of each periodic task, so start-up is not slowed by them. */
    private static final long INITIAL_TASK_DELAY_MS = 30_000L;
    /** Cap on the threads creating a batch of new logs. */
    private static final int MAX_CREATION_THREADS = 4;

    private final LogManagerConfig config;
    private final Scheduler scheduler;
    private final Time time;
    private final List<File> logDirs;
    private final Map<File, LogDirCheckpoints> checkpoints = new LinkedHashMap<>();
    private final ConcurrentHashMap<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TopicPartition, Uuid> topicIds = new ConcurrentHashMap<>();
    /** Serializes log creation (held across the slow part, which runs outside createLock). */
    private final Object creationLock = new Object();
    /** Guards the maps of logs and topic ids, and the fields below. */
    private final Object createLock = new Object();
    /** Logs per log dir, for placing new ones. Guarded by createLock. */
    private final Map<File, Integer> logsPerDir = new HashMap<>();
    /** Partition dirs created since the last {@link #syncNewLogs}. Guarded by createLock. */
    private final List<File> unsyncedNewDirs = new ArrayList<>();
    private boolean syncOfNewLogsScheduled;
    private volatile boolean closed;
    private volatile LogChangeListener changeListener = LogChangeListener.NONE;
    /** Each log's listener: reads {@link #changeListener} at each event, so it may be set after logs are open. */
    private final LogChangeListener forwardChanges = new LogChangeListener() {
        @Override
        public void onTruncated(Log l, long activeSegmentBaseOffset) {
            changeListener.onTruncated(l, activeSegmentBaseOffset);
        }

        @Override
        public void onDeleted(Log l) {
            changeListener.onDeleted(l);
        }
    };

    public LogManager(LogManagerConfig config, Scheduler scheduler, Time time) {
        this.config = config;
        this.scheduler = scheduler;
        this.time = time;
        List<File> dirs = new ArrayList<>();
        for (File d : config.logDirs()) {
            File dir = d.getAbsoluteFile();
            dirs.add(dir);
            checkpoints.put(dir, new LogDirCheckpoints(dir));
        }
        this.logDirs = List.copyOf(dirs);
    }

    /** Loads every partition dir found (recovering after an unclean stop) and schedules background tasks. */
    public void startup() {
        startup(topic -> config.defaults());
    }

    /**
     * Like {@link #startup()}, opening each log with its topic's config ({@code configForTopic}, e.g. broker
     * defaults overlaid with the topic's overrides from the metadata) instead of the broker defaults.
     */
    public void startup(Function<String, LogConfig> configForTopic) {
        for (File dir : logDirs) {
            try {
                Files.createDirectories(dir.toPath());
                loadLogDir(checkpoints.get(dir), configForTopic);
            } catch (IOException e) {
                throw new KafkaStorageException("Failed to load log dir " + dir + ": " + e.getMessage(), e);
            }
        }
        synchronized (createLock) {
            for (Log l : logs.values()) {
                logsPerDir.merge(l.dir().getParentFile().getAbsoluteFile(), 1, Integer::sum);
            }
        }
        scheduleTasks();
        log.info("Loaded {} logs from {}", logs.size(), logDirs);
    }

    /**
     * Whether every log dir holding logs was shut down cleanly before this start. The broker tells the cluster: a
     * replica that restarted uncleanly may have lost unflushed records, so it is no longer an eligible leader
     * (KIP-966). Valid after {@link #startup}.
     */
    public boolean hadCleanShutdown() {
        return !uncleanStart;
    }

    private void loadLogDir(LogDirCheckpoints dirFiles, Function<String, LogConfig> configForTopic)
            throws IOException {
        File logDir = dirFiles.logDir();
        boolean clean = dirFiles.hadCleanShutdown();
        Map<TopicPartition, Long> recoveryPoints = dirFiles.readRecoveryPoints();
        Map<TopicPartition, Long> logStartOffsets = dirFiles.readLogStartOffsets();
        Map<TopicPartition, Long> highWatermarks = dirFiles.readHighWatermarks();
        File[] children = logDir.listFiles(File::isDirectory);
        if (children == null) {
            throw new IOException("Cannot list log dir " + logDir);
        }
        Map<TopicPartition, File> toLoad = new HashMap<>();
        for (File child : children) {
            String name = child.getName();
            if (PartitionDirNames.isDeleteDir(name)) {
                scheduleDirDeletion(child, 0L);
                continue;
            }
            Optional<TopicPartition> tp = PartitionDirNames.parse(name);
            if (tp.isEmpty()) {
                log.debug("Ignoring directory {} in log dir {}", name, logDir);
                continue;
            }
            toLoad.put(tp.get(), child);
        }
        if (!clean && !toLoad.isEmpty()) {
            log.info("Log dir {} was not shut down cleanly; recovering {} logs", logDir, toLoad.size());
            uncleanStart = true;
        }
        int threads = Math.max(1, Math.min(config.recoveryThreadsPerDataDir(), toLoad.size()));
        runInParallel(threads, "log-recovery-" + logDir.getName(), toLoad.entrySet(), entry -> {
            TopicPartition tp = entry.getKey();
            LogConfig topicConfig = configForTopic.apply(tp.topic());
            LogParams params = new LogParams(entry.getValue(), tp,
                    topicConfig == null ? config.defaults() : topicConfig, time,
                    recoveryPoints.getOrDefault(tp, 0L), logStartOffsets.getOrDefault(tp, 0L), clean,
                    highWatermarks.getOrDefault(tp, 0L), config.producerIdExpirationMs(), scheduler);
            try {
                Log loaded = Log.open(params);
                loaded.setChangeListener(forwardChanges);
                new PartitionMetadataFile(entry.getValue()).read().ifPresent(id -> topicIds.put(tp, id));
                Log previous = logs.putIfAbsent(tp, loaded);
                if (previous != null) {
                    loaded.close();
                    throw new KafkaException("Duplicate log directories for " + tp + ": " + previous.dir() + " and "
                            + loaded.dir());
                }
            } catch (IOException e) {
                throw new KafkaStorageException("Failed to load log " + entry.getValue() + ": " + e.getMessage(), e);
            }
        });
        dirFiles.deleteCleanShutdownMarker();
    }

    /** Runs {@code task} for every item on {@code threads} short-lived threads; rethrows the first failure. */
    private static <T> void runInParallel(int threads, String name, Collection<T> items, Consumer<T> task) {
        if (items.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.accept(item)));
            }
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re : new KafkaException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("Interrupted while loading or closing logs", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void scheduleTasks() {
        schedulePeriodic("kafka-log-retention", config.retentionCheckIntervalMs(),
                l -> l.deleteRetentionExceededSegments());
        schedulePeriodic("kafka-log-flusher", config.flushCheckIntervalMs(), Log::maybeRollOrFlush);
        schedulePeriodic("kafka-producer-expiration", config.producerIdExpirationCheckIntervalMs(),
                l -> l.removeExpiredProducers());
        long checkpointInterval = config.flushOffsetCheckpointIntervalMs();
        if (checkpointInterval > 0 && checkpointInterval < Long.MAX_VALUE) {
            scheduler.schedule("kafka-checkpoints", this::checkpointQuietly,
                    Math.min(INITIAL_TASK_DELAY_MS, checkpointInterval), checkpointInterval);
        }
    }

    private void schedulePeriodic(String name, long periodMs, Consumer<Log> action) {
        if (periodMs <= 0 || periodMs == Long.MAX_VALUE) {
            return;
        }
        scheduler.schedule(name, () -> {
            if (closed) {
                return;
            }
            for (Log l : logs.values()) {
                try {
                    action.accept(l);
                } catch (RuntimeException e) {
                    log.error("Task {} failed for {}", name, l.topicPartition(), e);
                }
            }
        }, Math.min(INITIAL_TASK_DELAY_MS, periodMs), periodMs);
    }

    private void checkpointQuietly() {
        if (closed) {
            return;
        }
        try {
            checkpointLogOffsets();
            checkpointHighWatermarks();
        } catch (KafkaStorageException e) {
            log.error("Writing checkpoints failed", e);
        }
    }

    /**
     * Returns the log, creating it (in the log dir with fewest partitions) if absent. topicId goes to
     * partition.metadata. See {@link #getOrCreateLogs} for durability.
     */
    public Log getOrCreateLog(TopicPartition tp, Uuid topicId, LogConfig config) {
        return getOrCreateLogs(List.of(new NewLog(tp, topicId, config))).get(tp);
    }

    /**
     * A log to create: its partition, topic id (for partition.metadata; null or zero for none) and config.
     */
    public record NewLog(TopicPartition topicPartition, Uuid topicId, LogConfig config) {
    }

    /**
     * Returns the logs of {@code wanted}, creating the missing ones. Creation runs on up to
     * {@value #MAX_CREATION_THREADS} threads: creating a partition is a handful of file and directory creations,
     * each about 0.1 ms of kernel time on the machines measured, and they bound a topic of thousands of partitions.
     *
     * <p>A new log's partition.metadata and directory entries are made durable shortly after, in one batch on the
     * scheduler ({@link #syncNewLogs}), as Kafka defers its partition.metadata flush: creating a topic of
     * thousands of partitions then costs no fsync per partition. Until then a power loss (not a process crash) may
     * lose the new directory or leave its partition.metadata empty; both are rebuilt from the cluster metadata.
     */
    public Map<TopicPartition, Log> getOrCreateLogs(Collection<NewLog> wanted) {
        Map<TopicPartition, Log> result = new HashMap<>();
        synchronized (creationLock) {
            Map<NewLog, File> toCreate = new LinkedHashMap<>();
            synchronized (createLock) {
                if (closed) {
                    throw new KafkaStorageException("The log manager is closed");
                }
                for (NewLog n : wanted) {
                    Log existing = logs.get(n.topicPartition());
                    if (existing != null) {
                        result.put(n.topicPartition(), existing);
                    } else if (!result.containsKey(n.topicPartition())) {
                        File parent = leastLoadedLogDir();
                        // Counted now, so a batch spreads over the log dirs.
                        logsPerDir.merge(parent, 1, Integer::sum);
                        toCreate.put(n, new File(parent, PartitionDirNames.logDirName(n.topicPartition())));
                        result.put(n.topicPartition(), null);
                    }
                }
            }
            for (NewLog n : wanted) {
                if (result.get(n.topicPartition()) != null) {
                    checkTopicId(n.topicPartition(), n.topicId());
                }
            }
            if (toCreate.isEmpty()) {
                return result;
            }
            Map<TopicPartition, Log> created = new ConcurrentHashMap<>();
            try {
                if (toCreate.size() == 1) {
                    Map.Entry<NewLog, File> only = toCreate.entrySet().iterator().next();
                    created.put(only.getKey().topicPartition(), createLog(only.getKey(), only.getValue()));
                } else {
                    runInParallel(Math.min(MAX_CREATION_THREADS, toCreate.size()), "log-create",
                        toCreate.entrySet(), e -> created.put(e.getKey().topicPartition(),
                                createLog(e.getKey(), e.getValue())));
                }
            } finally {
                publishCreated(toCreate, created);
            }
            result.putAll(created);
            return result;
        }
    }

    /** Creates one log's files. Runs outside createLock, possibly on several threads at once. */
    private Log createLog(NewLog n, File dir) {
        TopicPartition tp = n.topicPartition();
        // A directory that already exists (not loaded, e.g. created after start-up) is recovered, not trusted.
        boolean fresh = !dir.exists();
        try {
            Log created = Log.open(new LogParams(dir, tp, n.config(), time, 0L, 0L, fresh, 0L,
                    config.producerIdExpirationMs(), scheduler));
            created.setChangeListener(forwardChanges);
            if (n.topicId() != null && !Uuid.ZERO_UUID.equals(n.topicId())) {
                new PartitionMetadataFile(dir).write(n.topicId(), false);
            }
            log.info("Created log for {} in {}", tp, dir.getParentFile());
            return created;
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to create log " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Publishes the logs that were created; un-counts those that failed. */
    private void publishCreated(Map<NewLog, File> attempted, Map<TopicPartition, Log> created) {
        synchronized (createLock) {
            for (Map.Entry<NewLog, File> e : attempted.entrySet()) {
                NewLog n = e.getKey();
                Log l = created.get(n.topicPartition());
                if (l == null) {
                    logsPerDir.merge(e.getValue().getParentFile(), -1, Integer::sum);
                    continue;
                }
                if (n.topicId() != null && !Uuid.ZERO_UUID.equals(n.topicId())) {
                    topicIds.put(n.topicPartition(), n.topicId());
                }
                logs.put(n.topicPartition(), l);
                unsyncedNewDirs.add(e.getValue());
            }
            if (!created.isEmpty() && !syncOfNewLogsScheduled) {
                syncOfNewLogsScheduled = true;
                scheduler.schedule("sync-new-logs", this::syncNewLogs, 0L, 0L);
            }
        }
    }

    /**
     * Makes the logs created since the last call durable: fsyncs each one's partition.metadata and directory,
     * then each log dir once. Runs on the scheduler after creations, and at close.
     */
    public void syncNewLogs() {
        List<File> dirs;
        synchronized (createLock) {
            syncOfNewLogsScheduled = false;
            dirs = List.copyOf(unsyncedNewDirs);
            unsyncedNewDirs.clear();
        }
        Set<File> parents = new HashSet<>();
        for (File dir : dirs) {
            try {
                // Either may have been deleted meanwhile: then there is nothing left to make durable.
                Utils.flushFileIfExists(new File(dir, PartitionMetadataFile.FILE_NAME).toPath());
                Utils.flushDirIfExists(dir.toPath());
                parents.add(dir.getParentFile());
            } catch (IOException e) {
                log.warn("Failed to sync the new log {}: {}", dir, e.getMessage());
            }
        }
        for (File parent : parents) {
            try {
                Utils.flushDirIfExists(parent.toPath());
            } catch (IOException e) {
                log.warn("Failed to sync log dir {}: {}", parent, e.getMessage());
            }
        }
    }

    private void checkTopicId(TopicPartition tp, Uuid requested) {
        if (requested == null || Uuid.ZERO_UUID.equals(requested)) {
            return;
        }
        Uuid recorded = topicIds.get(tp);
        if (recorded == null) {
            synchronized (createLock) {
                Log l = logs.get(tp);
                if (l != null && topicIds.putIfAbsent(tp, requested) == null) {
                    try {
                        new PartitionMetadataFile(l.dir()).write(requested);
                    } catch (IOException e) {
                        throw new KafkaStorageException("Failed to write partition metadata of " + tp, e);
                    }
                }
            }
        } else if (!recorded.equals(requested)) {
            throw new InconsistentTopicIdException("Log of " + tp + " has topic id " + recorded
                    + " but " + requested + " was requested");
        }
    }

    /** Under createLock. */
    private File leastLoadedLogDir() {
        File best = logDirs.get(0);
        for (File d : logDirs) {
            if (logsPerDir.getOrDefault(d, 0) < logsPerDir.getOrDefault(best, 0)) {
                best = d;
            }
        }
        return best;
    }

    public Optional<Log> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    /** Topic id recorded in the partition's partition.metadata file, if any. */
    public Optional<Uuid> topicId(TopicPartition tp) {
        return Optional.ofNullable(topicIds.get(tp));
    }

    /** Who is told when a log is truncated or deleted (the log cleaner); replaces the previous one. */
    public void setChangeListener(LogChangeListener listener) {
        this.changeListener = listener;
    }

    public Collection<Log> allLogs() {
        return List.copyOf(logs.values());
    }

    /**
     * Removes the log and its files: the directory is renamed to {@code <topic>-<partition>.<uuid>-delete} at
     * once (a restart finishes the job), and deleted after {@code file.delete.delay.ms} so reads in flight can
     * finish.
     */
    public void deleteLog(TopicPartition tp) {
        Log removed;
        synchronized (createLock) {
            removed = logs.remove(tp);
            topicIds.remove(tp);
            if (removed != null) {
                logsPerDir.merge(removed.dir().getParentFile().getAbsoluteFile(), -1, Integer::sum);
            }
        }
        if (removed == null) {
            return;
        }
        File parent = removed.dir().getParentFile();
        File target = new File(parent, PartitionDirNames.deleteDirName(tp));
        try {
            removed.renameDirAndStopWrites(target);
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to rename " + removed.dir() + " for deletion", e);
        }
        log.info("Deleting log of {} ({})", tp, target);
        changeListener.onDeleted(removed);
        long delay = removed.config().fileDeleteDelayMs();
        if (delay > 0) {
            scheduler.schedule("delete-log-" + tp, removed::closeHandlesAndDelete, delay, 0L);
        } else {
            removed.closeHandlesAndDelete();
        }
    }

    private void scheduleDirDeletion(File dir, long delayMs) {
        scheduler.schedule("delete-dir-" + dir.getName(), () -> {
            try {
                Utils.delete(dir);
            } catch (IOException e) {
                log.warn("Failed to delete {}: {}", dir, e.getMessage());
            }
        }, delayMs, 0L);
    }

    /** The log dir holding a partition (for DescribeLogDirs). */
    public Optional<File> logDirOf(TopicPartition tp) {
        Log l = logs.get(tp);
        return l == null ? Optional.empty() : Optional.of(l.dir().getParentFile());
    }

    public List<File> logDirs() {
        return logDirs;
    }

    /** Writes the recovery-point and log-start-offset checkpoints of every log dir. */
    public void checkpointLogOffsets() {
        for (LogDirCheckpoints dirFiles : checkpoints.values()) {
            Map<TopicPartition, Long> recoveryPoints = new HashMap<>();
            Map<TopicPartition, Long> startOffsets = new HashMap<>();
            for (Log l : logsIn(dirFiles.logDir())) {
                recoveryPoints.put(l.topicPartition(), l.recoveryPoint());
                startOffsets.put(l.topicPartition(), l.logStartOffset());
            }
            try {
                dirFiles.writeRecoveryPoints(recoveryPoints);
                dirFiles.writeLogStartOffsets(startOffsets);
            } catch (IOException e) {
                throw new KafkaStorageException("Failed to write checkpoints in " + dirFiles.logDir(), e);
            }
        }
    }

    /** Writes the high-watermark checkpoint ({@code replication-offset-checkpoint}) of every log dir. */
    public void checkpointHighWatermarks() {
        for (LogDirCheckpoints dirFiles : checkpoints.values()) {
            Map<TopicPartition, Long> highWatermarks = new HashMap<>();
            for (Log l : logsIn(dirFiles.logDir())) {
                highWatermarks.put(l.topicPartition(), l.highWatermark());
            }
            try {
                dirFiles.writeHighWatermarks(highWatermarks);
            } catch (IOException e) {
                throw new KafkaStorageException("Failed to write checkpoints in " + dirFiles.logDir(), e);
            }
        }
    }

    private List<Log> logsIn(File logDir) {
        List<Log> result = new ArrayList<>();
        for (Log l : logs.values()) {
            if (l.dir().getParentFile().getAbsoluteFile().equals(logDir)) {
                result.add(l);
            }
        }
        return result;
    }

    /** Flushes and closes all logs, writes checkpoints, then the clean-shutdown marker of each log dir. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        syncNewLogs();
        for (LogDirCheckpoints dirFiles : checkpoints.values()) {
            List<Log> dirLogs = logsIn(dirFiles.logDir());
            boolean allClosed = true;
            try {
                runInParallel(Math.max(1, Math.min(config.recoveryThreadsPerDataDir(), dirLogs.size())),
                        "log-close-" + dirFiles.logDir().getName(), dirLogs, Log::close);
            } catch (RuntimeException e) {
                allClosed = false;
                log.error("Closing logs in {} failed; the next start-up will recover them", dirFiles.logDir(), e);
            }
            try {
                Map<TopicPartition, Long> recoveryPoints = new HashMap<>();
                Map<TopicPartition, Long> startOffsets = new HashMap<>();
                Map<TopicPartition, Long> highWatermarks = new HashMap<>();
                for (Log l : dirLogs) {
                    recoveryPoints.put(l.topicPartition(), l.recoveryPoint());
                    startOffsets.put(l.topicPartition(), l.logStartOffset());
                    highWatermarks.put(l.topicPartition(), l.highWatermark());
                }
                dirFiles.writeRecoveryPoints(recoveryPoints);
                dirFiles.writeLogStartOffsets(startOffsets);
                dirFiles.writeHighWatermarks(highWatermarks);
                if (allClosed) {
                    dirFiles.writeCleanShutdownMarker();
                }
            } catch (IOException e) {
                log.error("Writing checkpoints of {} at shutdown failed", dirFiles.logDir(), e);
            }
        }
        logs.clear();
    }
}
