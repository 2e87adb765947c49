package io.samsa.coordinator.group;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Reconciliation: moves one member from its current assignment towards its target, never giving it a partition that
 * another member still owns (Kafka's CurrentAssignmentBuilder).
 *
 * <ul>
 *   <li>Stable at the target epoch: nothing to do.</li>
 *   <li>Stable at an older epoch, or UnreleasedPartitions: recompute. Owned partitions not in the target must be
 *       revoked first: the member stays at its epoch in UnrevokedPartitions with them pending revocation. Otherwise
 *       it moves to the target epoch and gets the free target partitions; if some target partitions are still owned
 *       by others, it is UnreleasedPartitions (it gets them on a later heartbeat, once they are released), else
 *       Stable.</li>
 *   <li>UnrevokedPartitions: waits until a heartbeat reports owned partitions without the revoked ones (a heartbeat
 *       without owned partitions counts as still owning them), then moves one epoch on and recomputes.</li>
 * </ul>
 *
 * Worked example: A owns {0,1,2,3} at epoch 1; B joins, target epoch 2 gives A {0,1} and B {2,3}. B's heartbeat:
 * 2 and 3 are owned by A, so B is UnreleasedPartitions at epoch 2 with nothing. A's heartbeat: A is UnrevokedPartitions
 * at epoch 1 with {0,1} assigned and {2,3} pending revocation. A's next heartbeat owning {0,1}: A is Stable at epoch 2.
 * B's next heartbeat: 2 and 3 are free, B is Stable at epoch 2 with {2,3}. Stateless.
 */
final class CurrentAssignmentBuilder {
    private CurrentAssignmentBuilder() {
    }

    /**
     * Reconciles {@code member} in place; true if its epoch, state or partitions changed.
     *
     * @param owned  the partitions the member's heartbeat reported (null: not reported)
     * @param owners topic id → partition → owning member id, before this reconciliation
     */
    static boolean reconcile(ConsumerGroupMember member, int targetEpoch, Map<Uuid, Set<Integer>> target,
                             Map<Uuid, Set<Integer>> owned, Map<Uuid, Map<Integer, String>> owners) {
        int epochBefore = member.memberEpoch();
        ConsumerMemberState stateBefore = member.state();
        Map<Uuid, Set<Integer>> assignedBefore = member.assignedPartitions();
        Map<Uuid, Set<Integer>> revokingBefore = member.partitionsPendingRevocation();
        switch (member.state()) {
            case STABLE -> {
                if (member.memberEpoch() != targetEpoch) {
                    computeNext(member, member.memberEpoch(), targetEpoch, target, owned, owners);
                }
            }
            case UNREVOKED_PARTITIONS -> {
                if (!Assignments.ownsAnyOf(owned, member.partitionsPendingRevocation())) {
                    computeNext(member, Math.min(member.memberEpoch() + 1, targetEpoch), targetEpoch, target, owned,
                        owners);
                }
            }
            default -> computeNext(member, member.memberEpoch(), targetEpoch, target, owned, owners);
        }
        return epochBefore != member.memberEpoch() || stateBefore != member.state()
            || !assignedBefore.equals(member.assignedPartitions())
            || !revokingBefore.equals(member.partitionsPendingRevocation());
    }

    private static void computeNext(ConsumerGroupMember member, int memberEpoch, int targetEpoch,
                                    Map<Uuid, Set<Integer>> target, Map<Uuid, Set<Integer>> owned,
                                    Map<Uuid, Map<Integer, String>> owners) {
        Map<Uuid, Set<Integer>> current = member.assignedPartitions();
        Map<Uuid, Set<Integer>> newAssigned = new HashMap<>();
        Map<Uuid, Set<Integer>> pendingRevocation = new HashMap<>();
        Map<Uuid, Set<Integer>> pendingAssignment = new HashMap<>();
        boolean unreleased = false;
        Set<Uuid> topics = new HashSet<>(target.keySet());
        topics.addAll(current.keySet());
        for (Uuid topic : topics) {
            Set<Integer> targetPs = target.getOrDefault(topic, Set.of());
            Set<Integer> currentPs = current.getOrDefault(topic, Set.of());
            Set<Integer> kept = new TreeSet<>(currentPs);
            kept.retainAll(targetPs);
            Set<Integer> revoke = new TreeSet<>(currentPs);
            revoke.removeAll(kept);
            Set<Integer> assign = new TreeSet<>(targetPs);
            assign.removeAll(kept);
            Map<Integer, String> topicOwners = owners.getOrDefault(topic, Map.of());
            // A partition is unreleased while another member owns it; our own partitions pending revocation that are
            // back in our target are ours to keep.
            unreleased |= assign.removeIf(p -> {
                String owner = topicOwners.get(p);
                return owner != null && !owner.equals(member.memberId());
            });
            put(newAssigned, topic, kept);
            put(pendingRevocation, topic, revoke);
            put(pendingAssignment, topic, assign);
        }
        if (!pendingRevocation.isEmpty() && Assignments.ownsAnyOf(owned, pendingRevocation)) {
            member.updateMemberEpoch(memberEpoch);
            member.setReconciliation(ConsumerMemberState.UNREVOKED_PARTITIONS, newAssigned, pendingRevocation);
        } else {
            pendingAssignment.forEach((topic, ps) -> newAssigned.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(ps));
            member.updateMemberEpoch(targetEpoch);
            member.setReconciliation(unreleased ? ConsumerMemberState.UNRELEASED_PARTITIONS
                : ConsumerMemberState.STABLE, newAssigned, Map.of());
        }
    }

    private static void put(Map<Uuid, Set<Integer>> m, Uuid topic, Set<Integer> ps) {
        if (!ps.isEmpty()) {
            m.put(topic, ps);
        }
    }
}
