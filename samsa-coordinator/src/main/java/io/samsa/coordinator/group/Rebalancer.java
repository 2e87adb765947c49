package io.samsa.coordinator.group;

import io.samsa.coordinator.runtime.CoordinatorTimers;
import static io.samsa.coordinator.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.DEAD;
import static io.samsa.coordinator.group.ClassicGroupState.EMPTY;
import static io.samsa.coordinator.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transitions of the classic group state machine and the timeouts that drive them, as Kafka runs them:
 *
 * <ul>
 *   <li>A rebalance starts (PreparingRebalance) when a member joins, leaves, changes its metadata, the leader rejoins
 *       or a session expires. Members parked in SyncGroup are told REBALANCE_IN_PROGRESS.</li>
 *   <li>The join phase completes when every member has rejoined, or after the rebalance timeout (the largest of the
 *       members'), dropping the dynamic members that did not rejoin. A group coming from Empty waits
 *       {@code group.initial.rebalance.delay.ms} first, extended by the same delay each time a member joins,
 *       up to the rebalance timeout, so that a starting fleet of consumers lands in one generation.</li>
 *   <li>Completing the join bumps the generation and answers every JoinGroup (the leader gets the members); with no
 *       member left the group becomes Empty and that is persisted.</li>
 *   <li>After the join, members have the rebalance timeout to send SyncGroup, or are removed (pending sync).</li>
 *   <li>A member whose session expires (no heartbeat, join or sync within its session timeout; a new member's join
 *       within 5 minutes) is removed.</li>
 * </ul>
 *
 * Not thread-safe: coordinator thread only.
 */
final class Rebalancer {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);

    private final GroupShard shard;
    private final CoordinatorTimers timers;

    Rebalancer(GroupShard shard) {
        this.shard = shard;
        this.timers = shard.timers();
    }

    // ---- starting and completing the join phase ----

    void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.isInState(COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentWithError(group, Errors.REBALANCE_IN_PROGRESS);
        }
        removeSyncExpiration(group);
        boolean initialRebalance = group.isInState(EMPTY);
        if (initialRebalance) {
            int delayMs = shard.config().groupInitialRebalanceDelayMs();
            int remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
            String groupId = group.groupId();
            timers.schedule(GroupTimerKeys.joinKey(groupId), delayMs,
                () -> tryCompleteInitialRebalanceElseSchedule(groupId, delayMs, remainingMs));
        }
        group.transitionTo(PREPARING_REBALANCE);
        log.info("Preparing to rebalance group {} with old generation {} (reason: {}).",
            group.groupId(), group.generationId(), reason);
        if (!initialRebalance) {
            maybeCompleteJoinElseSchedule(group);
        }
    }

    /** Completes the join phase if every member rejoined, except during the initial delay of a group from Empty. */
    void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.isInState(PREPARING_REBALANCE) && group.previousState() != EMPTY && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    private void maybeCompleteJoinElseSchedule(ClassicGroup group) {
        if (group.hasAllMembersJoined()) {
            completeJoin(group);
        } else {
            String groupId = group.groupId();
            timers.schedule(GroupTimerKeys.joinKey(groupId), group.rebalanceTimeoutMs(),
                () -> completeJoin(groupId));
        }
    }

    private void tryCompleteInitialRebalanceElseSchedule(String groupId, int delayMs, int remainingMs) {
        ClassicGroup group = shard.classicGroup(groupId);
        if (group == null) {
            return;
        }
        if (group.newMemberAdded() && remainingMs != 0) {
            group.setNewMemberAdded(false);
            int newDelayMs = Math.min(shard.config().groupInitialRebalanceDelayMs(), remainingMs);
            int newRemainingMs = Math.max(remainingMs - delayMs, 0);
            timers.schedule(GroupTimerKeys.joinKey(groupId), newDelayMs,
                () -> tryCompleteInitialRebalanceElseSchedule(groupId, newDelayMs, newRemainingMs));
        } else {
            completeJoin(group);
        }
    }

    private void completeJoin(String groupId) {
        ClassicGroup group = shard.classicGroup(groupId);
        if (group != null) {
            completeJoin(group);
        }
    }

    /**
     * Ends the join phase: drops the dynamic members that did not rejoin, then moves to the next generation and
     * answers every parked JoinGroup, or (no member rejoined) waits one more rebalance timeout for sessions to
     * expire, or (no member left) becomes Empty and persists that.
     */
    void completeJoin(ClassicGroup group) {
        String groupId = group.groupId();
        timers.cancel(GroupTimerKeys.joinKey(groupId));
        if (!group.isInState(PREPARING_REBALANCE)) {
            return;
        }
        List<String> dropped = new ArrayList<>();
        for (ClassicGroupMember m : group.notYetRejoinedMembers().values()) {
            if (!m.isStaticMember()) {
                group.remove(m.memberId());
                timers.cancel(GroupTimerKeys.heartbeatKey(groupId, m.memberId()));
                dropped.add(m.memberId());
            }
        }
        if (!dropped.isEmpty()) {
            log.info("Group {} removed dynamic members who did not rejoin: {}", groupId, dropped);
        }
        if (!group.maybeElectNewJoinedLeader() && group.numMembers() > 0) {
            log.error("Group {} could not complete rebalance because no members rejoined.", groupId);
            timers.schedule(GroupTimerKeys.joinKey(groupId), group.rebalanceTimeoutMs(), () -> completeJoin(groupId));
            return;
        }
        group.initNextGeneration();
        if (group.isInState(EMPTY)) {
            log.info("Group {} with generation {} is now empty.", groupId, group.generationId());
            // Failing to persist the empty generation is safe: after a reload the previous generation's members
            // simply time out.
            shard.append(List.of(shard.groupMetadataRecord(groupId, group.toRecordValue(Map.of()))),
                (offset, error) -> {
                    if (error != Errors.NONE) {
                        log.warn("Failed to write empty metadata for group {}: {}", groupId, error);
                    }
                });
            return;
        }
        log.info("Stabilized group {} generation {} with {} members.", groupId, group.generationId(),
            group.numMembers());
        for (ClassicGroupMember member : List.copyOf(group.allMembers())) {
            JoinGroupResponseData response = new JoinGroupResponseData()
                .setMembers(group.isLeader(member.memberId()) ? group.joinResponseMembers() : List.of())
                .setMemberId(member.memberId())
                .setGenerationId(group.generationId())
                .setProtocolName(group.protocolName())
                .setProtocolType(group.protocolType())
                .setLeader(group.leaderOrNull())
                .setSkipAssignment(false);
            group.completeJoinFuture(member, response);
            rescheduleHeartbeat(group, member);
            member.setNew(false);
            group.addPendingSyncMember(member.memberId());
        }
        schedulePendingSync(group);
    }

    // ---- sync phase ----

    private void schedulePendingSync(ClassicGroup group) {
        String groupId = group.groupId();
        int generation = group.generationId();
        timers.schedule(GroupTimerKeys.syncKey(groupId), group.rebalanceTimeoutMs(),
            () -> expirePendingSync(groupId, generation));
    }

    private void expirePendingSync(String groupId, int generation) {
        ClassicGroup group = shard.classicGroup(groupId);
        if (group == null || group.generationId() != generation) {
            return;
        }
        if ((group.isInState(COMPLETING_REBALANCE) || group.isInState(STABLE))
            && !group.pendingSyncMembers().isEmpty()) {
            List<String> pending = List.copyOf(group.pendingSyncMembers());
            for (String memberId : pending) {
                group.remove(memberId);
                timers.cancel(GroupTimerKeys.heartbeatKey(groupId, memberId));
            }
            prepareRebalance(group, "Removing " + pending + " on pending sync request expiration");
        }
    }

    void removePendingSyncMember(ClassicGroup group, String memberId) {
        group.removePendingSyncMember(memberId);
        boolean syncing = group.isInState(COMPLETING_REBALANCE) || group.isInState(STABLE);
        if (!syncing || group.pendingSyncMembers().isEmpty()) {
            timers.cancel(GroupTimerKeys.syncKey(group.groupId()));
        }
    }

    private void removeSyncExpiration(ClassicGroup group) {
        group.clearPendingSyncMembers();
        timers.cancel(GroupTimerKeys.syncKey(group.groupId()));
    }

    void resetAndPropagateAssignmentWithError(ClassicGroup group, Errors error) {
        if (!group.isInState(COMPLETING_REBALANCE)) {
            throw new IllegalStateException("Group " + group.groupId() + " must be in " + COMPLETING_REBALANCE
                + " to reset its assignment but is in " + group.state());
        }
        group.allMembers().forEach(m -> m.setAssignment(ClassicGroupMember.EMPTY_ASSIGNMENT));
        propagateAssignment(group, error);
    }

    void setAndPropagateAssignment(ClassicGroup group, Map<String, byte[]> assignment) {
        if (!group.isInState(COMPLETING_REBALANCE)) {
            throw new IllegalStateException("Group " + group.groupId() + " must be in " + COMPLETING_REBALANCE
                + " to set its assignment but is in " + group.state());
        }
        group.allMembers().forEach(m ->
            m.setAssignment(assignment.getOrDefault(m.memberId(), ClassicGroupMember.EMPTY_ASSIGNMENT)));
        propagateAssignment(group, Errors.NONE);
    }

    private void propagateAssignment(ClassicGroup group, Errors error) {
        boolean ok = error == Errors.NONE;
        for (ClassicGroupMember m : group.allMembers()) {
            SyncGroupResponseData response = new SyncGroupResponseData()
                .setProtocolType(ok ? group.protocolType() : null)
                .setProtocolName(ok ? group.protocolName() : null)
                .setAssignment(m.assignment())
                .setErrorCode(error.code());
            if (group.completeSyncFuture(m, response)) {
                // Sessions that expired while the member was parked were ignored; its deadline starts again now.
                rescheduleHeartbeat(group, m);
            }
        }
    }

    // ---- sessions ----

    void rescheduleHeartbeat(ClassicGroup group, ClassicGroupMember member) {
        rescheduleHeartbeat(group, member.memberId(), member.sessionTimeoutMs());
    }

    void rescheduleHeartbeat(ClassicGroup group, String memberId, long timeoutMs) {
        String groupId = group.groupId();
        timers.schedule(GroupTimerKeys.heartbeatKey(groupId, memberId), timeoutMs,
            () -> expireHeartbeat(groupId, memberId));
    }

    private void expireHeartbeat(String groupId, String memberId) {
        ClassicGroup group = shard.classicGroup(groupId);
        if (group == null || group.isInState(DEAD)) {
            return;
        }
        if (group.isPendingMember(memberId)) {
            log.info("Pending member {} in group {} has been removed after session timeout expiration.",
                memberId, groupId);
            group.remove(memberId);
            if (group.isInState(PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
                completeJoin(group);
            }
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        if (member != null && !member.hasSatisfiedHeartbeat()) {
            log.info("Member {} in group {} has failed, removing it from the group.", memberId, groupId);
            removeMemberAndUpdateGroup(group, member, "removing member " + memberId + " on heartbeat expiration.");
        }
    }

    /** Removes a member whose session ended and rebalances (or finishes the join phase without it). */
    void removeMemberAndUpdateGroup(ClassicGroup group, ClassicGroupMember member, String reason) {
        // A new member may expire while its JoinGroup is parked: answer it so that a still-alive client rejoins.
        group.completeJoinFuture(member, new JoinGroupResponseData()
            .setMemberId("").setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        group.remove(member.memberId());
        if (group.isInState(STABLE) || group.isInState(COMPLETING_REBALANCE)) {
            maybePrepareRebalanceOrCompleteJoin(group, reason);
        } else if (group.isInState(PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }
}
