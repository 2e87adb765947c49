package io.samsa.coordinator.group.record;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * The values of KIP-848 consumer group records (value version 0 of Kafka's
 * {@code group-coordinator/src/main/resources/common/message/ConsumerGroup*Value.json}). Partitions are keyed by topic
 * id, as Kafka stores them. Tagged fields Samsa does not use (MetadataHash, ClassicMemberMetadata, AssignmentEpochs)
 * are skipped on read and not written.
 */
public final class ConsumerGroupValues {
    private ConsumerGroupValues() {
    }

    /** ConsumerGroupMetadataValue: the group epoch. */
    public record GroupMetadata(int epoch) {
    }

    /** ConsumerGroupPartitionMetadataValue: the subscribed topics as the last assignment saw them. */
    public record PartitionMetadata(List<TopicMetadata> topics) {
        public PartitionMetadata {
            topics = List.copyOf(topics);
        }
    }

    public record TopicMetadata(Uuid topicId, String topicName, int numPartitions) {
        public TopicMetadata {
            Objects.requireNonNull(topicId, "topicId");
            Objects.requireNonNull(topicName, "topicName");
        }
    }

    /** ConsumerGroupMemberMetadataValue: who the member is and what it subscribes to. */
    public record MemberMetadata(String instanceId, String rackId, String clientId, String clientHost,
                                 List<String> subscribedTopicNames, String subscribedTopicRegex,
                                 int rebalanceTimeoutMs, String serverAssignor) {
        public MemberMetadata {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientHost, "clientHost");
            subscribedTopicNames = List.copyOf(subscribedTopicNames);
        }
    }

    /** ConsumerGroupTargetAssignmentMetadataValue: the epoch of the target assignment. */
    public record TargetAssignmentMetadata(int assignmentEpoch) {
    }

    /** ConsumerGroupTargetAssignmentMemberValue: one member's target partitions. */
    public record TargetAssignmentMember(Map<Uuid, Set<Integer>> partitions) {
        public TargetAssignmentMember {
            partitions = Map.copyOf(partitions);
        }
    }

    /**
     * ConsumerGroupCurrentMemberAssignmentValue: the member's epochs, its reconciliation state (Kafka's MemberState
     * byte), the partitions it owns and those it must revoke.
     */
    public record CurrentMemberAssignment(int memberEpoch, int previousMemberEpoch, byte state,
                                          Map<Uuid, Set<Integer>> assignedPartitions,
                                          Map<Uuid, Set<Integer>> partitionsPendingRevocation) {
        public CurrentMemberAssignment {
            assignedPartitions = Map.copyOf(assignedPartitions);
            partitionsPendingRevocation = Map.copyOf(partitionsPendingRevocation);
        }
    }
}
