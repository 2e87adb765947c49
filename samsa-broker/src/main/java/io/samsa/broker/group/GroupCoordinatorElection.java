package io.samsa.broker.group;

import io.samsa.broker.PartitionLeadershipListener;
import io.samsa.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;

/**
 * Makes this broker the group coordinator of every {@code __consumer_offsets} partition it leads: leading a partition
 * means loading its groups and offsets; losing it means unloading them. Stateless.
 */
public final class GroupCoordinatorElection implements PartitionLeadershipListener {
    private final GroupCoordinator coordinator;

    public GroupCoordinatorElection(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public void onBecomeLeader(TopicPartition tp) {
        if (Topic.GROUP_METADATA_TOPIC_NAME.equals(tp.topic())) {
            coordinator.onElection(tp.partition());
        }
    }

    @Override
    public void onStopLeading(TopicPartition tp) {
        if (Topic.GROUP_METADATA_TOPIC_NAME.equals(tp.topic())) {
            coordinator.onResignation(tp.partition());
        }
    }
}
