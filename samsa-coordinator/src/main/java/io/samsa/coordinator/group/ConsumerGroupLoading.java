package io.samsa.coordinator.group;

import io.samsa.coordinator.group.record.ConsumerGroupKey;
import io.samsa.coordinator.group.record.ConsumerGroupValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the KIP-848 consumer group records of a replay, later records winning and tombstones deleting, and rebuilds
 * the groups from them. A group exists if its ConsumerGroupMetadata record does; a member if its
 * ConsumerGroupMemberMetadata record does (its current assignment defaults to nothing at epoch 0 if missing). Not
 * thread-safe: filled on the loader thread, read on the coordinator thread after the load is handed over.
 */
final class ConsumerGroupLoading {
    private static final class Records {
        ConsumerGroupValues.GroupMetadata metadata;
        ConsumerGroupValues.PartitionMetadata partitionMetadata;
        ConsumerGroupValues.TargetAssignmentMetadata targetMetadata;
        final Map<String, ConsumerGroupValues.MemberMetadata> members = new LinkedHashMap<>();
        final Map<String, ConsumerGroupValues.TargetAssignmentMember> targets = new HashMap<>();
        final Map<String, ConsumerGroupValues.CurrentMemberAssignment> assignments = new HashMap<>();
    }

    private final Map<String, Records> groups = new LinkedHashMap<>();

    /** Applies one record ({@code value} null: a tombstone). */
    void apply(ConsumerGroupKey key, Object value) {
        Records r = groups.computeIfAbsent(key.group(), g -> new Records());
        switch (key.kind()) {
            case GROUP_METADATA -> r.metadata = (ConsumerGroupValues.GroupMetadata) value;
            case PARTITION_METADATA -> r.partitionMetadata = (ConsumerGroupValues.PartitionMetadata) value;
            case TARGET_ASSIGNMENT_METADATA -> r.targetMetadata = (ConsumerGroupValues.TargetAssignmentMetadata) value;
            case MEMBER_METADATA -> put(r.members, key.memberId(), (ConsumerGroupValues.MemberMetadata) value);
            case TARGET_ASSIGNMENT_MEMBER -> put(r.targets, key.memberId(),
                (ConsumerGroupValues.TargetAssignmentMember) value);
            case CURRENT_MEMBER_ASSIGNMENT -> put(r.assignments, key.memberId(),
                (ConsumerGroupValues.CurrentMemberAssignment) value);
        }
    }

    private static <V> void put(Map<String, V> m, String memberId, V value) {
        if (value == null) {
            m.remove(memberId);
        } else {
            m.put(memberId, value);
        }
    }

    /** The live groups. Subscribed topic names are restored from the members (regexes resolve at the next change). */
    List<ConsumerGroup> restore() {
        List<ConsumerGroup> out = new ArrayList<>();
        groups.forEach((groupId, r) -> {
            if (r.metadata == null) {
                return; // Deleted (or never completely written).
            }
            ConsumerGroup g = new ConsumerGroup(groupId);
            g.setGroupEpoch(r.metadata.epoch());
            g.setAssignmentEpoch(r.targetMetadata == null ? 0 : r.targetMetadata.assignmentEpoch());
            r.members.forEach((memberId, metadata) -> {
                ConsumerGroupMember m = new ConsumerGroupMember(memberId);
                m.applyMetadata(metadata);
                ConsumerGroupValues.CurrentMemberAssignment a = r.assignments.get(memberId);
                if (a != null) {
                    m.applyAssignment(a);
                }
                g.putMember(m);
                ConsumerGroupValues.TargetAssignmentMember t = r.targets.get(memberId);
                g.setTargetAssignment(memberId, t == null ? Map.of() : t.partitions());
            });
            Map<String, TopicsImage.Topic> metadata = new HashMap<>();
            if (r.partitionMetadata != null) {
                r.partitionMetadata.topics().forEach(t ->
                    metadata.put(t.topicName(), new TopicsImage.Topic(t.topicId(), t.topicName(), t.numPartitions())));
            }
            g.setSubscriptionMetadata(metadata);
            java.util.Set<String> names = new java.util.TreeSet<>(metadata.keySet());
            g.members().forEach(m -> names.addAll(m.subscribedTopicNames()));
            g.setSubscribedTopicNames(names);
            out.add(g);
        });
        return out;
    }
}
