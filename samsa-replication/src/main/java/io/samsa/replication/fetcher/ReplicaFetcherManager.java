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
 * The follower fetchers of this broker: {@code num.replica.fetchers} per leader broker, each with its own
 * connection and thread ({@link ReplicaFetcherLoop}), a partition going to fetcher {@code hash(partition) % n} of
 * its leader. Fetchers start when their first partition
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
    private final FetcherTransportFactory transports;
    private final LongSupplier brokerEpoch;
    private final Time time;
    private final ReplicaQuota quota;
    private final Map<FetcherId, ReplicaFetcherLoop> fetchers = new HashMap<>();
    private final Map<TopicPartition, FetcherId> assigned = new HashMap<>();
    private boolean closed;

    /**
     * @param transports opens each fetcher's connection to its leader, with the thread the fetcher runs on
     * @param quota      this broker's follower-side replication throttle, shared by all its fetchers (the rate is
     *                   per broker, as Kafka's {@code follower.replication.throttled.rate})
     */
    public ReplicaFetcherManager(FetcherConfig config, FetcherTransportFactory transports, LongSupplier brokerEpoch,
                                 Time time, ReplicaQuota quota) {
        this.config = config;
        this.transports = transports;
        this.brokerEpoch = brokerEpoch;
        this.time = time;
        this.quota = quota;
    }

    /** Without a replication throttle. */
    public ReplicaFetcherManager(FetcherConfig config, FetcherTransportFactory transports, LongSupplier brokerEpoch,
                                 Time time) {
        this(config, transports, brokerEpoch, time, ReplicaQuota.UNLIMITED);
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
        ReplicaFetcherLoop fetcher = fetchers.computeIfAbsent(id, k -> {
            String name = "samsa-replica-fetcher-" + leader + "-" + k.index();
            ReplicaFetcherLoop f = new ReplicaFetcherLoop(new ReplicaFetcher(leader, config, brokerEpoch, quota),
                    transports.open(leader, name), config, time, name);
            f.start();
            log.info("Started replica fetcher {} for leader {}", k.index(), leader);
            return f;
        });
        fetcher.fetcher().add(partition);
        fetcher.wake();
        assigned.put(tp, id);
    }

    @Override
    public synchronized void stopFetching(TopicPartition tp) {
        FetcherId id = assigned.remove(tp);
        if (id == null) {
            return;
        }
        ReplicaFetcherLoop fetcher = fetchers.get(id);
        if (fetcher != null) {
            fetcher.fetcher().remove(tp);
            if (fetcher.fetcher().isEmpty()) {
                fetchers.remove(id);
                fetcher.shutdown();
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
        for (ReplicaFetcherLoop f : fetchers.values()) {
            f.shutdown();
        }
        fetchers.clear();
        assigned.clear();
    }
}
