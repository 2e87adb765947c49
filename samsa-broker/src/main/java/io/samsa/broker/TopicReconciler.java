package io.samsa.broker;

import io.samsa.common.Scheduler;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import io.samsa.replication.Partition;
import io.samsa.replication.ReplicaManager;
import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the partitions this broker hosts match the cluster metadata: creates the log and {@link Partition} of every
 * replica assigned here, removes those of deleted topics (and of a topic re-created under the same name, told apart
 * by topic id), and applies topic config changes to live logs.
 *
 * <p>A replica whose log cannot be created is marked offline in the {@link ReplicaManager} (requests for it get
 * KAFKA_STORAGE_ERROR, Metadata shows no leader) and the reconcile is retried with back-off until it succeeds.
 *
 * <p>Logs on disk of topics the metadata does not know are left alone (with a warning): deleting them on a
 * metadata mismatch, say a broker pointed at an empty ZooKeeper, would destroy data.
 *
 * <p>Thread-safe: every change runs under this object's lock.
 */
public final class TopicReconciler implements MetadataListener {
    private static final Logger log = LoggerFactory.getLogger(TopicReconciler.class);
    /** First wait before retrying a failed log creation; doubles per failure up to {@link #RETRY_MAX_MS}. */
    static final long RETRY_INITIAL_MS = 500;
    static final long RETRY_MAX_MS = 30_000;

    private final int brokerId;
    private final MetadataStore metadata;
    private final LogManager logManager;
    private final ReplicaManager replicaManager;
    private final Function<String, LogConfig> logConfigOf;
    private final Scheduler scheduler;
    private final ExponentialBackoff retryBackoff = new ExponentialBackoff(RETRY_INITIAL_MS, 2, RETRY_MAX_MS, 0.2);
    /** Consecutive failed log creations; under this object's lock. */
    private int failedAttempts;
    /** Whether a retry is pending, so failures in quick succession schedule one; under this object's lock. */
    private boolean retryScheduled;
    private final List<PartitionLeadershipListener> leadershipListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public TopicReconciler(int brokerId, MetadataStore metadata, LogManager logManager, ReplicaManager replicaManager,
                           Function<String, LogConfig> logConfigOf, Scheduler scheduler) {
        this.brokerId = brokerId;
        this.metadata = metadata;
        this.logManager = logManager;
        this.replicaManager = replicaManager;
        this.logConfigOf = logConfigOf;
        this.scheduler = scheduler;
    }

    public void addLeadershipListener(PartitionLeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    /** Brings local partitions in line with the metadata. Called at start-up, after admin writes and on changes. */
    public synchronized void reconcile() {
        Map<String, TopicMetadata> topics = metadata.topics();
        Set<TopicPartition> wanted = new HashSet<>();
        List<LogManager.NewLog> toCreate = new ArrayList<>();
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        for (TopicMetadata topic : topics.values()) {
            Map<Integer, PartitionState> states = null;
            LogConfig config = null;
            for (Map.Entry<Integer, List<Integer>> e : topic.assignment().entrySet()) {
                if (!e.getValue().contains(brokerId)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), e.getKey());
                wanted.add(tp);
                Optional<Partition> existing = replicaManager.partition(tp);
                if (states == null) {
                    states = metadata.partitionStates(topic.name());
                }
                PartitionState state = states.get(e.getKey());
                int epoch = state == null ? 0 : state.leaderEpoch();
                if (existing.isPresent() && existing.get().topicId().equals(topic.topicId())) {
                    existing.get().setLeaderEpoch(epoch);
                    continue;
                }
                existing.ifPresent(p -> removeLocal(tp));
                if (config == null) {
                    config = logConfigOf.apply(topic.name());
                }
                deleteStaleLog(tp, topic.topicId());
                toCreate.add(new LogManager.NewLog(tp, topic.topicId(), config));
                epochs.put(tp, epoch);
            }
        }
        if (!toCreate.isEmpty()) {
            createLocal(toCreate, epochs);
        }
        for (Partition p : List.copyOf(replicaManager.partitions())) {
            if (!wanted.contains(p.topicPartition())) {
                removeLocal(p.topicPartition());
            }
        }
        for (TopicPartition tp : List.copyOf(replicaManager.offlinePartitions())) {
            if (!wanted.contains(tp)) {
                replicaManager.clearOffline(tp);
            }
        }
    }

    private void deleteStaleLog(TopicPartition tp, Uuid topicId) {
        Optional<Uuid> onDisk = logManager.topicId(tp);
        if (onDisk.isPresent() && !onDisk.get().equals(topicId)) {
            // Same name, different topic: the old one was deleted while its log survived.
            log.info("Deleting log of {} with stale topic id {} (current {})", tp, onDisk.get(), topicId);
            logManager.deleteLog(tp);
        }
    }

    /**
     * Creates the logs (in one parallel batch) and partitions of newly assigned replicas. A log that cannot be
     * created (a full disk, no file descriptors left) leaves its replica offline on this broker, reported as such,
     * and a reconcile is retried with back-off until it succeeds; the logs of the batch that were created are used.
     */
    private void createLocal(List<LogManager.NewLog> toCreate, Map<TopicPartition, Integer> epochs) {
        Map<TopicPartition, Log> logs = Map.of();
        RuntimeException failure = null;
        try {
            logs = logManager.getOrCreateLogs(toCreate);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<TopicPartition> failed = new ArrayList<>();
        for (LogManager.NewLog n : toCreate) {
            TopicPartition tp = n.topicPartition();
            Log partitionLog = failure == null ? logs.get(tp) : logManager.getLog(tp).orElse(null);
            if (partitionLog == null) {
                failed.add(tp);
                replicaManager.markOffline(tp);
                continue;
            }
            partitionLog.updateConfig(n.config()); // a log loaded at start-up was opened with the broker defaults
            replicaManager.addPartition(new Partition(tp, n.topicId(), partitionLog, epochs.get(tp)));
            replicaManager.clearOffline(tp);
            for (PartitionLeadershipListener l : leadershipListeners) {
                l.onBecomeLeader(tp);
            }
        }
        if (failed.isEmpty()) {
            failedAttempts = 0;
        } else {
            long delayMs = retryBackoff.backoff(failedAttempts++);
            log.error("Could not create the logs of {} partitions ({}{}); they are offline on this broker. "
                    + "Retrying in {} ms", failed.size(), failed.subList(0, Math.min(5, failed.size())),
                    failed.size() > 5 ? ", ..." : "", delayMs, failure);
            if (!retryScheduled) {
                retryScheduled = true;
                scheduler.schedule("log-creation-retry", this::retryCreation, delayMs, 0);
            }
        }
    }

    private void removeLocal(TopicPartition tp) {
        for (PartitionLeadershipListener l : leadershipListeners) {
            l.onStopLeading(tp);
        }
        replicaManager.removePartition(tp);
        if (logManager.getLog(tp).isPresent()) {
            logManager.deleteLog(tp);
        }
    }

    /** Warns about logs on disk that belong to no known topic. */
    public void warnAboutStrayLogs() {
        Map<String, TopicMetadata> topics = metadata.topics();
        for (Log l : logManager.allLogs()) {
            if (!topics.containsKey(l.topicPartition().topic())) {
                log.warn("Log {} belongs to no topic in ZooKeeper; leaving it on disk", l.topicPartition());
            }
        }
    }

    private void retryCreation() {
        synchronized (this) {
            retryScheduled = false;
        }
        onTopicsChanged();
    }

    @Override
    public void onTopicsChanged() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.error("Failed to apply topic changes", e);
        }
    }

    @Override
    public synchronized void onTopicConfigChanged(String topic) {
        LogConfig config = logConfigOf.apply(topic);
        for (Partition p : replicaManager.partitions()) {
            if (p.topicPartition().topic().equals(topic)) {
                p.log().updateConfig(config);
            }
        }
    }
}
