package io.samsa.coordinator.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ConsumerGroupHeartbeat (KIP-848), following Kafka 4.1:
 *
 * <ul>
 *   <li>Epoch 0 joins (creating the group, or replacing an Empty classic group); a member id already in the group
 *       rejoins (a fenced member does so with its own id, KAFKA-19233). Other epochs must match the member's, or be its
 *       previous epoch with owned partitions within its assignment (the response with the bump was lost); otherwise
 *       FENCED_MEMBER_EPOCH.</li>
 *   <li>Epoch -1 leaves; epoch -2 is a static member leaving temporarily: it keeps its assignment until its session
 *       expires, and a new incarnation with the same {@code group.instance.id} takes it over without a rebalance.</li>
 *   <li>A new member, a changed subscription (names, regex, server assignor) or changed subscribed topics bump the
 *       group epoch and a new target assignment is computed at once; then the member is reconciled
 *       ({@link CurrentAssignmentBuilder}).</li>
 *   <li>The response carries the member epoch, the heartbeat interval and, when it changed (or the request was a
 *       full one), the member's assignment by topic id.</li>
 * </ul>
 *
 * A classic group that has members is not converted (Kafka's online upgrade is not implemented): a consumer-protocol
 * member gets GROUP_ID_NOT_FOUND. Not thread-safe: coordinator thread only.
 */
final class ConsumerGroupHeartbeatOperation {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupHeartbeatOperation.class);

    private final GroupShard shard;
    private final ConsumerGroupRebalancer rebalancer;

    ConsumerGroupHeartbeatOperation(GroupShard shard, ConsumerGroupRebalancer rebalancer) {
        this.shard = shard;
        this.rebalancer = rebalancer;
    }

    void heartbeat(RequestContext ctx, ConsumerGroupHeartbeatRequestData req,
                   CompletableFuture<ConsumerGroupHeartbeatResponseData> future) {
        List<SimpleRecord> records = new ArrayList<>();
        ConsumerGroupHeartbeatResponseData response;
        try {
            response = req.memberEpoch() < 0 ? leave(req, records) : join(ctx, req, records);
        } catch (ApiException e) {
            future.complete(error(e));
            return;
        }
        if (records.isEmpty()) {
            future.complete(response);
            return;
        }
        shard.append(records, (lastOffset, error) -> future.complete(error == Errors.NONE ? response
            : new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code())));
    }

    static ConsumerGroupHeartbeatResponseData error(ApiException e) {
        Errors error = Errors.forException(e);
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()).setErrorMessage(e.getMessage());
    }

    // ---- join and heartbeat ----

    private ConsumerGroupHeartbeatResponseData join(RequestContext ctx, ConsumerGroupHeartbeatRequestData req,
                                                   List<SimpleRecord> records) {
        String groupId = req.groupId();
        int epoch = req.memberEpoch();
        ConsumerGroup group = groupForHeartbeat(groupId, epoch, records);
        String memberId = req.memberId() == null || req.memberId().isEmpty() ? Uuid.randomUuid().toString()
            : req.memberId(); // v0 lets the coordinator choose the id.
        int maxSize = rebalancer.config().maxSize();
        if (group.numMembers() >= maxSize && !group.hasMember(memberId)) {
            throw new GroupMaxSizeReachedException("The consumer group has reached its maximum capacity of "
                + maxSize + " members.");
        }
        Map<Uuid, Set<Integer>> owned = Assignments.fromRequest(req.topicPartitions());
        ConsumerGroupMember member = memberForHeartbeat(group, memberId, req, owned, records);
        boolean isNew = !group.hasMember(memberId);

        // The member's metadata and subscription.
        var metadataBefore = isNew ? null : member.toMetadataValue();
        member.setClient(ctx.clientId(), ctx.clientHost());
        if (req.instanceId() != null) {
            member.setInstanceId(req.instanceId());
        }
        if (req.rackId() != null) {
            member.setRackId(req.rackId());
        }
        if (req.rebalanceTimeoutMs() != -1) {
            member.setRebalanceTimeoutMs(req.rebalanceTimeoutMs());
        }
        if (req.subscribedTopicNames() != null) {
            member.setSubscribedTopicNames(req.subscribedTopicNames());
        }
        if (req.subscribedTopicRegex() != null) {
            member.setSubscribedTopicRegex(req.subscribedTopicRegex());
        }
        if (req.serverAssignor() != null) {
            member.setServerAssignor(req.serverAssignor());
        }
        var metadataAfter = member.toMetadataValue();
        boolean subscriptionChanged = metadataBefore == null
            || !metadataBefore.subscribedTopicNames().equals(metadataAfter.subscribedTopicNames())
            || !java.util.Objects.equals(metadataBefore.subscribedTopicRegex(), metadataAfter.subscribedTopicRegex())
            || !java.util.Objects.equals(metadataBefore.serverAssignor(), metadataAfter.serverAssignor());
        if (!metadataAfter.equals(metadataBefore)) {
            records.add(rebalancer.memberMetadataRecord(group, member));
        }
        group.putMember(member);
        if (shard.group(groupId) != group) {
            shard.addGroup(group);
        }

        boolean metadataChanged = rebalancer.refreshSubscriptions(group, records);
        if (isNew || subscriptionChanged || metadataChanged) {
            rebalancer.bumpGroupEpoch(group, records);
            log.info("[GroupId {}] Member {} {}; group epoch is now {}", groupId, memberId,
                isNew ? "joined" : "changed its subscription", group.groupEpoch());
        }
        rebalancer.maybeComputeTargetAssignment(group, records);

        // Reconciliation.
        Map<Uuid, Set<Integer>> assignedBefore = member.assignedPartitions();
        boolean reconciled = CurrentAssignmentBuilder.reconcile(member, group.assignmentEpoch(),
            group.targetAssignment(memberId), owned, group.partitionOwners());
        if (reconciled || isNew) {
            records.add(rebalancer.currentAssignmentRecord(group, member));
        }
        rebalancer.scheduleSessionTimeout(group, memberId);
        rebalancer.maybeScheduleRebalanceTimeout(group, member, reconciled);

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
            .setMemberId(memberId)
            .setMemberEpoch(member.memberEpoch())
            .setHeartbeatIntervalMs(rebalancer.config().heartbeatIntervalMs());
        boolean fullRequest = req.rebalanceTimeoutMs() != -1
            && (req.subscribedTopicNames() != null || req.subscribedTopicRegex() != null)
            && req.topicPartitions() != null;
        if (epoch == 0 || fullRequest || !assignedBefore.equals(member.assignedPartitions())) {
            response.setAssignment(Assignments.toResponse(member.assignedPartitions()));
        }
        return response;
    }

    /** The consumer group a heartbeat of this epoch addresses, created (in memory only) for a join. */
    private ConsumerGroup groupForHeartbeat(String groupId, int epoch, List<SimpleRecord> records) {
        Group existing = shard.group(groupId);
        if (existing == null) {
            if (epoch != 0) {
                throw new GroupIdNotFoundException("Consumer group " + groupId + " not found.");
            }
            return new ConsumerGroup(groupId);
        }
        if (existing.isDead()) {
            throw new CoordinatorNotAvailableException("Group " + groupId + " is being deleted or unloaded.");
        }
        if (existing instanceof ConsumerGroup g) {
            return g;
        }
        if (epoch != 0) {
            throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
        }
        ClassicGroup classic = (ClassicGroup) existing;
        if (!classic.isEmpty() || classic.hasPendingMembers()) {
            throw new GroupIdNotFoundException("Cannot upgrade classic group " + groupId
                + " to consumer group because online upgrade is not supported.");
        }
        // An Empty classic group (maybe just holding offsets) becomes a consumer group, as in Kafka; offsets stay.
        records.addAll(classic.tombstoneKeys().stream().map(shard::tombstone).toList());
        log.info("[GroupId {}] Converted the empty classic group to a consumer group.", groupId);
        return new ConsumerGroup(groupId);
    }

    private ConsumerGroupMember memberForHeartbeat(ConsumerGroup group, String memberId,
                                                   ConsumerGroupHeartbeatRequestData req,
                                                   Map<Uuid, Set<Integer>> owned, List<SimpleRecord> records) {
        int epoch = req.memberEpoch();
        String instanceId = req.instanceId();
        if (instanceId == null) {
            ConsumerGroupMember member = group.member(memberId);
            if (member == null) {
                if (epoch != 0) {
                    throw new UnknownMemberIdException("Member " + memberId + " is not a member of group "
                        + group.groupId() + ".");
                }
                return new ConsumerGroupMember(memberId);
            }
            validateEpoch(member, epoch, owned);
            return member;
        }
        ConsumerGroupMember existing = group.staticMember(instanceId);
        if (epoch != 0) {
            if (existing == null) {
                throw new UnknownMemberIdException("Instance id " + instanceId + " is unknown.");
            }
            if (!existing.memberId().equals(memberId)) {
                throw new FencedInstanceIdException("Static member " + memberId + " with instance id " + instanceId
                    + " was fenced by member " + existing.memberId() + ".");
            }
            validateEpoch(existing, epoch, owned);
            return existing;
        }
        if (existing == null) {
            ConsumerGroupMember member = group.member(memberId);
            return member != null ? member : new ConsumerGroupMember(memberId);
        }
        if (existing.memberId().equals(memberId)) {
            return existing; // The same incarnation rejoins.
        }
        if (existing.memberEpoch() != ConsumerGroupMember.LEAVE_GROUP_STATIC_EPOCH) {
            throw new UnreleasedInstanceIdException("Static member " + memberId + " with instance id " + instanceId
                + " cannot join the group because the instance id is owned by " + existing.memberId() + " member.");
        }
        // A new incarnation of a static member that left temporarily: it takes over the previous one's epoch,
        // assignment and target, without a rebalance.
        ConsumerGroupMember replacement = existing.withMemberId(memberId);
        Map<Uuid, Set<Integer>> target = group.targetAssignment(existing.memberId());
        rebalancer.cancelTimers(group, existing.memberId());
        rebalancer.addMemberTombstones(group, existing.memberId(), records);
        group.removeMember(existing.memberId());
        group.putMember(replacement);
        group.setTargetAssignment(memberId, target);
        records.add(rebalancer.memberMetadataRecord(group, replacement));
        records.add(rebalancer.targetAssignmentRecord(group, memberId));
        records.add(rebalancer.currentAssignmentRecord(group, replacement));
        log.info("[GroupId {}] Static member {} with instance id {} replaces member {}", group.groupId(), memberId,
            instanceId, existing.memberId());
        return replacement;
    }

    /**
     * Kafka's rule: a member may send its current epoch, or its previous one if it owns only partitions of its current
     * assignment (the response with the bumped epoch was lost). Epoch 0 (a rejoin) is always accepted.
     */
    private static void validateEpoch(ConsumerGroupMember member, int received, Map<Uuid, Set<Integer>> owned) {
        if (received == 0) {
            return;
        }
        if (received > member.memberEpoch()) {
            throw new FencedMemberEpochException("The consumer group member has a greater member epoch (" + received
                + ") than the one known by the group coordinator (" + member.memberEpoch()
                + "). The member must abandon all its partitions and rejoin.");
        }
        if (received < member.memberEpoch()
            && (received != member.previousMemberEpoch() || !Assignments.isSubset(owned, member.assignedPartitions()))) {
            throw new FencedMemberEpochException("The consumer group member has a smaller member epoch (" + received
                + ") than the one known by the group coordinator (" + member.memberEpoch()
                + "). The member must abandon all its partitions and rejoin.");
        }
    }

    // ---- leave ----

    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroupHeartbeatRequestData req,
                                                    List<SimpleRecord> records) {
        String groupId = req.groupId();
        Group existing = shard.group(groupId);
        if (!(existing instanceof ConsumerGroup group)) {
            throw new GroupIdNotFoundException(existing == null ? "Consumer group " + groupId + " not found."
                : "Group " + groupId + " is not a consumer group.");
        }
        if (group.isDead()) {
            throw new CoordinatorNotAvailableException("Group " + groupId + " is being deleted or unloaded.");
        }
        ConsumerGroupMember member;
        if (req.instanceId() != null) {
            member = group.staticMember(req.instanceId());
            if (member == null) {
                throw new UnknownMemberIdException("Instance id " + req.instanceId() + " is unknown.");
            }
            if (!member.memberId().equals(req.memberId())) {
                throw new FencedInstanceIdException("Static member " + req.memberId() + " with instance id "
                    + req.instanceId() + " was fenced by member " + member.memberId() + ".");
            }
        } else {
            member = group.member(req.memberId());
            if (member == null) {
                throw new UnknownMemberIdException("Member " + req.memberId() + " is not a member of group "
                    + groupId + ".");
            }
        }
        if (req.memberEpoch() == ConsumerGroupMember.LEAVE_GROUP_STATIC_EPOCH) {
            // Keeps its partitions (nobody else gets them) until it comes back or its session expires.
            member.updateMemberEpoch(ConsumerGroupMember.LEAVE_GROUP_STATIC_EPOCH);
            records.add(rebalancer.currentAssignmentRecord(group, member));
            rebalancer.scheduleSessionTimeout(group, member.memberId());
            log.info("[GroupId {}] Static member {} with instance id {} left temporarily", groupId, member.memberId(),
                member.instanceId());
        } else {
            rebalancer.removeMember(group, member, records);
            log.info("[GroupId {}] Member {} left the consumer group", groupId, member.memberId());
        }
        return new ConsumerGroupHeartbeatResponseData()
            .setMemberId(req.memberId())
            .setMemberEpoch(req.memberEpoch());
    }
}
