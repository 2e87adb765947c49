package io.samsa.replication.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * One broker's replication quota for one side of replication, as Kafka's {@code ReplicationQuotaManager}: the bound
 * ({@code leader.replication.throttled.rate} or {@code follower.replication.throttled.rate}, bytes per second,
 * unlimited by default), the throttled partitions per topic (from the topic configs
 * {@code leader.replication.throttled.replicas} / {@code follower.replication.throttled.replicas}), and the byte
 * {@link Rate} of throttled replication over {@code replication.quota.window.num} windows of
 * {@code replication.quota.window.size.seconds}.
 *
 * <p>The broker's config listener updates the bound and the throttled partitions while the broker runs; the fetch
 * paths read it. Thread-safe.
 */
public final class ReplicationQuota implements ReplicaQuota {
    /** No bound (Kafka's default for the throttled rates). */
    public static final long UNLIMITED_RATE = Long.MAX_VALUE;

    private final Rate rate;
    private final Time time;
    private final Map<String, ThrottledPartitions> throttled = new ConcurrentHashMap<>();
    private volatile long boundBytesPerSecond = UNLIMITED_RATE;

    /**
     * @param numSamples    {@code replication.quota.window.num}
     * @param windowMs      {@code replication.quota.window.size.seconds}, in ms
     * @param time          the broker's clock
     */
    public ReplicationQuota(int numSamples, long windowMs, Time time) {
        this.rate = new Rate(numSamples, windowMs);
        this.time = time;
    }

    /** Sets the bound in bytes per second; {@link #UNLIMITED_RATE} removes it. */
    public void updateBound(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("A replication throttle cannot be negative: " + bytesPerSecond);
        }
        boundBytesPerSecond = bytesPerSecond;
    }

    public long bound() {
        return boundBytesPerSecond;
    }

    /** Replaces the throttled partitions of {@code topic}; {@link ThrottledPartitions#NONE} clears them. */
    public void markThrottled(String topic, ThrottledPartitions partitions) {
        if (partitions.isEmpty()) {
            throttled.remove(topic);
        } else {
            throttled.put(topic, partitions);
        }
    }

    @Override
    public boolean isThrottled(TopicPartition tp) {
        ThrottledPartitions p = throttled.get(tp.topic());
        return p != null && p.contains(tp.partition());
    }

    @Override
    public boolean isQuotaExceeded() {
        long bound = boundBytesPerSecond;
        return bound != UNLIMITED_RATE && rate.bytesPerSecond(time.milliseconds()) > bound;
    }

    @Override
    public void record(long bytes) {
        if (bytes > 0) {
            rate.record(bytes, time.milliseconds());
        }
    }

    /** The measured rate of throttled replication, bytes per second; for tests and logs. */
    public double bytesPerSecond() {
        return rate.bytesPerSecond(time.milliseconds());
    }
}
