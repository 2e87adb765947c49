package io.samsa.coordinator.group;

import io.samsa.coordinator.group.record.ConsumerGroupKey;
import io.samsa.coordinator.group.record.ConsumerGroupKey.Kind;
import io.samsa.coordinator.group.record.GroupRecordKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;

/**
 * A KIP-848 consumer group: the broker computes the assignment and members converge to it incrementally.
 *
 * <p>Three epochs drive it: the group epoch (bumped when membership, a subscription or a subscribed topic's partition
 * count changes), the target assignment epoch (the group epoch the current target assignment was computed for) and
 * each member's epoch (the target assignment epoch it has reconciled to). See {@link ConsumerGroupState} for the
 * derived state and {@link CurrentAssignmentBuilder} for reconciliation.
 *
 * <p>Invariants: every partition is owned (assigned or pending revocation) by at most one member; a static member's
 * instance id maps to its current member id only; target assignments exist only for members.
 *
 * <p>Persisted as Kafka's ConsumerGroup* records (see {@link io.samsa.coordinator.group.record.ConsumerGroupKey}),
 * written by {@link ConsumerGroupHeartbeatOperation} as it changes the group. Not thread-safe: coordinator thread only.
 */
final class ConsumerGroup implements Group {
    private final String groupId;
    private int groupEpoch;
    private int assignmentEpoch;
    private final Map<String, ConsumerGroupMember> members = new TreeMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<String, Map<Uuid, Set<Integer>>> targetAssignment = new HashMap<>();
    /** The subscribed topics that exist, by name, as the last target assignment saw them. */
    private Map<String, TopicsImage.Topic> subscriptionMetadata = Map.of();
    /** Topic names members subscribe to, by name or through a regex (including topics that do not exist). */
    private Set<String> subscribedTopicNames = Set.of();
    private boolean dead;

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    // ---- identity and state ----

    @Override
    public Type type() {
        return Type.CONSUMER;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    ConsumerGroupState state() {
        if (dead) {
            return ConsumerGroupState.DEAD;
        }
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        if (groupEpoch > assignmentEpoch) {
            return ConsumerGroupState.ASSIGNING;
        }
        for (ConsumerGroupMember m : members.values()) {
            if (m.memberEpoch() != assignmentEpoch || m.state() != ConsumerMemberState.STABLE) {
                return ConsumerGroupState.RECONCILING;
            }
        }
        return ConsumerGroupState.STABLE;
    }

    @Override
    public String stateName() {
        return state().toString();
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public boolean isDead() {
        return dead;
    }

    @Override
    public boolean isInStates(Set<String> lowerCaseStates) {
        return lowerCaseStates.contains(state().toLowerCaseString());
    }

    int groupEpoch() {
        return groupEpoch;
    }

    void setGroupEpoch(int epoch) {
        this.groupEpoch = epoch;
    }

    int assignmentEpoch() {
        return assignmentEpoch;
    }

    void setAssignmentEpoch(int epoch) {
        this.assignmentEpoch = epoch;
    }

    // ---- members ----

    ConsumerGroupMember member(String memberId) {
        return members.get(memberId);
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    int numMembers() {
        return members.size();
    }

    Collection<ConsumerGroupMember> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    /** The member holding {@code instanceId}, or null. */
    ConsumerGroupMember staticMember(String instanceId) {
        String id = staticMembers.get(instanceId);
        return id == null ? null : members.get(id);
    }

    void putMember(ConsumerGroupMember member) {
        ConsumerGroupMember old = members.put(member.memberId(), member);
        if (old != null && old.instanceId() != null && !old.instanceId().equals(member.instanceId())) {
            staticMembers.remove(old.instanceId(), old.memberId());
        }
        if (member.instanceId() != null) {
            staticMembers.put(member.instanceId(), member.memberId());
        }
    }

    void removeMember(String memberId) {
        ConsumerGroupMember old = members.remove(memberId);
        if (old != null && old.instanceId() != null) {
            staticMembers.remove(old.instanceId(), memberId);
        }
        targetAssignment.remove(memberId);
    }

    // ---- target assignment ----

    Map<Uuid, Set<Integer>> targetAssignment(String memberId) {
        return targetAssignment.getOrDefault(memberId, Assignments.EMPTY);
    }

    Map<String, Map<Uuid, Set<Integer>>> targetAssignment() {
        return Collections.unmodifiableMap(targetAssignment);
    }

    void setTargetAssignment(String memberId, Map<Uuid, Set<Integer>> partitions) {
        targetAssignment.put(memberId, Assignments.copyOf(partitions));
    }

    /**
     * Who owns each partition (assigned or pending revocation), topic id → partition → member id. A partition of
     * another member's target is free for the target owner only when it is absent here.
     */
    Map<Uuid, Map<Integer, String>> partitionOwners() {
        Map<Uuid, Map<Integer, String>> owners = new HashMap<>();
        for (ConsumerGroupMember m : members.values()) {
            addOwner(owners, m.assignedPartitions(), m.memberId());
            addOwner(owners, m.partitionsPendingRevocation(), m.memberId());
        }
        return owners;
    }

    private static void addOwner(Map<Uuid, Map<Integer, String>> owners, Map<Uuid, Set<Integer>> a, String memberId) {
        a.forEach((id, ps) -> ps.forEach(p -> {
            String previous = owners.computeIfAbsent(id, x -> new HashMap<>()).put(p, memberId);
            if (previous != null && !previous.equals(memberId)) {
                throw new IllegalStateException("Partition " + id + "-" + p + " is owned by both " + previous
                    + " and " + memberId);
            }
        }));
    }

    // ---- subscriptions ----

    Map<String, TopicsImage.Topic> subscriptionMetadata() {
        return subscriptionMetadata;
    }

    void setSubscriptionMetadata(Map<String, TopicsImage.Topic> metadata) {
        this.subscriptionMetadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    Set<String> subscribedTopicNames() {
        return subscribedTopicNames;
    }

    void setSubscribedTopicNames(Set<String> names) {
        this.subscribedTopicNames = Collections.unmodifiableSet(new TreeSet<>(names));
    }

    /**
     * The server assignor the group uses: the one most members ask for (ties go to the smaller name), else the
     * default.
     */
    String preferredAssignor(String defaultAssignor) {
        Map<String, Integer> counts = new TreeMap<>();
        members.values().forEach(m -> {
            if (m.serverAssignor() != null) {
                counts.merge(m.serverAssignor(), 1, Integer::sum);
            }
        });
        String best = defaultAssignor;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    // ---- Group: offsets, deletion, listing ----

    @Override
    public void validateOffsetCommit(String memberId, String groupInstanceId, int memberEpoch) throws ApiException {
        if (dead) {
            throw new CoordinatorNotAvailableException("Group " + groupId + " is dead");
        }
        // Epoch -1: an admin client or a consumer without group management; allowed while nobody is a member.
        if (memberEpoch < 0 && members.isEmpty()) {
            return;
        }
        validateMemberEpoch(memberId, memberEpoch);
    }

    @Override
    public void validateOffsetFetch(String memberId, int memberEpoch) throws ApiException {
        // No member id and epoch -1: an admin client, or a client that does not send them (OffsetFetch < v9).
        if (memberId == null && memberEpoch < 0) {
            return;
        }
        validateMemberEpoch(memberId, memberEpoch);
    }

    private void validateMemberEpoch(String memberId, int memberEpoch) {
        ConsumerGroupMember member = memberId == null ? null : members.get(memberId);
        if (member == null) {
            throw new UnknownMemberIdException("Member " + memberId + " is not a member of group " + groupId + ".");
        }
        if (memberEpoch != member.memberEpoch()) {
            throw new StaleMemberEpochException("The received member epoch " + memberEpoch
                + " does not match the expected member epoch " + member.memberEpoch() + ".");
        }
    }

    @Override
    public void validateOffsetDelete() throws ApiException {
        if (dead) {
            throw new GroupIdNotFoundException("Group " + groupId + " is dead");
        }
    }

    @Override
    public void validateDeleteGroup() throws ApiException {
        if (dead) {
            throw new GroupIdNotFoundException("Group " + groupId + " is dead");
        }
        if (!members.isEmpty()) {
            throw new GroupNotEmptyException("Group " + groupId + " is not empty");
        }
    }

    @Override
    public boolean isSubscribedToTopic(String topic) {
        return subscribedTopicNames.contains(topic);
    }

    @Override
    public Optional<OffsetExpirationCondition> offsetExpirationCondition() {
        // As Kafka: offsets of topics nobody subscribes to expire after their commit time.
        return Optional.of(new OffsetExpirationCondition(CommittedOffset::commitTimestamp));
    }

    @Override
    public ListGroupsResponseData.ListedGroup asListedGroup() {
        return new ListGroupsResponseData.ListedGroup()
            .setGroupId(groupId)
            .setProtocolType(ConsumerProtocol.PROTOCOL_TYPE)
            .setGroupState(stateName())
            .setGroupType(type().toString());
    }

    @Override
    public List<GroupRecordKey> tombstoneKeys() {
        // Kafka's order: current assignments, target assignments, then subscriptions and group-level records.
        List<GroupRecordKey> keys = new ArrayList<>();
        members.keySet().forEach(id -> keys.add(ConsumerGroupKey.member(Kind.CURRENT_MEMBER_ASSIGNMENT, groupId, id)));
        members.keySet().forEach(id -> keys.add(ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, groupId, id)));
        keys.add(ConsumerGroupKey.group(Kind.TARGET_ASSIGNMENT_METADATA, groupId));
        members.keySet().forEach(id -> keys.add(ConsumerGroupKey.member(Kind.MEMBER_METADATA, groupId, id)));
        keys.add(ConsumerGroupKey.group(Kind.PARTITION_METADATA, groupId));
        keys.add(ConsumerGroupKey.group(Kind.GROUP_METADATA, groupId));
        return keys;
    }

    @Override
    public Runnable markDeleted() {
        dead = true;
        return () -> dead = false;
    }

    @Override
    public void unload() {
        // No request is ever parked in a consumer group: heartbeats are answered at once.
        dead = true;
    }

    // ---- ConsumerGroupDescribe ----

    ConsumerGroupDescribeResponseData.DescribedGroup describe(TopicsImage topics, String defaultAssignor) {
        ConsumerGroupDescribeResponseData.DescribedGroup g = new ConsumerGroupDescribeResponseData.DescribedGroup()
            .setGroupId(groupId)
            .setGroupState(stateName())
            .setGroupEpoch(groupEpoch)
            .setAssignmentEpoch(assignmentEpoch)
            .setAssignorName(preferredAssignor(defaultAssignor));
        for (ConsumerGroupMember m : members.values()) {
            g.members().add(new ConsumerGroupDescribeResponseData.Member()
                .setMemberId(m.memberId())
                .setInstanceId(m.instanceId())
                .setRackId(m.rackId())
                .setMemberEpoch(m.memberEpoch())
                .setClientId(m.clientId())
                .setClientHost(m.clientHost())
                .setSubscribedTopicNames(List.copyOf(m.subscribedTopicNames()))
                .setSubscribedTopicRegex(m.subscribedTopicRegex())
                .setAssignment(describedAssignment(m.assignedPartitions(), topics))
                .setTargetAssignment(describedAssignment(targetAssignment(m.memberId()), topics))
                .setMemberType((byte) 1));
        }
        return g;
    }

    private static ConsumerGroupDescribeResponseData.Assignment describedAssignment(Map<Uuid, Set<Integer>> a,
                                                                                    TopicsImage topics) {
        ConsumerGroupDescribeResponseData.Assignment out = new ConsumerGroupDescribeResponseData.Assignment();
        a.forEach((id, ps) -> {
            TopicsImage.Topic t = topics.topicById(id);
            if (t != null) { // A deleted topic is not described (Kafka does the same).
                out.topicPartitions().add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                    .setTopicId(id).setTopicName(t.name()).setPartitions(List.copyOf(ps)));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "ConsumerGroup(groupId=" + groupId + ", state=" + stateName() + ", groupEpoch=" + groupEpoch
            + ", assignmentEpoch=" + assignmentEpoch + ", members=" + members.keySet() + ")";
    }
}
