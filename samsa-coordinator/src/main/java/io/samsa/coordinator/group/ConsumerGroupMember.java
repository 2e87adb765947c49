package io.samsa.coordinator.group;

import io.samsa.coordinator.group.record.ConsumerGroupValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A member of a KIP-848 consumer group: who it is (persisted as ConsumerGroupMemberMetadata), and where it is in its
 * reconciliation (persisted as ConsumerGroupCurrentMemberAssignment): its epoch, the epoch before the last bump (a
 * member whose response with the bumped epoch was lost may still use it), its {@link ConsumerMemberState}, the
 * partitions it owns and those it must revoke. The partitions pending revocation are still owned: nobody else gets
 * them until the member acknowledges their revocation.
 *
 * <p>Epoch -2 marks a static member that left temporarily (it keeps its assignment until its session expires).
 * Not thread-safe: coordinator thread only.
 */
final class ConsumerGroupMember {
    static final int LEAVE_GROUP_EPOCH = -1;
    static final int LEAVE_GROUP_STATIC_EPOCH = -2;

    private final String memberId;
    private String instanceId;
    private String rackId;
    private String clientId;
    private String clientHost;
    private List<String> subscribedTopicNames = List.of();
    private String subscribedTopicRegex;
    private int rebalanceTimeoutMs = -1;
    private String serverAssignor;

    private int memberEpoch;
    private int previousMemberEpoch;
    private ConsumerMemberState state = ConsumerMemberState.STABLE;
    private Map<Uuid, Set<Integer>> assignedPartitions = Assignments.EMPTY;
    private Map<Uuid, Set<Integer>> partitionsPendingRevocation = Assignments.EMPTY;

    ConsumerGroupMember(String memberId) {
        this.memberId = Objects.requireNonNull(memberId, "memberId");
    }

    /** A copy under another member id (a static member replacing its previous incarnation). */
    ConsumerGroupMember withMemberId(String newMemberId) {
        ConsumerGroupMember m = new ConsumerGroupMember(newMemberId);
        m.applyMetadata(toMetadataValue());
        m.applyAssignment(toAssignmentValue());
        return m;
    }

    String memberId() {
        return memberId;
    }

    String instanceId() {
        return instanceId;
    }

    String rackId() {
        return rackId;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    List<String> subscribedTopicNames() {
        return subscribedTopicNames;
    }

    /** Null (or never empty) when the member does not subscribe by regex. */
    String subscribedTopicRegex() {
        return subscribedTopicRegex;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    String serverAssignor() {
        return serverAssignor;
    }

    int memberEpoch() {
        return memberEpoch;
    }

    int previousMemberEpoch() {
        return previousMemberEpoch;
    }

    ConsumerMemberState state() {
        return state;
    }

    Map<Uuid, Set<Integer>> assignedPartitions() {
        return assignedPartitions;
    }

    Map<Uuid, Set<Integer>> partitionsPendingRevocation() {
        return partitionsPendingRevocation;
    }

    boolean isStatic() {
        return instanceId != null;
    }

    // ---- changes ----

    void setClient(String clientId, String clientHost) {
        this.clientId = clientId;
        this.clientHost = clientHost;
    }

    void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    void setRackId(String rackId) {
        this.rackId = rackId;
    }

    void setRebalanceTimeoutMs(int rebalanceTimeoutMs) {
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    }

    void setSubscribedTopicNames(List<String> names) {
        this.subscribedTopicNames = List.copyOf(names);
    }

    void setSubscribedTopicRegex(String regex) {
        this.subscribedTopicRegex = regex == null || regex.isEmpty() ? null : regex;
    }

    void setServerAssignor(String serverAssignor) {
        this.serverAssignor = serverAssignor;
    }

    /** Moves to {@code epoch}, remembering the current one as the previous epoch (Kafka's updateMemberEpoch). */
    void updateMemberEpoch(int epoch) {
        this.previousMemberEpoch = this.memberEpoch;
        this.memberEpoch = epoch;
    }

    void setReconciliation(ConsumerMemberState state, Map<Uuid, Set<Integer>> assigned,
                           Map<Uuid, Set<Integer>> pendingRevocation) {
        this.state = state;
        this.assignedPartitions = Assignments.copyOf(assigned);
        this.partitionsPendingRevocation = Assignments.copyOf(pendingRevocation);
    }

    // ---- records ----

    ConsumerGroupValues.MemberMetadata toMetadataValue() {
        return new ConsumerGroupValues.MemberMetadata(instanceId, rackId, clientId == null ? "" : clientId,
            clientHost == null ? "" : clientHost, subscribedTopicNames, subscribedTopicRegex, rebalanceTimeoutMs,
            serverAssignor);
    }

    ConsumerGroupValues.CurrentMemberAssignment toAssignmentValue() {
        return new ConsumerGroupValues.CurrentMemberAssignment(memberEpoch, previousMemberEpoch, state.value(),
            assignedPartitions, partitionsPendingRevocation);
    }

    void applyMetadata(ConsumerGroupValues.MemberMetadata v) {
        instanceId = v.instanceId();
        rackId = v.rackId();
        clientId = v.clientId();
        clientHost = v.clientHost();
        subscribedTopicNames = new ArrayList<>(v.subscribedTopicNames());
        setSubscribedTopicRegex(v.subscribedTopicRegex());
        rebalanceTimeoutMs = v.rebalanceTimeoutMs();
        serverAssignor = v.serverAssignor();
    }

    void applyAssignment(ConsumerGroupValues.CurrentMemberAssignment v) {
        memberEpoch = v.memberEpoch();
        previousMemberEpoch = v.previousMemberEpoch();
        setReconciliation(ConsumerMemberState.of(v.state()), v.assignedPartitions(), v.partitionsPendingRevocation());
    }

    @Override
    public String toString() {
        return "ConsumerGroupMember(" + memberId + (instanceId == null ? "" : ", instance " + instanceId) + ", epoch "
            + memberEpoch + ", " + state + ", assigned " + assignedPartitions + ", revoking "
            + partitionsPendingRevocation + ")";
    }
}
