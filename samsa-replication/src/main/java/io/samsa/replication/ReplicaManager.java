package io.samsa.replication;

import io.samsa.common.DelayTimer;
import io.samsa.replication.quota.ReplicaQuota;
import io.samsa.storage.FetchDataInfo;
import io.samsa.storage.LogOffsetMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.utils.Time;

/**
 * The partitions this broker hosts and the operations that span them: fetches (a consumer's reads below the high
 * watermark, a follower's up to the log end), waiting for fetches that found too little ({@link DelayedFetch}),
 * waiting for acks=all produces to be replicated, and the periodic ISR shrink check.
 *
 * <p>Role changes are applied by the broker's reconciler straight on each {@link Partition}; this class only keeps
 * the map. Partitions whose log could not be created are kept as offline, so requests for them get
 * KAFKA_STORAGE_ERROR rather than looking unhosted.
 *
 * <p>Thread-safe.
 */
public final class ReplicaManager {
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Replicas assigned here whose log could not be created or opened; they are hosted by nobody on this broker. */
    private final Set<TopicPartition> offline = ConcurrentHashMap.newKeySet();
    private final DelayTimer timer;
    private final Executor completion;
    private final ReplicaQuota leaderQuota;
    /** {@code replica.selector.class}'s (KIP-392); null: consumers read from leaders only. */
    private volatile ReadReplicaSelector readReplicaSelector;
    private volatile Time time;

    /**
     * @param timer       times out waiting fetches and produces
     * @param completion  where a waiting fetch does its final read once woken, so that never happens on the thread
     *                    that appended or moved the high watermark
     * @param leaderQuota this broker's leader-side replication throttle ({@code leader.replication.throttled.*})
     */
    public ReplicaManager(DelayTimer timer, Executor completion, ReplicaQuota leaderQuota) {
        this.timer = timer;
        this.completion = completion;
        this.leaderQuota = leaderQuota;
    }

    /** No replication throttle. */
    public ReplicaManager(DelayTimer timer, Executor completion) {
        this(timer, completion, ReplicaQuota.UNLIMITED);
    }

    /** For tests: waiting fetches complete on the thread that wakes them. */
    public ReplicaManager(DelayTimer timer) {
        this(timer, Runnable::run);
    }

    /** Lets leaders send consumers with client metadata to another replica (KIP-392). Called at start-up. */
    public void setReadReplicaSelector(ReadReplicaSelector selector, Time time) {
        this.time = time;
        this.readReplicaSelector = selector;
    }

    public void addPartition(Partition partition) {
        partitions.put(partition.topicPartition(), partition);
    }

    public Optional<Partition> removePartition(TopicPartition tp) {
        Partition removed = partitions.remove(tp);
        if (removed != null) {
            removed.stop();
        }
        return Optional.ofNullable(removed);
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Collection<Partition> partitions() {
        return partitions.values();
    }

    /**
     * Records that the replica of {@code tp} assigned to this broker has no usable log (its creation failed), so
     * requests for it are answered KAFKA_STORAGE_ERROR and Metadata reports it offline, never as healthy.
     */
    public void markOffline(TopicPartition tp) {
        offline.add(tp);
    }

    /** The replica of {@code tp} is usable again, or no longer assigned here. */
    public void clearOffline(TopicPartition tp) {
        offline.remove(tp);
    }

    public boolean isOffline(TopicPartition tp) {
        return offline.contains(tp);
    }

    /** The offline replicas of this broker (a live view). */
    public Set<TopicPartition> offlinePartitions() {
        return Collections.unmodifiableSet(offline);
    }

    /** Asks every partition this broker leads to drop followers that lag; called every half lag period. */
    public void maybeShrinkIsrs() {
        for (Partition p : partitions.values()) {
            if (p.isLeader()) {
                p.maybeShrinkIsr();
            }
        }
    }

    // ---- produce

    /**
     * Waits until every partition's high watermark reaches its required offset (the last appended offset + 1), and
     * answers each: NONE, NOT_LEADER_OR_FOLLOWER if this broker stopped leading it, REQUEST_TIMED_OUT after
     * {@code timeoutMs}. This is acks=all's wait, after the appends.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> awaitReplication(Map<Partition, Long> requiredOffsets,
                                                                         long timeoutMs) {
        Map<TopicPartition, CompletableFuture<Errors>> waits = new HashMap<>();
        requiredOffsets.forEach((p, offset) -> waits.put(p.topicPartition(), p.awaitHighWatermark(offset)));
        CompletableFuture<Void> all = CompletableFuture.allOf(waits.values().toArray(new CompletableFuture<?>[0]));
        if (!all.isDone()) {
            DelayTimer.Timeout t = timer.schedule(timeoutMs, () -> {
                requiredOffsets.forEach((p, offset) -> {
                    CompletableFuture<Errors> w = waits.get(p.topicPartition());
                    if (w.complete(Errors.REQUEST_TIMED_OUT)) {
                        p.cancelWait(offset, w);
                    }
                });
            });
            all.whenComplete((v, e) -> t.cancel());
        }
        return all.thenApply(v -> {
            Map<TopicPartition, Errors> out = new HashMap<>();
            waits.forEach((tp, f) -> out.put(tp, f.join()));
            return out;
        });
    }

    // ---- fetch

    /**
     * Reads the partitions in request order. Completes at once if there is {@code minBytes} of data, an error, or
     * no wait; otherwise when data becomes visible or {@code maxWaitMs} passes. A follower's fetch
     * ({@link FetchParams#fromFollower()}) reads up to the log end and records the follower's progress; the caller
     * has checked that the follower is a registered broker with that broker epoch.
     *
     * <p>A follower's fetch is subject to the leader's replication throttle: a throttled partition of a follower
     * out of the ISR gets no records while the quota is exceeded, does not count towards {@code minBytes}, and the
     * bytes sent for throttled partitions are recorded against the quota when the response is ready.
     */
    public CompletableFuture<List<PartitionFetchResult>> fetch(FetchParams params, List<PartitionFetch> fetches) {
        return fetch(params, fetches, completion);
    }

    /**
     * As {@link #fetch(FetchParams, List)}, but a fetch that waits does its final read on {@code completion}: the
     * network layer passes the requesting connection's own thread, so a woken fetch goes straight from the thread
     * that appended to the one that reads and answers, with no thread between them. A refused task (the connection's
     * thread has stopped) fails the fetch.
     */
    public CompletableFuture<List<PartitionFetchResult>> fetch(FetchParams params, List<PartitionFetch> fetches,
                                                               Executor completion) {
        CompletableFuture<List<PartitionFetchResult>> result = fetchUnrecorded(params, fetches, completion);
        return params.fromFollower() ? result.thenApply(this::recordThrottledBytes) : result;
    }

    private List<PartitionFetchResult> recordThrottledBytes(List<PartitionFetchResult> results) {
        long bytes = 0;
        for (PartitionFetchResult r : results) {
            if (leaderQuota.isThrottled(r.partition().topicPartition())) {
                bytes += r.sizeInBytes();
            }
        }
        leaderQuota.record(bytes);
        return results;
    }

    /** True if this leader holds back {@code p} from follower {@code replicaId} now (Kafka's shouldLeaderThrottle). */
    private boolean leaderThrottles(Partition p, int replicaId) {
        return leaderQuota.shouldThrottle(p.topicPartition(), p.inSyncReplicas().contains(replicaId));
    }

    private CompletableFuture<List<PartitionFetchResult>> fetchUnrecorded(FetchParams params,
                                                                          List<PartitionFetch> fetches,
                                                                          Executor completion) {
        List<PartitionFetchResult> first = readAll(params, fetches);
        int bytes = 0;
        boolean anyError = false;
        for (PartitionFetchResult r : first) {
            bytes += r.sizeInBytes();
            // A consumer sent to another replica hears it at once, as Kafka answers it.
            anyError |= r.error() != Errors.NONE || r.divergingEpoch() != null || r.preferredReadReplica() >= 0;
        }
        if (params.maxWaitMs() <= 0 || bytes >= params.minBytes() || anyError || fetches.isEmpty()) {
            return CompletableFuture.completedFuture(first);
        }
        List<DelayedFetch.Watch> watched = new ArrayList<>(fetches.size());
        for (int i = 0; i < fetches.size(); i++) {
            PartitionFetch f = fetches.get(i);
            Partition p = partitions.get(f.partition().topicPartition());
            if (p != null) {
                LogOffsetMetadata start = first.get(i).fetchStart();
                if (!start.positionKnown()) {
                    start = LogOffsetMetadata.offsetOnly(f.fetchOffset());
                }
                watched.add(new DelayedFetch.Watch(p, start, p.leaderEpoch(), p.isLeader()));
            }
        }
        // A throttled partition's new bytes would not be sent, so they must not wake the fetch either.
        Predicate<Partition> counts = params.fromFollower() ? p -> !leaderThrottles(p, params.replicaId())
                : p -> true;
        return new DelayedFetch(watched, params.fromFollower(), params.readCommitted(), params.minBytes(), counts,
                () -> readAll(params, fetches), completion).start(timer, params.maxWaitMs());
    }

    private List<PartitionFetchResult> readAll(FetchParams params, List<PartitionFetch> fetches) {
        List<PartitionFetchResult> results = new ArrayList<>(fetches.size());
        int remaining = params.maxBytes();
        boolean first = true;
        for (PartitionFetch f : fetches) {
            int maxBytes = Math.max(0, Math.min(f.maxBytes(), remaining));
            PartitionFetchResult r = params.fromFollower() ? readForFollower(params, f, maxBytes, first)
                    : readForConsumer(params, f, maxBytes, first);
            if (r.sizeInBytes() > 0) {
                first = false;
                remaining -= r.sizeInBytes();
            }
            results.add(r);
        }
        return results;
    }

    private Partition hosted(TopicIdPartition tip, List<PartitionFetchResult> errorOut) {
        Partition p = partitions.get(tip.topicPartition());
        if (p == null && offline.contains(tip.topicPartition())) {
            errorOut.add(PartitionFetchResult.error(tip, Errors.KAFKA_STORAGE_ERROR));
            return null;
        }
        if (p == null || (!Uuid.ZERO_UUID.equals(tip.topicId()) && !tip.topicId().equals(p.topicId()))) {
            boolean byId = !Uuid.ZERO_UUID.equals(tip.topicId());
            errorOut.add(PartitionFetchResult.error(tip, byId ? Errors.UNKNOWN_TOPIC_ID
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION));
            return null;
        }
        return p;
    }

    private PartitionFetchResult readForConsumer(FetchParams params, PartitionFetch f, int maxBytes,
                                                 boolean minOneMessage) {
        TopicIdPartition tip = f.partition();
        List<PartitionFetchResult> error = new ArrayList<>(1);
        Partition p = hosted(tip, error);
        if (p == null) {
            return error.get(0);
        }
        long hw = p.highWatermark();
        long logStart = p.logStartOffset();
        try {
            OptionalInt preferred = preferredReadReplica(params, f, p);
            if (preferred.isPresent()) {
                // KIP-392: no records, only where to read them; the consumer moves there at once.
                return new PartitionFetchResult(tip, Errors.NONE, hw, logStart, MemoryRecords.EMPTY, null,
                        LogOffsetMetadata.UNKNOWN, preferred.getAsInt());
            }
            // The first partition with data may exceed maxBytes by one batch (KIP-74); later ones may not.
            FetchDataInfo data = p.readForConsumer(f.fetchOffset(), maxBytes, minOneMessage, f.currentLeaderEpoch(),
                    params.mayReadFromFollower(), params.isolation());
            LogOffsetMetadata start = data.fetchOffsetMetadata();
            if (!start.positionKnown() && f.fetchOffset() == p.highWatermarkMetadata().messageOffset()) {
                start = p.highWatermarkMetadata();
            }
            long lso = p.lastStableOffset();
            List<AbortedTransaction> aborted = null;
            if (params.readCommitted()) {
                // Those up to the last stable offset cover every record read (read_committed never reads past it);
                // consumers ignore any that start after the records they got.
                aborted = data.sizeBytes() > 0 ? p.abortedTransactions(f.fetchOffset(), lso) : List.of();
            }
            return new PartitionFetchResult(tip, Errors.NONE, hw, logStart, data.records(), null, start, -1, lso,
                    aborted);
        } catch (OffsetOutOfRangeException e) {
            return new PartitionFetchResult(tip, Errors.OFFSET_OUT_OF_RANGE, hw, logStart, MemoryRecords.EMPTY);
        } catch (ApiException e) {
            return PartitionFetchResult.error(tip, Errors.forException(e));
        }
    }

    /**
     * As leader, for a consumer with client metadata and with {@code replica.selector.class} set: the follower it
     * should read from instead, if the selector picks one (never this leader).
     */
    private OptionalInt preferredReadReplica(FetchParams params, PartitionFetch f, Partition p) {
        ReadReplicaSelector selector = readReplicaSelector;
        if (selector == null || !params.mayReadFromFollower() || !p.isLeader()) {
            return OptionalInt.empty();
        }
        List<ReadReplicaCandidate> candidates = p.readReplicaCandidates(f.fetchOffset(), time.milliseconds());
        if (candidates.size() < 2) {
            return OptionalInt.empty();
        }
        OptionalInt chosen = selector.select(f.partition().topicPartition(), params.client().get(), candidates);
        return chosen.isPresent() && chosen.getAsInt() != candidates.get(0).brokerId() ? chosen : OptionalInt.empty();
    }

    private PartitionFetchResult readForFollower(FetchParams params, PartitionFetch f, int maxBytes,
                                                 boolean minOneMessage) {
        TopicIdPartition tip = f.partition();
        List<PartitionFetchResult> error = new ArrayList<>(1);
        Partition p = hosted(tip, error);
        if (p == null) {
            return error.get(0);
        }
        try {
            boolean throttled = leaderThrottles(p, params.replicaId());
            FollowerFetchResult r = p.fetchForFollower(new FollowerFetch(params.replicaId(), params.brokerEpoch(),
                    f.fetchOffset(), f.lastFetchedEpoch(), f.logStartOffset(), f.currentLeaderEpoch(), maxBytes,
                    minOneMessage));
            // As Kafka: the follower's progress is still recorded, only the records are held back.
            Records records = throttled ? MemoryRecords.EMPTY : r.records();
            return new PartitionFetchResult(tip, r.error(), r.highWatermark(), r.logStartOffset(), records,
                    r.divergingEpoch(), LogOffsetMetadata.offsetOnly(f.fetchOffset()));
        } catch (OffsetOutOfRangeException e) {
            return new PartitionFetchResult(tip, Errors.OFFSET_OUT_OF_RANGE, p.highWatermark(), p.logStartOffset(),
                    MemoryRecords.EMPTY);
        } catch (ApiException e) {
            return PartitionFetchResult.error(tip, Errors.forException(e));
        }
    }
}
