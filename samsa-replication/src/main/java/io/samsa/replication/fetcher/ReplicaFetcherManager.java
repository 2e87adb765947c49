package io.samsa.replication.fetcher;

import io.samsa.replication.Partition;
import io.samsa.replication.quota.ReplicaQuota;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower fetchers of this broker: {@code num.replica.fetchers} per leader broker, each on its own thread, a
 * partition going to fetcher {@code hash(partition) % n} of its leader. Fetchers start when their first partition
 * arrives and stop when their last one leaves.
 *
 * <p>Called by the broker when partitions change role ({@link ReplicaFollowing}); {@link #close()} stops every
 * fetcher. Thread-safe: every method is synchronized.
 */
public final class ReplicaFetcherManager implements ReplicaFollowing, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherManager.class);

    private record FetcherId(int leaderId, int index) {
    }

    private final FetcherConfig config;
    private final ReplicaFetchClient client;
    private final LongSupplier brokerEpoch;
    private final Time time;
    private final ReplicaQuota quota;
    private final Map<FetcherId, ReplicaFetcherThread> fetchers = new HashMap<>();
    private final Map<TopicPartition, FetcherId> assigned = new HashMap<>();
    private boolean closed;

    /**
     * @param quota this broker's follower-side replication throttle, shared by all its fetchers (the rate is per
     *              broker, as Kafka's {@code follower.replication.throttled.rate})
     */
    public ReplicaFetcherManager(FetcherConfig config, ReplicaFetchClient client, LongSupplier brokerEpoch,
                                 Time time, ReplicaQuota quota) {
        this.config = config;
        this.client = client;
        this.brokerEpoch = brokerEpoch;
        this.time = time;
        this.quota = quota;
    }

    /** Without a replication throttle. */
    public ReplicaFetcherManager(FetcherConfig config, ReplicaFetchClient client, LongSupplier brokerEpoch,
                                 Time time) {
        this(config, client, brokerEpoch, time, ReplicaQuota.UNLIMITED);
    }

    @Override
    public synchronized void startFetching(Partition partition) {
        if (closed) {
            return;
        }
        TopicPartition tp = partition.topicPartition();
        stopFetching(tp);
        int leader = partition.leaderId();
        if (leader < 0) {
            return;
        }
        FetcherId id = new FetcherId(leader, Math.floorMod(tp.hashCode(), Math.max(1, config.numFetchers())));
        ReplicaFetcherThread thread = fetchers.computeIfAbsent(id, k -> {
            ReplicaFetcherThread t = new ReplicaFetcherThread(new ReplicaFetcher(leader, config, brokerEpoch, quota),
                    client, config, time, "samsa-replica-fetcher-" + leader + "-" + k.index());
            t.start();
            log.info("Started replica fetcher {} for leader {}", k.index(), leader);
            return t;
        });
        thread.fetcher().add(partition);
        assigned.put(tp, id);
    }

    @Override
    public synchronized void stopFetching(TopicPartition tp) {
        FetcherId id = assigned.remove(tp);
        if (id == null) {
            return;
        }
        ReplicaFetcherThread thread = fetchers.get(id);
        if (thread != null) {
            thread.fetcher().remove(tp);
            if (thread.fetcher().isEmpty()) {
                fetchers.remove(id);
                thread.shutdown();
            }
        }
    }

    /** Partitions fetched, per leader broker; for tests and metrics. */
    public synchronized Map<Integer, Integer> partitionsPerLeader() {
        Map<Integer, Integer> out = new HashMap<>();
        assigned.values().forEach(id -> out.merge(id.leaderId(), 1, Integer::sum));
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ReplicaFetcherThread t : fetchers.values()) {
            t.shutdown();
        }
        fetchers.clear();
        assigned.clear();
    }
}
