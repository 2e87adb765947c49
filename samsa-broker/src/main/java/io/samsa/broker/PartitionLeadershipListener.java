package io.samsa.broker;

import org.apache.kafka.common.TopicPartition;

/**
 * Told when this broker starts or stops leading a partition, e.g. so the group coordinator loads or unloads an
 * offsets partition. Called under the reconciler's lock; implementations hand long work to their own threads.
 */
public interface PartitionLeadershipListener {
    void onBecomeLeader(TopicPartition tp);

    void onStopLeading(TopicPartition tp);
}
