package io.samsa.broker.fetch;

import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * One client's fetch session: its partitions with what each last asked and was told, and the epoch its next
 * incremental fetch must carry. Thread-safe: every method is synchronized (a client fetches one request at a time
 * per session, but eviction may run concurrently).
 */
final class FetchSession {
    private final int id;
    private final boolean follower;
    private final boolean usesTopicIds;
    private final Map<TopicIdPartition, CachedPartition> partitions = new LinkedHashMap<>();
    private int epoch = FetchMetadata.nextEpoch(FetchMetadata.INITIAL_EPOCH);
    private long lastUsedMs;

    FetchSession(int id, boolean follower, boolean usesTopicIds, List<PartitionFetch> fetches, long nowMs) {
        this.id = id;
        this.follower = follower;
        this.usesTopicIds = usesTopicIds;
        this.lastUsedMs = nowMs;
        for (PartitionFetch f : fetches) {
            partitions.put(f.partition(), new CachedPartition(f));
        }
    }

    int id() {
        return id;
    }

    boolean follower() {
        return follower;
    }

    boolean usesTopicIds() {
        return usesTopicIds;
    }

    synchronized int epoch() {
        return epoch;
    }

    synchronized int size() {
        return partitions.size();
    }

    synchronized long lastUsedMs() {
        return lastUsedMs;
    }

    /**
     * Applies an incremental request (new or changed partitions, forgotten ones), advances the epoch and returns
     * every partition of the session, to be read.
     */
    synchronized List<PartitionFetch> update(List<PartitionFetch> changed, List<TopicIdPartition> forgotten,
                                             long nowMs) {
        for (TopicIdPartition tp : forgotten) {
            partitions.remove(tp);
        }
        for (PartitionFetch f : changed) {
            CachedPartition cached = partitions.get(f.partition());
            if (cached == null) {
                partitions.put(f.partition(), new CachedPartition(f));
            } else {
                cached.updateRequest(f);
            }
        }
        epoch = FetchMetadata.nextEpoch(epoch);
        lastUsedMs = nowMs;
        List<PartitionFetch> all = new ArrayList<>(partitions.size());
        for (CachedPartition c : partitions.values()) {
            all.add(c.request());
        }
        return all;
    }

    /** The results an incremental response carries: those with news for the client. */
    synchronized List<PartitionFetchResult> filter(List<PartitionFetchResult> results) {
        List<PartitionFetchResult> out = new ArrayList<>();
        for (PartitionFetchResult r : results) {
            CachedPartition c = partitions.get(r.partition());
            if (c == null || c.mustRespond(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Records what a full response told the client. */
    synchronized void remember(List<PartitionFetchResult> results) {
        for (PartitionFetchResult r : results) {
            CachedPartition c = partitions.get(r.partition());
            if (c != null) {
                c.remember(r);
            }
        }
    }
}
