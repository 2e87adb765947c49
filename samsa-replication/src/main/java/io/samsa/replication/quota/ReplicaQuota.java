package io.samsa.replication.quota;

import org.apache.kafka.common.TopicPartition;

/**
 * The replication throttle one side of replication (leader or follower) applies: which partitions it throttles,
 * whether its byte rate is over the limit, and the bytes it moved for throttled partitions.
 *
 * <p>Read by the leader's fetch path ({@code ReplicaManager}) and by the follower's fetchers; implemented by
 * {@link ReplicationQuota}. Implementations are thread-safe.
 */
public interface ReplicaQuota {
    /** True if replication of {@code tp} counts against, and is held back by, this quota. */
    boolean isThrottled(TopicPartition tp);

    /** True if the measured rate is above the configured bound. */
    boolean isQuotaExceeded();

    /** Adds bytes moved for throttled partitions (whether or not the quota is exceeded). */
    void record(long bytes);

    /**
     * Kafka's rule, the same on both sides: hold back {@code tp} for a replica that is not in sync, if the partition
     * is throttled and the quota is exceeded. A replica in sync is never throttled, so a reassignment's throttle
     * cannot slow acks=all writes down.
     *
     * @param replicaInSync leader side: the fetching follower is in the partition's ISR; follower side: its last
     *                      fetch reached the leader's high watermark
     */
    default boolean shouldThrottle(TopicPartition tp, boolean replicaInSync) {
        return !replicaInSync && isThrottled(tp) && isQuotaExceeded();
    }

    /** No throttling: the single-broker default and tests. */
    ReplicaQuota UNLIMITED = new ReplicaQuota() {
        @Override
        public boolean isThrottled(TopicPartition tp) {
            return false;
        }

        @Override
        public boolean isQuotaExceeded() {
            return false;
        }

        @Override
        public void record(long bytes) {
        }
    };
}
