package io.samsa.replication.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/** A broker's replication quota: its bound, its throttled partitions, and Kafka's rule of who is held back. */
class ReplicationQuotaTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    private final MockTime time = new MockTime(0L, 0L, 0L);
    private final ReplicationQuota quota = new ReplicationQuota(11, 1_000, time);

    @Test
    void unboundedIsNeverExceeded() {
        quota.record(Long.MAX_VALUE / 2);

        assertThat(quota.isQuotaExceeded()).isFalse();
    }

    @Test
    void exceededAboveTheBoundUntilTheRateFallsBelowIt() {
        quota.updateBound(1_000);
        quota.record(1_000);
        assertThat(quota.isQuotaExceeded()).as("exactly at the bound").isFalse();

        quota.record(1);
        assertThat(quota.isQuotaExceeded()).isTrue();

        time.sleep(1_100); // 1001 bytes over 1.1 s
        assertThat(quota.isQuotaExceeded()).isFalse();
    }

    @Test
    void raisingTheBoundAppliesAtOnce() {
        quota.updateBound(1_000);
        quota.record(5_000);
        assertThat(quota.isQuotaExceeded()).isTrue();

        quota.updateBound(10_000);
        assertThat(quota.isQuotaExceeded()).isFalse();

        quota.updateBound(ReplicationQuota.UNLIMITED_RATE);
        assertThat(quota.isQuotaExceeded()).isFalse();
    }

    @Test
    void onlyMarkedPartitionsAreThrottled() {
        quota.markThrottled("t", ThrottledPartitions.parse("0:5,1:6", 5));

        assertThat(quota.isThrottled(T0)).isTrue();
        assertThat(quota.isThrottled(T1)).isFalse();
        assertThat(quota.isThrottled(new TopicPartition("other", 0))).isFalse();

        quota.markThrottled("t", ThrottledPartitions.NONE);
        assertThat(quota.isThrottled(T0)).isFalse();
    }

    @Test
    void aReplicaInSyncIsNeverHeldBack() {
        quota.updateBound(0);
        quota.markThrottled("t", ThrottledPartitions.ALL);
        quota.record(1);

        assertThat(quota.shouldThrottle(T0, false)).isTrue();
        assertThat(quota.shouldThrottle(T0, true)).isFalse();
    }

    @Test
    void anUnthrottledPartitionIsNotHeldBackEvenOverTheBound() {
        quota.updateBound(0);
        quota.markThrottled("t", ThrottledPartitions.parse("0:1", 1));
        quota.record(1);

        assertThat(quota.shouldThrottle(T1, false)).isFalse();
    }
}
