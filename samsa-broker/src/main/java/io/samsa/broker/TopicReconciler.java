package io.samsa.broker;

import io.samsa.common.Scheduler;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.Versioned;
import io.samsa.replication.IsrUpdater;
import io.samsa.replication.fetcher.ReplicaFollowing;
import io.samsa.replication.LeaderAndIsr;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the partitions this broker hosts match the cluster metadata: creates the log and {@link Partition} of every
 * replica assigned here, makes each leader or follower as its state in the metadata says (starting and stopping
 * fetchers, and telling {@link PartitionLeadershipListener}s), removes those of deleted topics (and of a topic
 * re-created under the same name, told apart by topic id), and applies topic config changes to live logs.
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
    private final TopicSettings settings;
    private final IsrUpdater isrUpdater;
    private final ReplicaFollowing following;
    private final Scheduler scheduler;
    private final Time time;
    private final LongSupplier brokerEpoch;
    private final LeaderRecovery recoveries;
    private final ExponentialBackoff retryBackoff = new ExponentialBackoff(RETRY_INITIAL_MS, 2, RETRY_MAX_MS, 0.2);
    /** Replication settings per topic, shared by its partitions; under this object's lock when written. */
    private final Map<String, TopicReplicationConfig> replicationConfigs = new ConcurrentHashMap<>();
    /** Consecutive failed log creations; under this object's lock. */
    private int failedAttempts;
    /** Whether a retry is pending, so failures in quick succession schedule one; under this object's lock. */
    private boolean retryScheduled;
    private final List<PartitionLeadershipListener> leadershipListeners = new CopyOnWriteArrayList<>();

    /** A topic's effective settings, read from the metadata (blocking reads of the in-memory cache only). */
    public interface TopicSettings {
        LogConfig logConfig(String topic);

        int minInsyncReplicas(String topic);

        long replicaLagTimeMaxMs();
    }

    public TopicReconciler(int brokerId, MetadataStore metadata, LogManager logManager, ReplicaManager replicaManager,
                           TopicSettings settings, IsrUpdater isrUpdater, ReplicaFollowing following,
                           Scheduler scheduler, Time time, LongSupplier brokerEpoch, LeaderRecovery recoveries) {
        this.brokerId = brokerId;
        this.metadata = metadata;
        this.logManager = logManager;
        this.replicaManager = replicaManager;
        this.settings = settings;
        this.isrUpdater = isrUpdater;
        this.following = following;
        this.scheduler = scheduler;
        this.time = time;
        this.brokerEpoch = brokerEpoch;
        this.recoveries = recoveries;
    }

    public void addLeadershipListener(PartitionLeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    /**
     * Brings local partitions in line with the metadata: creates what is assigned here, applies each partition's
     * leader and ISR (leader, follower, or no leader), and removes what is no longer assigned here. Called at
     * start-up, after admin writes and on every metadata change.
     */
    public synchronized void reconcile() {
        Map<String, TopicMetadata> topics = metadata.topics();
        Set<TopicPartition> wanted = new HashSet<>();
        List<LogManager.NewLog> toCreate = new ArrayList<>();
        for (TopicMetadata topic : topics.values()) {
            LogConfig config = null;
            for (Map.Entry<Integer, List<Integer>> e : topic.assignment().entrySet()) {
                if (!e.getValue().contains(brokerId)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), e.getKey());
                wanted.add(tp);
                Optional<Partition> existing = replicaManager.partition(tp);
                if (existing.isPresent() && existing.get().topicId().equals(topic.topicId())) {
                    continue;
                }
                existing.ifPresent(p -> removeLocal(tp));
                if (config == null) {
                    config = settings.logConfig(topic.name());
                }
                deleteStaleLog(tp, topic.topicId());
                toCreate.add(new LogManager.NewLog(tp, topic.topicId(), config));
            }
        }
        if (!toCreate.isEmpty()) {
            createLocal(toCreate);
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
        applyStates(topics);
        replicationConfigs.keySet().retainAll(topics.keySet());
    }

    /**
     * Applies each hosted partition's leader and ISR from the metadata; unchanged states cost a comparison. Nothing
     * is applied before this broker is registered ({@link #registered}): roles come from the cluster, which does not
     * know this broker yet. This broker leads only by a state written after its registration (modified zxid above
     * its broker epoch): an older state naming it leader comes from its previous run, and the controller is about to
     * elect again (docs/CLUSTER.md).
     */
    private void applyStates(Map<String, TopicMetadata> topics) {
        long epoch = brokerEpoch.getAsLong();
        if (epoch < 0) {
            return;
        }
        Map<String, Map<Integer, Versioned<PartitionState>>> statesByTopic = new HashMap<>();
        for (Partition p : replicaManager.partitions()) {
            TopicPartition tp = p.topicPartition();
            TopicMetadata topic = topics.get(tp.topic());
            if (topic == null) {
                continue;
            }
            Versioned<PartitionState> versioned = statesByTopic
                    .computeIfAbsent(tp.topic(), metadata::versionedPartitionStates).get(tp.partition());
            if (versioned == null) {
                continue;
            }
            PartitionState state = versioned.value();
            LeaderAndIsr target = new LeaderAndIsr(state.leader(), state.leaderEpoch(), state.isr(),
                    topic.assignment().get(tp.partition()), versioned.version());
            if (target.equals(p.state())) {
                continue;
            }
            if (state.leader() == brokerId && versioned.modifiedZxid() < epoch) {
                log.debug("{}: not leading by a state from before this broker registered ({} < {})", tp,
                        versioned.modifiedZxid(), epoch);
                continue;
            }
            applyState(p, target);
            if (state.leader() == brokerId && state.leaderRecoveryState() == LeaderRecoveryState.RECOVERING) {
                recoveries.markRecovered(tp, versioned);
            }
        }
    }

    /** Called once this broker is registered (and again after a re-registration): roles may now be applied. */
    public void registered() {
        reconcile();
    }

    private void applyState(Partition p, LeaderAndIsr target) {
        TopicPartition tp = p.topicPartition();
        boolean wasLeader = p.isLeader();
        if (target.leader() == brokerId) {
            if (p.makeLeader(target)) {
                following.stopFetching(tp);
                for (PartitionLeadershipListener l : leadershipListeners) {
                    l.onBecomeLeader(tp);
                }
            }
            return;
        }
        boolean changed = p.makeFollower(target);
        if (wasLeader && !p.isLeader()) {
            for (PartitionLeadershipListener l : leadershipListeners) {
                l.onStopLeading(tp);
            }
        }
        if (changed) {
            if (target.leader() >= 0) {
                following.startFetching(p);
            } else {
                following.stopFetching(tp);
            }
        }
    }

    /**
     * Creates the logs (in one parallel batch) and partitions of newly assigned replicas. A log that cannot be
     * created (a full disk, no file descriptors left) leaves its replica offline on this broker, reported as such,
     * and a reconcile is retried with back-off until it succeeds; the logs of the batch that were created are used.
     */
    private void createLocal(List<LogManager.NewLog> toCreate) {
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
            replicaManager.addPartition(new Partition(tp, n.topicId(), partitionLog, brokerId,
                    replicationConfig(tp.topic()), isrUpdater, time));
            replicaManager.clearOffline(tp);
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

    private TopicReplicationConfig replicationConfig(String topic) {
        return replicationConfigs.computeIfAbsent(topic, t -> new TopicReplicationConfig(
                settings.minInsyncReplicas(t), settings.replicaLagTimeMaxMs()));
    }

    private void deleteStaleLog(TopicPartition tp, Uuid topicId) {
        Optional<Uuid> onDisk = logManager.topicId(tp);
        if (onDisk.isPresent() && !onDisk.get().equals(topicId)) {
            // Same name, different topic: the old one was deleted while its log survived.
            log.info("Deleting log of {} with stale topic id {} (current {})", tp, onDisk.get(), topicId);
            logManager.deleteLog(tp);
        }
    }

    private void removeLocal(TopicPartition tp) {
        boolean wasLeader = replicaManager.partition(tp).map(Partition::isLeader).orElse(false);
        following.stopFetching(tp);
        if (wasLeader) {
            for (PartitionLeadershipListener l : leadershipListeners) {
                l.onStopLeading(tp);
            }
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
        LogConfig config = settings.logConfig(topic);
        TopicReplicationConfig replication = replicationConfigs.get(topic);
        if (replication != null) {
            replication.setMinInsyncReplicas(settings.minInsyncReplicas(topic));
        }
        for (Partition p : replicaManager.partitions()) {
            if (p.topicPartition().topic().equals(topic)) {
                p.log().updateConfig(config);
            }
        }
    }
}
