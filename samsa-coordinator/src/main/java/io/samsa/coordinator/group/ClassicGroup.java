package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.DEAD;
import static io.samsa.coordinator.group.ClassicGroupState.EMPTY;
import static io.samsa.coordinator.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import io.samsa.coordinator.group.record.GroupMetadataValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * A classic group: members whose assignment is computed by the leader client (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup). Holds membership, the generation, the selected protocol, the members parked in a rebalance and the
 * state machine ({@link ClassicGroupState}); the protocol's decisions (when to rebalance, what to persist) are in
 * {@link Rebalancer} and the operations.
 *
 * <p>Invariants: {@code numAwaitingJoin} equals the number of members with a parked JoinGroup; the leader, if any, is
 * a member; a static member's instance id maps to its current member id and to nothing else; {@code
 * supportedProtocols} counts, per protocol name, the members that support it.
 *
 * <p>Persisted as a GroupMetadataValue after each completed rebalance (and when the group becomes Empty); loaded back
 * as Stable (with members) or Empty. Not thread-safe: used on the coordinator thread only.
 */
final class ClassicGroup implements Group {
    private final String groupId;
    private final Time time;
    private ClassicGroupState state;
    private ClassicGroupState previousState = DEAD;
    private long currentStateTimestamp;
    private String protocolType;
    private String protocolName;
    private int generationId;
    private String leaderId;
    // Insertion order makes leader re-election (first remaining member) deterministic.
    private final Map<String, ClassicGroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingJoinMembers = new HashSet<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private final Map<String, Integer> supportedProtocols = new HashMap<>();
    private int numAwaitingJoin;
    private Optional<Set<String>> subscribedTopics = Optional.empty();
    private boolean newMemberAdded;

    ClassicGroup(String groupId, ClassicGroupState initialState, Time time) {
        this(groupId, initialState, time, 0, null, null, null, time.milliseconds());
    }

    ClassicGroup(String groupId, ClassicGroupState initialState, Time time, int generationId, String protocolType,
                 String protocolName, String leaderId, long currentStateTimestamp) {
        this.groupId = groupId;
        this.state = initialState;
        this.time = time;
        this.generationId = generationId;
        this.protocolType = protocolType;
        this.protocolName = protocolName;
        this.leaderId = leaderId;
        this.currentStateTimestamp = currentStateTimestamp;
    }

    // ---- identity and state ----

    @Override
    public Type type() {
        return Type.CLASSIC;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    ClassicGroupState state() {
        return state;
    }

    ClassicGroupState previousState() {
        return previousState;
    }

    boolean isInState(ClassicGroupState s) {
        return state == s;
    }

    @Override
    public String stateName() {
        return state.toString();
    }

    @Override
    public boolean isEmpty() {
        return state == EMPTY;
    }

    @Override
    public boolean isDead() {
        return state == DEAD;
    }

    @Override
    public boolean isInStates(Set<String> lowerCaseStates) {
        return lowerCaseStates.contains(state.toLowerCaseString());
    }

    long currentStateTimestamp() {
        return currentStateTimestamp;
    }

    int generationId() {
        return generationId;
    }

    /** Null until the first member joins (or for a "simple" group that only stores offsets). */
    String protocolType() {
        return protocolType;
    }

    /** The selected protocol, null while there is none (Empty group). */
    String protocolName() {
        return protocolName;
    }

    String leaderOrNull() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId != null && memberId.equals(leaderId);
    }

    boolean canRebalance() {
        return PREPARING_REBALANCE.validPreviousStates().contains(state);
    }

    void transitionTo(ClassicGroupState target) {
        if (!target.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot go from " + state + " to " + target
                + "; valid previous states of " + target + " are " + target.validPreviousStates());
        }
        previousState = state;
        state = target;
        currentStateTimestamp = time.milliseconds();
    }

    /**
     * The only way out of Dead: a deletion whose tombstones could not be written leaves the group as it was (Empty,
     * with its generation and protocol type), so that the log and memory agree again.
     */
    void revertFailedDeletion(ClassicGroupState before, long timestampBefore) {
        if (state != DEAD || before != EMPTY) {
            throw new IllegalStateException("Group " + groupId + ": cannot revert deletion from " + state);
        }
        state = before;
        currentStateTimestamp = timestampBefore;
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void setNewMemberAdded(boolean value) {
        newMemberAdded = value;
    }

    // ---- members ----

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    ClassicGroupMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<ClassicGroupMember> allMembers() {
        return members.values();
    }

    int numMembers() {
        return members.size();
    }

    int numAwaitingJoin() {
        return numAwaitingJoin;
    }

    boolean hasStaticMember(String groupInstanceId) {
        return groupInstanceId != null && staticMembers.containsKey(groupInstanceId);
    }

    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    /** Adds a member; {@code joinFuture} is its parked JoinGroup response, or null. */
    void add(ClassicGroupMember member, CompletableFuture<JoinGroupResponseData> joinFuture) {
        if (member.isStaticMember()) {
            if (staticMembers.containsKey(member.groupInstanceId())) {
                throw new IllegalStateException("Static member " + member.groupInstanceId()
                    + " is already a member of group " + groupId);
            }
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        members.put(member.memberId(), member);
        countProtocols(member, 1);
        member.setAwaitingJoin(joinFuture);
        if (joinFuture != null) {
            numAwaitingJoin++;
        }
        pendingJoinMembers.remove(member.memberId());
    }

    /**
     * Removes a member (or a pending member); a removed leader is replaced by the first remaining member. A request
     * the member still has parked is answered UNKNOWN_MEMBER_ID (a live client then rejoins).
     */
    void remove(String memberId) {
        ClassicGroupMember removed = members.remove(memberId);
        if (removed != null) {
            countProtocols(removed, -1);
            if (removed.isAwaitingJoin()) {
                numAwaitingJoin--;
                removed.awaitingJoin().complete(new JoinGroupResponseData()
                    .setMemberId("").setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
                removed.setAwaitingJoin(null);
            }
            if (removed.isAwaitingSync()) {
                removed.awaitingSync().complete(new SyncGroupResponseData()
                    .setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
                removed.setAwaitingSync(null);
            }
            if (removed.isStaticMember()) {
                staticMembers.remove(removed.groupInstanceId());
            }
        }
        if (isLeader(memberId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        pendingJoinMembers.remove(memberId);
        pendingSyncMembers.remove(memberId);
    }

    /** Updates a member's protocols and timeouts; {@code joinFuture} (or null) becomes its parked JoinGroup. */
    void updateMember(ClassicGroupMember member, List<ClassicGroupMember.Protocol> protocols, int rebalanceTimeoutMs,
                      int sessionTimeoutMs, CompletableFuture<JoinGroupResponseData> joinFuture) {
        countProtocols(member, -1);
        member.update(protocols, rebalanceTimeoutMs, sessionTimeoutMs);
        countProtocols(member, 1);
        if (joinFuture != null && !member.isAwaitingJoin()) {
            numAwaitingJoin++;
        } else if (joinFuture == null && member.isAwaitingJoin()) {
            numAwaitingJoin--;
        } else if (joinFuture != null && member.awaitingJoin() != joinFuture) {
            // A second JoinGroup while one is parked: the first request's client has given up on it (Kafka drops it
            // silently; answering lets its connection move on).
            member.awaitingJoin().complete(new JoinGroupResponseData()
                .setMemberId(member.memberId()).setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
        }
        member.setAwaitingJoin(joinFuture);
    }

    /**
     * Static member rejoining with an unknown member id: the old member id is replaced by {@code newMemberId}, keeping
     * everything else. Requests parked under the old id are answered FENCED_INSTANCE_ID.
     */
    ClassicGroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicGroupMember old = members.remove(oldMemberId);
        if (old == null) {
            throw new IllegalArgumentException("Cannot replace unknown member " + oldMemberId + " of " + groupId);
        }
        if (old.isAwaitingJoin()) {
            old.awaitingJoin().complete(new JoinGroupResponseData()
                .setMemberId(oldMemberId).setLeader("").setErrorCode(Errors.FENCED_INSTANCE_ID.code()));
            old.setAwaitingJoin(null);
            numAwaitingJoin--;
        }
        completeSyncFuture(old, new SyncGroupResponseData().setErrorCode(Errors.FENCED_INSTANCE_ID.code()));
        ClassicGroupMember replacement = old.withMemberId(newMemberId);
        members.put(newMemberId, replacement);
        if (isLeader(oldMemberId)) {
            leaderId = newMemberId;
        }
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        staticMembers.put(groupInstanceId, newMemberId);
        return replacement;
    }

    /**
     * After a join phase: keeps the leader if it rejoined, else picks a member that did. False if the group has no
     * leader (it is empty) or no member rejoined.
     */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId == null) {
            return false;
        }
        if (members.get(leaderId).isAwaitingJoin()) {
            return true;
        }
        for (ClassicGroupMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return true;
            }
        }
        return false;
    }

    Map<String, ClassicGroupMember> notYetRejoinedMembers() {
        Map<String, ClassicGroupMember> out = new LinkedHashMap<>();
        members.forEach((id, m) -> {
            if (!m.isAwaitingJoin()) {
                out.put(id, m);
            }
        });
        return out;
    }

    boolean hasAllMembersJoined() {
        return members.size() == numAwaitingJoin && pendingJoinMembers.isEmpty();
    }

    /** The group's rebalance timeout: the largest of its members'. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (ClassicGroupMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    static String generateMemberId(String clientId, String groupInstanceId) {
        return (groupInstanceId != null ? groupInstanceId : clientId) + "-" + UUID.randomUUID();
    }

    // ---- pending members (JoinGroup v4+ handed out an id, not yet joined with it) ----

    boolean isPendingMember(String memberId) {
        return pendingJoinMembers.contains(memberId);
    }

    void addPendingMember(String memberId) {
        if (members.containsKey(memberId)) {
            throw new IllegalStateException("Pending member " + memberId + " is already a member of " + groupId);
        }
        pendingJoinMembers.add(memberId);
    }

    boolean hasPendingMembers() {
        return !pendingJoinMembers.isEmpty();
    }

    // ---- pending sync (members that got their JoinGroup response but have not sent SyncGroup) ----

    void addPendingSyncMember(String memberId) {
        pendingSyncMembers.add(memberId);
    }

    void removePendingSyncMember(String memberId) {
        pendingSyncMembers.remove(memberId);
    }

    Set<String> pendingSyncMembers() {
        return pendingSyncMembers;
    }

    void clearPendingSyncMembers() {
        pendingSyncMembers.clear();
    }

    // ---- parked requests ----

    boolean completeJoinFuture(ClassicGroupMember member, JoinGroupResponseData response) {
        if (!member.isAwaitingJoin()) {
            return false;
        }
        CompletableFuture<JoinGroupResponseData> f = member.awaitingJoin();
        member.setAwaitingJoin(null);
        numAwaitingJoin--;
        f.complete(response);
        return true;
    }

    boolean completeSyncFuture(ClassicGroupMember member, SyncGroupResponseData response) {
        if (!member.isAwaitingSync()) {
            return false;
        }
        CompletableFuture<SyncGroupResponseData> f = member.awaitingSync();
        member.setAwaitingSync(null);
        f.complete(response);
        return true;
    }

    // ---- protocols ----

    private void countProtocols(ClassicGroupMember member, int delta) {
        // Once per name: a member naming a protocol twice still supports it once. Counted per entry, the name's
        // count would exceed the member count, no protocol would be a candidate, and the join would never complete.
        member.protocols().stream().map(ClassicGroupMember.Protocol::name).distinct()
            .forEach(name -> supportedProtocols.merge(name, delta, Integer::sum));
    }

    /**
     * Whether a member with this protocol type and these protocols could join: any non-empty offer joins an Empty
     * group; otherwise the type must match and one of the protocols must be supported by every member.
     */
    boolean supportsProtocols(String memberProtocolType, List<ClassicGroupMember.Protocol> memberProtocols) {
        if (state == EMPTY) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return memberProtocolType != null && memberProtocolType.equals(protocolType)
            && memberProtocols.stream().anyMatch(p -> supportedProtocols.getOrDefault(p.name(), 0) == members.size());
    }

    /** The protocol for the next generation: among those all members support, the one most members prefer. */
    String selectProtocol() {
        if (members.isEmpty()) {
            throw new IllegalStateException("Cannot select a protocol for empty group " + groupId);
        }
        Set<String> candidates = new HashSet<>();
        supportedProtocols.forEach((name, count) -> {
            if (count == members.size()) {
                candidates.add(name);
            }
        });
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicGroupMember m : members.values()) {
            votes.merge(m.vote(candidates), 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Moves to the next generation: CompletingRebalance with a selected protocol, or Empty if no member is left. */
    void initNextGeneration() {
        generationId++;
        if (!members.isEmpty()) {
            protocolName = selectProtocol();
            subscribedTopics = computeSubscribedTopics();
            transitionTo(COMPLETING_REBALANCE);
        } else {
            protocolName = null;
            subscribedTopics = computeSubscribedTopics();
            transitionTo(EMPTY);
        }
        pendingSyncMembers.clear();
    }

    /** The members as the leader's JoinGroup response lists them, with their metadata for the selected protocol. */
    List<JoinGroupResponseData.JoinGroupResponseMember> joinResponseMembers() {
        List<JoinGroupResponseData.JoinGroupResponseMember> out = new ArrayList<>(members.size());
        for (ClassicGroupMember m : members.values()) {
            out.add(new JoinGroupResponseData.JoinGroupResponseMember()
                .setMemberId(m.memberId())
                .setGroupInstanceId(m.groupInstanceId())
                .setMetadata(m.metadata(protocolName)));
        }
        return out;
    }

    Map<String, byte[]> groupAssignment() {
        Map<String, byte[]> out = new HashMap<>();
        members.forEach((id, m) -> out.put(id, m.assignment()));
        return out;
    }

    // ---- subscriptions (consumer protocol only) ----

    boolean usesConsumerProtocol() {
        return ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType);
    }

    void setSubscribedTopics(Optional<Set<String>> topics) {
        this.subscribedTopics = topics;
    }

    /**
     * The topics the members subscribe to, parsed from their consumer protocol metadata with the v0 prefix every
     * version shares (as Kafka does); empty if the group does not use the consumer protocol or a subscription cannot
     * be parsed.
     */
    Optional<Set<String>> computeSubscribedTopics() {
        if (!usesConsumerProtocol()) {
            return Optional.empty();
        }
        if (members.isEmpty()) {
            return Optional.of(Set.of());
        }
        if (protocolName == null) {
            return Optional.empty();
        }
        try {
            Set<String> topics = new HashSet<>();
            for (ClassicGroupMember m : members.values()) {
                ByteBuffer buf = ByteBuffer.wrap(m.metadata(protocolName));
                ConsumerProtocol.deserializeVersion(buf);
                topics.addAll(ConsumerProtocol.deserializeConsumerProtocolSubscription(buf, (short) 0).topics());
            }
            return Optional.of(topics);
        } catch (RuntimeException e) {
            // The metadata is the client's, opaque to the protocol: kafka-clients' reader throws plain
            // RuntimeExceptions too ("Tried to allocate a collection of size ..."), and one escaping here left the
            // rebalance unfinished and every member's JoinGroup unanswered.
            return Optional.empty();
        }
    }

    @Override
    public boolean isSubscribedToTopic(String topic) {
        return subscribedTopics.map(t -> t.contains(topic)).orElse(usesConsumerProtocol());
    }

    // ---- Group: offsets, deletion, listing ----

    void validateMember(String memberId, String groupInstanceId) throws ApiException {
        if (groupInstanceId != null) {
            String existing = staticMembers.get(groupInstanceId);
            if (existing == null) {
                throw new UnknownMemberIdException("Unknown static member " + groupInstanceId + " in " + groupId);
            }
            if (!existing.equals(memberId)) {
                throw new FencedInstanceIdException("Static member " + groupInstanceId + " of " + groupId
                    + " has member id " + existing + ", not " + memberId);
            }
        }
        if (!members.containsKey(memberId)) {
            throw new UnknownMemberIdException("Unknown member " + memberId + " in " + groupId);
        }
    }

    @Override
    public void validateOffsetCommit(String memberId, String groupInstanceId, int generation) throws ApiException {
        if (state == DEAD) {
            throw new CoordinatorNotAvailableException("Group " + groupId + " is dead");
        }
        if (generation < 0 && state == EMPTY) {
            // Admin clients and consumers that assign partitions themselves commit with generation -1.
            return;
        }
        if (generation >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            validateMember(memberId, groupInstanceId);
            if (generation != generationId) {
                throw new IllegalGenerationException("Generation " + generation + " of " + groupId
                    + " is not the current one, " + generationId);
            }
        } else if (state != EMPTY) {
            throw new UnknownMemberIdException("Group " + groupId + " has members: commits need a member id");
        }
        if (state == COMPLETING_REBALANCE) {
            throw new RebalanceInProgressException("Group " + groupId + " is completing a rebalance");
        }
    }

    @Override
    public void validateOffsetDelete() throws ApiException {
        switch (state) {
            case DEAD -> throw new GroupIdNotFoundException("Group " + groupId + " is dead");
            case STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE -> {
                if (!usesConsumerProtocol()) {
                    throw new GroupNotEmptyException("Group " + groupId + " is not empty");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void validateDeleteGroup() throws ApiException {
        switch (state) {
            case DEAD -> throw new GroupIdNotFoundException("Group " + groupId + " is dead");
            case STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE ->
                throw new GroupNotEmptyException("Group " + groupId + " is not empty");
            default -> {
            }
        }
    }

    @Override
    public Optional<OffsetExpirationCondition> offsetExpirationCondition() {
        if (protocolType == null) {
            // A "simple" group (offsets only): each offset expires after its own commit.
            return Optional.of(new OffsetExpirationCondition(CommittedOffset::commitTimestamp));
        }
        if (state == EMPTY) {
            // Kafka 2.1+ (KIP-211): retention counts from the time the group became empty; a group loaded from an
            // old record without that timestamp falls back to each offset's commit time.
            long since = currentStateTimestamp;
            return Optional.of(new OffsetExpirationCondition(o -> since >= 0 ? since : o.commitTimestamp()));
        }
        if (usesConsumerProtocol() && subscribedTopics.isPresent() && state == STABLE) {
            // Offsets of topics no member subscribes to any more expire after their commit time.
            return Optional.of(new OffsetExpirationCondition(CommittedOffset::commitTimestamp));
        }
        return Optional.empty();
    }

    @Override
    public ListGroupsResponseData.ListedGroup asListedGroup() {
        return new ListGroupsResponseData.ListedGroup()
            .setGroupId(groupId)
            .setProtocolType(protocolType == null ? "" : protocolType)
            .setGroupState(state.toString())
            .setGroupType(type().toString());
    }

    @Override
    public List<io.samsa.coordinator.group.record.GroupRecordKey> tombstoneKeys() {
        return List.of(new io.samsa.coordinator.group.record.GroupMetadataKey(groupId));
    }

    @Override
    public Runnable markDeleted() {
        ClassicGroupState before = state;
        long timestampBefore = currentStateTimestamp;
        transitionTo(DEAD);
        return () -> revertFailedDeletion(before, timestampBefore);
    }

    @Override
    public void unload() {
        ClassicGroupState before = state;
        if (before != DEAD) {
            transitionTo(DEAD);
        }
        for (ClassicGroupMember m : members.values()) {
            if (before == PREPARING_REBALANCE) {
                completeJoinFuture(m, new JoinGroupResponseData()
                    .setMemberId(m.memberId()).setErrorCode(Errors.NOT_COORDINATOR.code()));
            }
            completeSyncFuture(m, new SyncGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
    }

    /** The group as a GroupMetadataValue, members carrying {@code assignment}'s bytes (missing ones empty). */
    GroupMetadataValue toRecordValue(Map<String, byte[]> assignment) {
        List<GroupMetadataValue.MemberMetadata> out = new ArrayList<>(members.size());
        for (ClassicGroupMember m : members.values()) {
            out.add(new GroupMetadataValue.MemberMetadata(m.memberId(), m.groupInstanceId(), m.clientId(),
                m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(),
                protocolName == null ? ClassicGroupMember.EMPTY_ASSIGNMENT : m.metadata(protocolName),
                assignment.getOrDefault(m.memberId(), ClassicGroupMember.EMPTY_ASSIGNMENT)));
        }
        return new GroupMetadataValue(protocolType == null ? "" : protocolType, generationId, protocolName, leaderId,
            currentStateTimestamp, out);
    }

    @Override
    public String toString() {
        return "ClassicGroup(groupId=" + groupId + ", state=" + state + ", generation=" + generationId
            + ", protocolType=" + protocolType + ", protocol=" + protocolName + ", leader=" + leaderId
            + ", members=" + members.keySet() + ")";
    }
}
