package io.samsa.metadata.controller;

import io.samsa.metadata.EligibleLeaderReplicas;
import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the controller writes for one partition, as pure functions of its state, assignment and the brokers. The
 * controller's whole job per partition is here; everything else is reading, writing and bookkeeping.
 *
 * <p>{@link #reconcile}, the rule applied after every change the controller hears of (a broker gone, back or
 * bounced, a controlled-shutdown request, a new topic, a config change):
 * <ol>
 *   <li>ISR members that are no longer current are removed: dead brokers, brokers that registered after the state
 *       was written (restarted or re-registered: Kafka's bounce), and replicas no longer assigned.</li>
 *   <li>The ELR follows ({@link EligibleLeaderReplicas}); brokers that restarted uncleanly since the state was
 *       written leave it: they may have lost records.</li>
 *   <li>A partition without a current leader in the ISR gets one by the offline rule (ISR, then ELR when the ISR
 *       is empty, then the last known leader, then any replica if unclean election is allowed); with none, its
 *       leader becomes -1, and if its ISR is now empty its last leader is recorded as the last known ELR.</li>
 *   <li>A leader that is shutting down hands over by the controlled-shutdown rule, if another ISR member can
 *       lead; then the stopping brokers leave the ISR, which keeps at least the leader.</li>
 * </ol>
 * A new leader bumps the leader epoch; an ISR-only change does not. Every state written carries the writer's
 * controller epoch. Applying the rule to its own output changes nothing, so the controller can run it on every
 * partition after every event.
 */
public final class PartitionChange {
    private PartitionChange() {
    }

    /**
     * One partition's inputs.
     *
     * @param assignment      the partition's replicas (with any reassignment in progress)
     * @param current         its state and the zxid that wrote it
     * @param brokers         the brokers now
     * @param minIsr          the topic's {@code min.insync.replicas}
     * @param uncleanAllowed  the topic's {@code unclean.leader.election.enable} (or an operator's unclean election)
     * @param controllerEpoch the writer's controller epoch
     */
    public record Inputs(ReplicaAssignment assignment, Versioned<PartitionState> current, LiveBrokers brokers,
                         int minIsr, boolean uncleanAllowed, int controllerEpoch) {
    }

    /**
     * A state to write.
     *
     * @param state    the new state
     * @param election how its new leader was found by the offline rule, or null if that rule did not run
     */
    public record Outcome(PartitionState state, LeaderElection.Kind election) {
    }

    /** The reconciled state, or empty if the current one already satisfies every rule. */
    public static Optional<Outcome> reconcile(Inputs in) {
        PartitionState s = in.current().value();
        long zxid = in.current().modifiedZxid();
        LiveBrokers brokers = in.brokers();
        List<Integer> replicas = in.assignment().replicas();
        List<Integer> excluded = new ArrayList<>();
        for (Integer r : union(s.isr(), s.eligibleLeaderReplicas(), s.lastKnownElr())) {
            if (!replicas.contains(r) || brokers.restartedUncleanlySince(r, zxid)) {
                excluded.add(r);
            }
        }
        List<Integer> isr = new ArrayList<>();
        for (Integer r : s.isr()) {
            if (replicas.contains(r) && brokers.isCurrentAt(r, zxid)) {
                isr.add(r);
            }
        }
        PartitionState next = onlyReplicas(EligibleLeaderReplicas.afterIsrChange(s, isr, in.minIsr(), excluded),
            replicas);
        LeaderElection.Kind election = null;
        Set<Integer> stopping = brokers.shuttingDown();
        if (!next.hasLeader() || !isr.contains(next.leader())) {
            LeaderElection.Result result = LeaderElection.offline(replicas, isr, next.eligibleLeaderReplicas(),
                next.lastKnownElr(), brokers.canLead(), in.uncleanAllowed());
            election = result.kind();
            next = elected(next, result);
        } else if (stopping.contains(next.leader())) {
            OptionalInt successor = LeaderElection.controlledShutdown(replicas, isr, brokers.liveIds(), stopping);
            if (successor.isPresent()) {
                next = next.withNewLeader(successor.getAsInt(), next.controllerEpoch());
            }
        }
        if (next.hasLeader()) {
            List<Integer> staying = new ArrayList<>();
            for (Integer r : next.isr()) {
                if (r == next.leader() || !stopping.contains(r)) {
                    staying.add(r);
                }
            }
            if (staying.size() != next.isr().size()) {
                next = onlyReplicas(EligibleLeaderReplicas.afterIsrChange(next, staying, in.minIsr(), excluded),
                    replicas);
            }
        }
        return changed(s, lastKnownLeader(s, next), in.controllerEpoch(), election);
    }

    /**
     * Kafka 4's last known leader: recorded when the ISR becomes empty and the partition loses its leader, kept
     * while it stays leaderless, cleared once it has a leader again.
     */
    private static PartitionState lastKnownLeader(PartitionState before, PartitionState after) {
        if (after.hasLeader()) {
            return after.lastKnownElr().isEmpty() ? after : after.withElr(after.eligibleLeaderReplicas(), List.of());
        }
        if (after.isr().isEmpty() && before.hasLeader()) {
            return after.withElr(after.eligibleLeaderReplicas(), List.of(before.leader()));
        }
        return after;
    }

    private static PartitionState elected(PartitionState s, LeaderElection.Result result) {
        int leader = result.leader();
        return switch (result.kind()) {
            case ISR -> s.withNewLeader(leader, s.controllerEpoch());
            case ELR -> s.withNewLeader(leader, s.controllerEpoch()).withIsr(List.of(leader))
                .withElr(without(s.eligibleLeaderReplicas(), leader), s.lastKnownElr());
            case LAST_KNOWN_LEADER, UNCLEAN -> s.withNewLeader(leader, s.controllerEpoch()).withIsr(List.of(leader))
                .withElr(List.of(), List.of()).withLeaderRecoveryState(LeaderRecoveryState.RECOVERING);
            case NONE -> s.hasLeader() ? s.withNewLeader(PartitionState.NO_LEADER, s.controllerEpoch()) : s;
        };
    }

    /**
     * The state of a partition that has none yet (its topic was written without states): the first live replica
     * leads, and the live replicas are the ISR, as Kafka's controller initializes a new partition.
     */
    public static Optional<PartitionState> initial(ReplicaAssignment assignment, LiveBrokers brokers,
                                                   int controllerEpoch) {
        List<Integer> live = new ArrayList<>();
        for (Integer r : assignment.replicas()) {
            if (brokers.canLead().contains(r)) {
                live.add(r);
            }
        }
        return live.isEmpty() ? Optional.empty()
            : Optional.of(new PartitionState(live.get(0), 0, live, controllerEpoch));
    }

    /** The preferred replica as leader, if it can lead, is a current ISR member, and does not lead already. */
    public static Optional<PartitionState> preferred(Inputs in) {
        PartitionState s = in.current().value();
        List<Integer> replicas = in.assignment().replicas();
        OptionalInt preferred = LeaderElection.preferred(replicas, currentIsr(in), in.brokers().canLead());
        if (preferred.isEmpty() || preferred.getAsInt() == s.leader()) {
            return Optional.empty();
        }
        return Optional.of(s.withNewLeader(preferred.getAsInt(), in.controllerEpoch()));
    }

    /**
     * The state that completes a reassignment whose target replicas are all in the ISR: the leader moves into the
     * target if it must (reassignment rule), the leaving replicas leave the ISR and ELR, and the leader epoch is
     * bumped whenever replicas leave, so that they are fenced. Empty while it cannot complete.
     */
    public static Optional<PartitionState> completeReassignment(Inputs in) {
        PartitionState s = in.current().value();
        List<Integer> target = in.assignment().targetReplicas();
        if (!s.isr().containsAll(target)) {
            return Optional.empty();
        }
        int leader = s.leader();
        boolean leaderStays = target.contains(leader) && in.brokers().isCurrentAt(leader, in.current().modifiedZxid())
            && !in.brokers().shuttingDown().contains(leader);
        if (!leaderStays) {
            OptionalInt elected = LeaderElection.reassignment(target, currentIsr(in), in.brokers().canLead());
            if (elected.isEmpty()) {
                return Optional.empty();
            }
            leader = elected.getAsInt();
        }
        List<Integer> isr = new ArrayList<>(s.isr());
        isr.retainAll(target);
        PartitionState next = onlyReplicas(s.withIsr(isr), target).withControllerEpoch(in.controllerEpoch());
        if (leader != s.leader() || !in.assignment().removingReplicas().isEmpty()) {
            next = next.withNewLeader(leader, in.controllerEpoch());
        }
        return Optional.of(next);
    }

    private static List<Integer> currentIsr(Inputs in) {
        List<Integer> isr = new ArrayList<>();
        for (Integer r : in.current().value().isr()) {
            if (in.brokers().isCurrentAt(r, in.current().modifiedZxid())) {
                isr.add(r);
            }
        }
        return isr;
    }

    private static Optional<Outcome> changed(PartitionState before, PartitionState after, int controllerEpoch,
                                             LeaderElection.Kind election) {
        PartitionState written = after.withControllerEpoch(controllerEpoch);
        if (written.equals(before.withControllerEpoch(controllerEpoch))) {
            return Optional.empty();
        }
        return Optional.of(new Outcome(written, election));
    }

    private static PartitionState onlyReplicas(PartitionState s, List<Integer> replicas) {
        List<Integer> elr = new ArrayList<>(s.eligibleLeaderReplicas());
        elr.retainAll(replicas);
        List<Integer> lastKnown = new ArrayList<>(s.lastKnownElr());
        lastKnown.retainAll(replicas);
        return s.withElr(elr, lastKnown);
    }

    private static List<Integer> without(List<Integer> list, int removed) {
        List<Integer> out = new ArrayList<>(list);
        out.remove(Integer.valueOf(removed));
        return out;
    }

    private static Set<Integer> union(List<Integer> a, List<Integer> b, List<Integer> c) {
        TreeSet<Integer> out = new TreeSet<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }
}
