package io.samsa.replication;

import io.samsa.common.DelayTimer;
import io.samsa.storage.FetchDataInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The partitions this broker hosts and the reads that span them. Appends go straight to a {@link Partition};
 * fetches that find fewer than {@code fetch.min.bytes} wait as a {@link DelayedFetch}.
 *
 * <p>Thread-safe.
 */
public final class ReplicaManager {
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Replicas assigned here whose log could not be created or opened; they are hosted by nobody on this broker. */
    private final Set<TopicPartition> offline = ConcurrentHashMap.newKeySet();
    private final DelayTimer timer;

    public ReplicaManager(DelayTimer timer) {
        this.timer = timer;
    }

    public void addPartition(Partition partition) {
        partitions.put(partition.topicPartition(), partition);
    }

    public Optional<Partition> removePartition(TopicPartition tp) {
        return Optional.ofNullable(partitions.remove(tp));
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

    /**
     * Reads the partitions in request order. Completes at once if there is {@code minBytes} of data, an error, or
     * no wait; otherwise when data arrives or {@code maxWaitMs} passes.
     */
    public CompletableFuture<List<PartitionFetchResult>> fetch(FetchParams params, List<PartitionFetch> fetches) {
        List<PartitionFetchResult> first = readAll(params, fetches);
        int bytes = 0;
        boolean anyError = false;
        for (PartitionFetchResult r : first) {
            bytes += r.sizeInBytes();
            anyError |= r.error() != Errors.NONE;
        }
        if (params.maxWaitMs() <= 0 || bytes >= params.minBytes() || anyError || fetches.isEmpty()) {
            return CompletableFuture.completedFuture(first);
        }
        List<Partition> watched = new ArrayList<>(fetches.size());
        for (PartitionFetch f : fetches) {
            partition(f.partition().topicPartition()).ifPresent(watched::add);
        }
        return new DelayedFetch(watched, params.minBytes(), () -> readAll(params, fetches))
                .start(timer, params.maxWaitMs());
    }

    private List<PartitionFetchResult> readAll(FetchParams params, List<PartitionFetch> fetches) {
        List<PartitionFetchResult> results = new ArrayList<>(fetches.size());
        int remaining = params.maxBytes();
        boolean first = true;
        for (PartitionFetch f : fetches) {
            PartitionFetchResult r = read(f, Math.max(0, Math.min(f.maxBytes(), remaining)), first);
            if (r.sizeInBytes() > 0) {
                first = false;
                remaining -= r.sizeInBytes();
            }
            results.add(r);
        }
        return results;
    }

    private PartitionFetchResult read(PartitionFetch f, int maxBytes, boolean minOneMessage) {
        TopicIdPartition tip = f.partition();
        Partition p = partitions.get(tip.topicPartition());
        if (p == null && offline.contains(tip.topicPartition())) {
            return PartitionFetchResult.error(tip, Errors.KAFKA_STORAGE_ERROR);
        }
        if (p == null || (!Uuid.ZERO_UUID.equals(tip.topicId()) && !tip.topicId().equals(p.topicId()))) {
            boolean byId = !Uuid.ZERO_UUID.equals(tip.topicId());
            return PartitionFetchResult.error(tip, byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (f.currentLeaderEpoch().isPresent()) {
            int requested = f.currentLeaderEpoch().get();
            if (requested > p.leaderEpoch()) {
                return PartitionFetchResult.error(tip, Errors.UNKNOWN_LEADER_EPOCH);
            } else if (requested >= 0 && requested < p.leaderEpoch()) {
                return PartitionFetchResult.error(tip, Errors.FENCED_LEADER_EPOCH);
            }
        }
        long hw = p.highWatermark();
        long logStart = p.logStartOffset();
        try {
            // The first partition with data may exceed maxBytes by one batch (KIP-74); later ones may not.
            FetchDataInfo data = p.readForConsumer(f.fetchOffset(), maxBytes, minOneMessage);
            return new PartitionFetchResult(tip, Errors.NONE, hw, logStart, data.records());
        } catch (OffsetOutOfRangeException e) {
            return new PartitionFetchResult(tip, Errors.OFFSET_OUT_OF_RANGE, hw, logStart,
                    org.apache.kafka.common.record.MemoryRecords.EMPTY);
        }
    }
}
