package io.samsa.coordinator.group;

import io.samsa.coordinator.runtime.CoordinatorTimers;
import static io.samsa.coordinator.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.DEAD;
import static io.samsa.coordinator.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SyncGroup, Heartbeat and LeaveGroup for classic groups.
 *
 * <ul>
 *   <li>SyncGroup: the leader's assignment is persisted (GroupMetadataValue) before anyone gets it; followers that
 *       sync first are parked until then; in Stable a member just gets its assignment again.</li>
 *   <li>Heartbeat: keeps the session; REBALANCE_IN_PROGRESS tells the member to rejoin.</li>
 *   <li>LeaveGroup: batched (v3+), each member answered on its own, static members removable by instance id alone;
 *       leaving triggers a rebalance.</li>
 * </ul>
 *
 * Not thread-safe: coordinator thread only.
 */
final class MembershipOperations {
    private static final Logger log = LoggerFactory.getLogger(MembershipOperations.class);

    private final GroupShard shard;
    private final Rebalancer rebalancer;

    MembershipOperations(GroupShard shard, Rebalancer rebalancer) {
        this.shard = shard;
        this.rebalancer = rebalancer;
    }

    // ---- SyncGroup ----

    void sync(SyncGroupRequestData req, CompletableFuture<SyncGroupResponseData> future) {
        ClassicGroup group = shard.classicGroup(req.groupId());
        if (group == null || group.isEmpty()) {
            future.complete(error(Errors.UNKNOWN_MEMBER_ID));
            return;
        }
        Errors invalid = validateSync(group, req);
        if (invalid != Errors.NONE) {
            future.complete(error(invalid));
            return;
        }
        String memberId = req.memberId();
        switch (group.state()) {
            case PREPARING_REBALANCE -> future.complete(error(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                ClassicGroupMember member = group.member(memberId);
                if (member.isAwaitingSync() && member.awaitingSync() != future) {
                    member.awaitingSync().complete(error(Errors.REBALANCE_IN_PROGRESS));
                }
                member.setAwaitingSync(future);
                rebalancer.removePendingSyncMember(group, memberId);
                if (group.isLeader(memberId)) {
                    persistAssignment(group, req);
                }
            }
            case STABLE -> {
                rebalancer.removePendingSyncMember(group, memberId);
                future.complete(new SyncGroupResponseData()
                    .setProtocolType(group.protocolType())
                    .setProtocolName(group.protocolName())
                    .setAssignment(group.member(memberId).assignment()));
            }
            default -> throw new IllegalStateException("Unexpected state " + group.state() + " of " + group);
        }
    }

    private Errors validateSync(ClassicGroup group, SyncGroupRequestData req) {
        if (group.isInState(DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        try {
            group.validateMember(req.memberId(), req.groupInstanceId());
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        if (req.generationId() != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (inconsistent(req.protocolType(), group.protocolType())
            || inconsistent(req.protocolName(), group.protocolName())) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        return Errors.NONE;
    }

    /** SyncGroup v5+ carries the protocol type and name; older versions send null, which matches anything. */
    private static boolean inconsistent(String fromRequest, String fromGroup) {
        return fromRequest != null && fromGroup != null && !fromRequest.equals(fromGroup);
    }

    /** The leader's assignment: persist it, then hand it out and go Stable (if nothing changed meanwhile). */
    private void persistAssignment(ClassicGroup group, SyncGroupRequestData req) {
        Map<String, byte[]> assignment = new HashMap<>();
        req.assignments().forEach(a -> assignment.put(a.memberId(), a.assignment()));
        List<String> missing = new ArrayList<>();
        for (ClassicGroupMember m : group.allMembers()) {
            if (!assignment.containsKey(m.memberId())) {
                assignment.put(m.memberId(), ClassicGroupMember.EMPTY_ASSIGNMENT);
                missing.add(m.memberId());
            }
        }
        if (!missing.isEmpty()) {
            log.warn("Setting empty assignments for members {} of {} for generation {}.", missing, group.groupId(),
                group.generationId());
        }
        log.info("Assignment received from leader {} for group {} for generation {}; the group has {} members.",
            req.memberId(), group.groupId(), group.generationId(), group.numMembers());
        int generation = req.generationId();
        shard.append(List.of(shard.groupMetadataRecord(group.groupId(), group.toRecordValue(assignment))),
            (offset, error) -> {
                // Another member may have joined while the write was in flight: act only if the group is still
                // waiting for this generation's assignment.
                if (!shard.isActive() || !group.isInState(COMPLETING_REBALANCE)
                    || group.generationId() != generation) {
                    return;
                }
                if (error != Errors.NONE) {
                    rebalancer.resetAndPropagateAssignmentWithError(group, error);
                    rebalancer.maybePrepareRebalanceOrCompleteJoin(group, "Error " + error
                        + " when storing group assignment during SyncGroup (member: " + req.memberId() + ").");
                } else {
                    rebalancer.setAndPropagateAssignment(group, assignment);
                    group.transitionTo(STABLE);
                }
            });
    }

    private static SyncGroupResponseData error(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code());
    }

    // ---- Heartbeat ----

    HeartbeatResponseData heartbeat(HeartbeatRequestData req) {
        ClassicGroup group = shard.classicGroup(req.groupId());
        if (group == null) {
            return heartbeatError(Errors.UNKNOWN_MEMBER_ID);
        }
        if (group.isInState(DEAD)) {
            return heartbeatError(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        try {
            group.validateMember(req.memberId(), req.groupInstanceId());
        } catch (ApiException e) {
            return heartbeatError(Errors.forException(e));
        }
        if (req.generationId() != group.generationId()) {
            return heartbeatError(Errors.ILLEGAL_GENERATION);
        }
        switch (group.state()) {
            case PREPARING_REBALANCE -> {
                rebalancer.rescheduleHeartbeat(group, group.member(req.memberId()));
                return heartbeatError(Errors.REBALANCE_IN_PROGRESS);
            }
            case COMPLETING_REBALANCE, STABLE -> {
                // Members may heartbeat between their JoinGroup and SyncGroup responses: that keeps them alive.
                rebalancer.rescheduleHeartbeat(group, group.member(req.memberId()));
                return new HeartbeatResponseData();
            }
            default -> {
                return heartbeatError(Errors.UNKNOWN_MEMBER_ID);
            }
        }
    }

    private static HeartbeatResponseData heartbeatError(Errors error) {
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    // ---- LeaveGroup ----

    /**
     * Removes the listed members; the response lists each with its own error. Requests of v0-v2 name one member in
     * the top-level member id; the caller normalizes them to a one-member list.
     */
    LeaveGroupResponseData leave(String groupId, List<LeaveGroupRequestData.MemberIdentity> leaving) {
        ClassicGroup group = shard.classicGroup(groupId);
        if (group == null) {
            return new LeaveGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
        }
        if (group.isInState(DEAD)) {
            return new LeaveGroupResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        List<LeaveGroupResponseData.MemberResponse> responses = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (LeaveGroupRequestData.MemberIdentity m : leaving) {
            String reason = Objects.requireNonNullElse(m.reason(), "not provided");
            Errors error = leaveOne(group, m.memberId(), m.groupInstanceId(), reason);
            responses.add(new LeaveGroupResponseData.MemberResponse()
                .setMemberId(m.memberId())
                .setGroupInstanceId(m.groupInstanceId())
                .setErrorCode(error.code()));
            if (error == Errors.NONE) {
                left.add(m.memberId().isEmpty() ? m.groupInstanceId() : m.memberId());
            }
        }
        if (!left.isEmpty()) {
            String reason = "explicit `LeaveGroup` request for (" + String.join(", ", left) + ") members.";
            if (group.isInState(STABLE) || group.isInState(COMPLETING_REBALANCE)) {
                rebalancer.maybePrepareRebalanceOrCompleteJoin(group, reason);
            } else if (group.isInState(PREPARING_REBALANCE)) {
                rebalancer.maybeCompleteJoinPhase(group);
            }
        }
        return new LeaveGroupResponseData().setMembers(responses);
    }

    private Errors leaveOne(ClassicGroup group, String memberId, String instanceId, String reason) {
        if (memberId.isEmpty()) {
            // Administrative removal of a static member by its instance id alone.
            if (instanceId != null && group.hasStaticMember(instanceId)) {
                removeCurrentMember(group, group.staticMemberId(instanceId), reason);
                return Errors.NONE;
            }
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.isPendingMember(memberId)) {
            group.remove(memberId);
            shard.timers().cancel(GroupTimerKeys.heartbeatKey(group.groupId(), memberId));
            log.info("Pending member {} has left group {}; client reason: {}", memberId, group.groupId(), reason);
            return Errors.NONE;
        }
        try {
            group.validateMember(memberId, instanceId);
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        removeCurrentMember(group, memberId, reason);
        return Errors.NONE;
    }

    private void removeCurrentMember(ClassicGroup group, String memberId, String reason) {
        ClassicGroupMember member = group.member(memberId);
        shard.timers().cancel(GroupTimerKeys.heartbeatKey(group.groupId(), memberId));
        log.info("Member {} has left group {} through explicit `LeaveGroup` request; client reason: {}",
            memberId, group.groupId(), reason);
        group.completeJoinFuture(member, new JoinGroupResponseData()
            .setMemberId("").setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        group.remove(memberId);
    }
}
