package io.samsa.coordinator.group;

import io.samsa.coordinator.runtime.CoordinatorTimers;
import static io.samsa.coordinator.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.DEAD;
import static io.samsa.coordinator.group.ClassicGroupState.EMPTY;
import static io.samsa.coordinator.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JoinGroup for classic groups, following Kafka's rules:
 *
 * <ul>
 *   <li>Unknown group: created (Empty) for a member without id, else UNKNOWN_MEMBER_ID.</li>
 *   <li>Group full ({@code group.max.size}): GROUP_MAX_SIZE_REACHED.</li>
 *   <li>A dynamic member without id gets MEMBER_ID_REQUIRED and a new id {@code clientId-UUID} (v4+), and is
 *       "pending" until it joins with it; older clients join directly.</li>
 *   <li>A static member ({@code group.instance.id}) without id gets an id {@code instanceId-UUID}; if its instance
 *       is known, it replaces the old member id (the old one is fenced) and, in a Stable group whose selected
 *       protocol would not change, gets the current generation and assignment without a rebalance.</li>
 *   <li>A known member joining starts or joins a rebalance, except a follower of a Stable (or CompletingRebalance)
 *       group with unchanged metadata, which just gets the current generation.</li>
 * </ul>
 *
 * Not thread-safe: coordinator thread only.
 */
final class JoinGroupOperation {
    private static final Logger log = LoggerFactory.getLogger(JoinGroupOperation.class);

    private final GroupShard shard;
    private final Rebalancer rebalancer;

    JoinGroupOperation(GroupShard shard, Rebalancer rebalancer) {
        this.shard = shard;
        this.rebalancer = rebalancer;
    }

    /** The parsed request: JoinGroup v0 has no rebalance timeout, the session timeout serves as one. */
    private record Join(RequestContext ctx, JoinGroupRequestData req, List<ClassicGroupMember.Protocol> protocols,
                        int rebalanceTimeoutMs, CompletableFuture<JoinGroupResponseData> future) {
        String memberId() {
            return req.memberId();
        }

        String instanceId() {
            return req.groupInstanceId();
        }

        void fail(String memberId, Errors error) {
            future.complete(new JoinGroupResponseData().setMemberId(memberId).setErrorCode(error.code()));
        }
    }

    void join(RequestContext ctx, JoinGroupRequestData req, CompletableFuture<JoinGroupResponseData> future) {
        int rebalanceTimeoutMs = ctx.apiVersion() == 0 || req.rebalanceTimeoutMs() < 0
            ? req.sessionTimeoutMs() : req.rebalanceTimeoutMs();
        Join join = new Join(ctx, req, ClassicGroupMember.protocolsOf(req.protocols()), rebalanceTimeoutMs, future);
        String groupId = req.groupId();
        boolean unknownMember = join.memberId().isEmpty();

        Group existing = shard.group(groupId);
        ClassicGroup group;
        boolean newGroup = false;
        if (existing == null) {
            if (!unknownMember) {
                join.fail(join.memberId(), Errors.UNKNOWN_MEMBER_ID);
                return;
            }
            group = new ClassicGroup(groupId, EMPTY, shard.time());
            shard.addGroup(group);
            newGroup = true;
        } else if (existing instanceof ClassicGroup g) {
            group = g;
        } else {
            join.fail("", Errors.INCONSISTENT_GROUP_PROTOCOL);
            return;
        }

        if (!acceptJoiningMember(group, join.memberId())) {
            group.remove(join.memberId());
            join.fail("", Errors.GROUP_MAX_SIZE_REACHED);
        } else if (unknownMember) {
            joinNewMember(join, group);
        } else {
            joinExistingMember(join, group);
        }

        if (newGroup && group.isEmpty() && group.numMembers() == 0 && !group.hasPendingMembers()
            && !shard.offsets().hasOffsets(groupId)) {
            // Nobody got in (e.g. an inconsistent protocol): do not keep an empty group nobody persisted.
            shard.removeGroup(groupId);
        }
    }

    /**
     * Kafka's admission rule: in PreparingRebalance the parked joins are counted (the group size may exceed the limit
     * after the limit was lowered, and this sheds the last rejoiners); otherwise the members.
     */
    private boolean acceptJoiningMember(ClassicGroup group, String memberId) {
        int maxSize = shard.config().groupMaxSize();
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (group.hasMember(memberId) && group.member(memberId).isAwaitingJoin())
                || group.numAwaitingJoin() < maxSize;
            case COMPLETING_REBALANCE, STABLE -> group.hasMember(memberId) || group.numMembers() < maxSize;
        };
    }

    private void joinNewMember(Join join, ClassicGroup group) {
        if (group.isInState(DEAD)) {
            join.fail("", Errors.COORDINATOR_NOT_AVAILABLE);
            return;
        }
        if (!group.supportsProtocols(join.req().protocolType(), join.protocols())) {
            join.fail("", Errors.INCONSISTENT_GROUP_PROTOCOL);
            return;
        }
        String newMemberId = ClassicGroup.generateMemberId(join.ctx().clientId(), join.instanceId());
        if (join.instanceId() != null) {
            String existingMemberId = group.staticMemberId(join.instanceId());
            if (existingMemberId != null) {
                log.info("Static member {} with unknown member id joins group {} in {} state; replacing member {}.",
                    join.instanceId(), group.groupId(), group.state(), existingMemberId);
                updateStaticMemberThenRebalanceOrCompleteJoin(join, group, existingMemberId, newMemberId);
            } else {
                addMemberThenRebalanceOrCompleteJoin(join, group, newMemberId);
            }
        } else if (join.ctx().apiVersion() >= 4) {
            // Hand out an id first: a client that dies before getting its JoinGroup response then leaves no member
            // behind, only a pending id that expires after the session timeout.
            group.addPendingMember(newMemberId);
            rebalancer.rescheduleHeartbeat(group, newMemberId, join.req().sessionTimeoutMs());
            join.fail(newMemberId, Errors.MEMBER_ID_REQUIRED);
        } else {
            addMemberThenRebalanceOrCompleteJoin(join, group, newMemberId);
        }
    }

    private void joinExistingMember(Join join, ClassicGroup group) {
        String memberId = join.memberId();
        if (group.isInState(DEAD)) {
            join.fail(memberId, Errors.COORDINATOR_NOT_AVAILABLE);
            return;
        }
        if (!group.supportsProtocols(join.req().protocolType(), join.protocols())) {
            join.fail(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL);
            return;
        }
        if (group.isPendingMember(memberId)) {
            if (join.instanceId() != null) {
                throw new IllegalStateException("Static member " + join.instanceId()
                    + " cannot be pending with member id " + memberId);
            }
            addMemberThenRebalanceOrCompleteJoin(join, group, memberId);
            return;
        }
        try {
            group.validateMember(memberId, join.instanceId());
        } catch (ApiException e) {
            join.fail(memberId, Errors.forException(e));
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        String reason = "; client reason: " + (join.req().reason() == null ? "not provided" : join.req().reason());
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                "Member " + memberId + " is joining group during " + group.state() + reason);
            case COMPLETING_REBALANCE -> {
                if (member.matches(join.protocols())) {
                    // Same metadata: it probably missed its JoinGroup response. Repeat it.
                    join.future().complete(currentGeneration(group, memberId,
                        group.isLeader(memberId) ? group.joinResponseMembers() : List.of(), group.leaderOrNull()));
                } else {
                    updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                        "Updating metadata for member " + memberId + " during " + group.state() + reason);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId)) {
                    // The leader rejoining forces a rebalance: that is how it reacts to changes that do not show in
                    // the members' metadata (e.g. new partitions of a subscribed topic).
                    updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                        "Leader " + memberId + " re-joining group during " + group.state() + reason);
                } else if (!member.matches(join.protocols())) {
                    updateMemberThenRebalanceOrCompleteJoin(join, group, member,
                        "Updating metadata for member " + memberId + " during " + group.state() + reason);
                } else {
                    join.future().complete(currentGeneration(group, memberId, List.of(), group.leaderOrNull()));
                }
            }
            default -> join.fail(memberId, Errors.UNKNOWN_MEMBER_ID);
        }
    }

    private static JoinGroupResponseData currentGeneration(ClassicGroup group, String memberId,
                                                           List<JoinGroupResponseData.JoinGroupResponseMember> members,
                                                           String leader) {
        return new JoinGroupResponseData()
            .setMembers(members)
            .setMemberId(memberId)
            .setGenerationId(group.generationId())
            .setProtocolName(group.protocolName())
            .setProtocolType(group.protocolType())
            .setLeader(leader)
            .setSkipAssignment(false);
    }

    private void updateMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, ClassicGroupMember member,
                                                        String reason) {
        group.updateMember(member, join.protocols(), join.rebalanceTimeoutMs(), join.req().sessionTimeoutMs(),
            join.future());
        rebalancer.maybePrepareRebalanceOrCompleteJoin(group, reason);
    }

    private void addMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, String memberId) {
        ClassicGroupMember member = new ClassicGroupMember(memberId, join.instanceId(), join.ctx().clientId(),
            join.ctx().clientHost(), join.rebalanceTimeoutMs(), join.req().sessionTimeoutMs(),
            join.req().protocolType(), join.protocols(), null);
        member.setNew(true);
        if (group.isInState(PREPARING_REBALANCE) && group.previousState() == EMPTY) {
            // Lets the initial rebalance wait a little longer for the rest of the fleet.
            group.setNewMemberAdded(true);
        }
        group.add(member, join.future());
        // A new member has no id to heartbeat with and its connection is parked: bound its wait instead.
        rebalancer.rescheduleHeartbeat(group, memberId, GroupCoordinatorConfig.NEW_MEMBER_JOIN_TIMEOUT_MS);
        rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "Adding new member " + memberId
            + " with group instance id " + join.instanceId());
    }

    private void updateStaticMemberThenRebalanceOrCompleteJoin(Join join, ClassicGroup group, String oldMemberId,
                                                              String newMemberId) {
        String currentLeader = group.leaderOrNull();
        ClassicGroupMember newMember = group.replaceStaticMember(join.instanceId(), oldMemberId, newMemberId);
        shard.timers().cancel(GroupTimerKeys.heartbeatKey(group.groupId(), oldMemberId));
        rebalancer.rescheduleHeartbeat(group, newMember);

        int oldRebalanceTimeoutMs = newMember.rebalanceTimeoutMs();
        int oldSessionTimeoutMs = newMember.sessionTimeoutMs();
        List<ClassicGroupMember.Protocol> oldProtocols = newMember.protocols();
        group.updateMember(newMember, join.protocols(), join.rebalanceTimeoutMs(), join.req().sessionTimeoutMs(),
            join.future());

        if (group.isInState(STABLE)) {
            if (group.selectProtocol().equals(group.protocolName())) {
                persistReplacedStaticMember(join, group, newMember, oldMemberId, currentLeader,
                    oldProtocols, oldRebalanceTimeoutMs, oldSessionTimeoutMs);
            } else {
                rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "Group's selected protocol will change "
                    + "because static member " + newMemberId + " with instance id " + join.instanceId()
                    + " joined with a change of protocol");
            }
        } else if (group.isInState(COMPLETING_REBALANCE)) {
            // The leader may already be computing an assignment for the old member id: rebalance so that the new
            // id gets one.
            rebalancer.prepareRebalance(group, "Updating metadata for static member " + newMemberId
                + " with instance id " + join.instanceId());
        } else if (group.isInState(EMPTY) || group.isInState(DEAD)) {
            throw new IllegalStateException("Group " + group.groupId() + " cannot be " + group.state()
                + " while static member " + join.instanceId() + " rejoins");
        } else {
            rebalancer.maybeCompleteJoinPhase(group);
        }
    }

    /**
     * Stable group, static member back with a new member id and the same selected protocol: persist the new id and
     * hand the member the current generation, without a rebalance. If the write fails, the old member id is restored
     * and the member is told the storage error.
     */
    private void persistReplacedStaticMember(Join join, ClassicGroup group, ClassicGroupMember newMember,
                                             String oldMemberId, String currentLeader,
                                             List<ClassicGroupMember.Protocol> oldProtocols,
                                             int oldRebalanceTimeoutMs, int oldSessionTimeoutMs) {
        String newMemberId = newMember.memberId();
        String instanceId = join.instanceId();
        int generation = group.generationId();
        shard.append(List.of(shard.groupMetadataRecord(group.groupId(),
            group.toRecordValue(group.groupAssignment()))), (offset, error) -> {
                if (!shard.isActive()) {
                    join.fail("", Errors.NOT_COORDINATOR);
                    return;
                }
                boolean stillCurrent = group.member(newMemberId) == newMember && group.generationId() == generation;
                if (error != Errors.NONE) {
                    log.warn("Failed to persist metadata for group {} static member {} ({}): {}. Reverting to {}.",
                        group.groupId(), newMemberId, instanceId, error, oldMemberId);
                    if (stillCurrent) {
                        group.updateMember(newMember, oldProtocols, oldRebalanceTimeoutMs, oldSessionTimeoutMs, null);
                        ClassicGroupMember restored = group.replaceStaticMember(instanceId, newMemberId, oldMemberId);
                        shard.timers().cancel(GroupTimerKeys.heartbeatKey(group.groupId(), newMemberId));
                        rebalancer.rescheduleHeartbeat(group, restored);
                    }
                    join.future().complete(new JoinGroupResponseData()
                        .setMemberId("")
                        .setGenerationId(group.generationId())
                        .setProtocolName(group.protocolName())
                        .setProtocolType(group.protocolType())
                        .setLeader(currentLeader)
                        .setErrorCode(error.code()));
                } else if (!stillCurrent) {
                    // The group moved on meanwhile (a rebalance answered or dropped this member): nothing to add.
                    join.future().complete(new JoinGroupResponseData()
                        .setMemberId(newMemberId).setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
                } else if (join.ctx().apiVersion() >= 9) {
                    // v9+: the leader gets the members but is told to skip the assignment (KIP-814).
                    boolean isLeader = group.isLeader(newMemberId);
                    group.completeJoinFuture(newMember, currentGeneration(group, newMemberId,
                        isLeader ? group.joinResponseMembers() : List.of(), group.leaderOrNull())
                        .setSkipAssignment(isLeader));
                } else {
                    // Older clients: report the old leader id, so that a replaced leader does not believe it leads
                    // and does not compute an assignment a Stable group would never distribute.
                    group.completeJoinFuture(newMember, currentGeneration(group, newMemberId, List.of(),
                        currentLeader));
                }
            });
    }
}
