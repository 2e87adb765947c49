package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The per-partition rule. States were last written at zxid 100; brokers registered at zxid 10 are current, those
 * registered later (epoch 200) restarted since.
 */
class PartitionChangeTest {
    private static final ReplicaAssignment ABC = ReplicaAssignment.of(List.of(1, 2, 3));
    private static final int EPOCH = 7;

    private static LiveBrokers brokers(Map<Integer, Long> epochs, Set<Integer> unclean, Set<Integer> stopping) {
        TreeMap<Integer, BrokerRegistration> live = new TreeMap<>();
        epochs.forEach((id, epoch) -> live.put(id, new BrokerRegistration(id, "h" + id, 9092, null)
            .withCleanStart(!unclean.contains(id)).withEpoch(epoch)));
        return new LiveBrokers(live, stopping);
    }

    private static LiveBrokers current(Integer... ids) {
        Map<Integer, Long> epochs = new TreeMap<>();
        for (Integer id : ids) {
            epochs.put(id, 10L);
        }
        return brokers(epochs, Set.of(), Set.of());
    }

    private static PartitionChange.Inputs inputs(PartitionState state, LiveBrokers brokers, int minIsr,
                                                 boolean unclean) {
        return new PartitionChange.Inputs(ABC, new Versioned<>(state, 4, 100), brokers, minIsr, unclean, EPOCH);
    }

    private static PartitionState reconciled(PartitionState state, LiveBrokers brokers, int minIsr) {
        return PartitionChange.reconcile(inputs(state, brokers, minIsr, false)).orElseThrow().state();
    }

    @Test
    void nothingToDoWhenEveryoneIsCurrent() {
        assertThat(PartitionChange.reconcile(inputs(new PartitionState(1, 3, List.of(1, 2, 3), 2),
            current(1, 2, 3), 2, false))).isEmpty();
    }

    @Test
    void aDeadFollowerLeavesTheIsrWithoutALeaderEpochBump() {
        PartitionState next = reconciled(new PartitionState(1, 3, List.of(1, 2, 3), 2), current(1, 2), 2);
        assertThat(next.leader()).isEqualTo(1);
        assertThat(next.leaderEpoch()).isEqualTo(3);
        assertThat(next.isr()).containsExactly(1, 2);
        assertThat(next.controllerEpoch()).isEqualTo(EPOCH);
        assertThat(next.eligibleLeaderReplicas()).isEmpty();
    }

    @Test
    void aDeadLeaderIsReplacedFromTheIsrAndTheElrKeepsItWhenBelowTheMinimum() {
        PartitionChange.Outcome outcome = PartitionChange.reconcile(
            inputs(new PartitionState(1, 3, List.of(1, 2), 2), current(2, 3), 2, false)).orElseThrow();
        assertThat(outcome.election()).isEqualTo(LeaderElection.Kind.ISR);
        assertThat(outcome.state().leader()).isEqualTo(2);
        assertThat(outcome.state().leaderEpoch()).isEqualTo(4);
        assertThat(outcome.state().isr()).containsExactly(2);
        assertThat(outcome.state().eligibleLeaderReplicas()).containsExactly(1);
    }

    @Test
    void withNoEligibleLeaderThePartitionHasNoneAndTheLastMemberWaitsInTheElr() {
        PartitionState next = reconciled(new PartitionState(1, 3, List.of(1), 2), current(2, 3), 2);
        assertThat(next.leader()).isEqualTo(PartitionState.NO_LEADER);
        assertThat(next.leaderEpoch()).as("losing the leader is a leader change").isEqualTo(4);
        assertThat(next.isr()).isEmpty();
        assertThat(next.eligibleLeaderReplicas()).containsExactly(1);
        assertThat(next.lastKnownElr()).as("the last leader").containsExactly(1);
        assertThat(PartitionChange.reconcile(inputs(next, current(2, 3), 2, false))).as("stable").isEmpty();
    }

    @Test
    void theLastLeaderLeadsAgainAfterAnUncleanRestartWhenNothingBetterExists() {
        // A single replica: it died (ISR [] , ELR [1], last leader 1), then came back after kill -9.
        ReplicaAssignment single = ReplicaAssignment.of(List.of(1));
        PartitionState offline = new PartitionState(-1, 4, List.of(), 2).withElr(List.of(1), List.of(1));
        LiveBrokers back = brokers(Map.of(1, 200L), Set.of(1), Set.of());
        PartitionChange.Outcome outcome = PartitionChange.reconcile(new PartitionChange.Inputs(single,
            new Versioned<>(offline, 4, 100), back, 1, false, EPOCH)).orElseThrow();
        assertThat(outcome.election()).isEqualTo(LeaderElection.Kind.LAST_KNOWN_LEADER);
        assertThat(outcome.state().leader()).isEqualTo(1);
        assertThat(outcome.state().isr()).containsExactly(1);
        assertThat(outcome.state().leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERING);
        assertThat(outcome.state().lastKnownElr()).isEmpty();
    }

    @Test
    void theElrMemberIsElectedWhenItReturnsAfterACleanShutdown() {
        PartitionState offline = new PartitionState(-1, 4, List.of(), 2).withElr(List.of(1), List.of());
        LiveBrokers back = brokers(Map.of(1, 200L, 2, 10L), Set.of(), Set.of());
        PartitionChange.Outcome outcome = PartitionChange.reconcile(inputs(offline, back, 2, false)).orElseThrow();
        assertThat(outcome.election()).isEqualTo(LeaderElection.Kind.ELR);
        assertThat(outcome.state().leader()).isEqualTo(1);
        assertThat(outcome.state().leaderEpoch()).isEqualTo(5);
        assertThat(outcome.state().isr()).containsExactly(1);
        assertThat(outcome.state().eligibleLeaderReplicas()).isEmpty();
    }

    @Test
    void anUncleanRestartCostsTheElrMembershipAndLeavesThePartitionOffline() {
        PartitionState offline = new PartitionState(-1, 4, List.of(), 2).withElr(List.of(1), List.of());
        LiveBrokers back = brokers(Map.of(1, 200L, 2, 10L), Set.of(1), Set.of());
        PartitionState next = reconciled(offline.withElr(List.of(1, 3), List.of(3)), back, 2);
        assertThat(next.leader()).isEqualTo(PartitionState.NO_LEADER);
        assertThat(next.eligibleLeaderReplicas()).as("3, dead, is still eligible; 1 is not").containsExactly(3);
    }

    @Test
    void uncleanElectionWhenAllowedSetsRecoveringAndClearsTheElr() {
        PartitionState offline = new PartitionState(-1, 4, List.of(), 2).withElr(List.of(1), List.of());
        PartitionChange.Outcome outcome = PartitionChange.reconcile(inputs(offline, current(3), 2, true)).orElseThrow();
        assertThat(outcome.election()).isEqualTo(LeaderElection.Kind.UNCLEAN);
        assertThat(outcome.state().leader()).isEqualTo(3);
        assertThat(outcome.state().isr()).containsExactly(3);
        assertThat(outcome.state().eligibleLeaderReplicas()).isEmpty();
        assertThat(outcome.state().leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERING);
    }

    @Test
    void aBouncedLeaderIsTreatedAsFailedAndReelectedWithANewEpoch() {
        // Broker 1 re-registered (epoch 200) after the state was written: its leadership is from before.
        LiveBrokers bounced = brokers(Map.of(1, 200L, 2, 10L, 3, 10L), Set.of(), Set.of());
        PartitionState next = reconciled(new PartitionState(1, 3, List.of(1, 2, 3), 2), bounced, 2);
        assertThat(next.leader()).isEqualTo(2);
        assertThat(next.isr()).containsExactly(2, 3);
        assertThat(next.leaderEpoch()).isEqualTo(4);
    }

    @Test
    void aControlledShutdownHandsLeadershipOverAndLeavesTheIsr() {
        LiveBrokers stopping = brokers(Map.of(1, 10L, 2, 10L, 3, 10L), Set.of(), Set.of(1));
        PartitionState next = reconciled(new PartitionState(1, 3, List.of(1, 2, 3), 2), stopping, 2);
        assertThat(next.leader()).isEqualTo(2);
        assertThat(next.isr()).containsExactly(2, 3);
        PartitionState follower = reconciled(new PartitionState(2, 3, List.of(2, 1), 2), stopping, 2);
        assertThat(follower.isr()).containsExactly(2);
        assertThat(follower.eligibleLeaderReplicas()).as("a clean stop stays eligible").containsExactly(1);
        assertThat(PartitionChange.reconcile(inputs(new PartitionState(1, 3, List.of(1), 2), stopping, 1, false)))
            .as("the only ISR member keeps leading").isEmpty();
    }

    @Test
    void initialStateUsesLiveReplicasInAssignmentOrder() {
        assertThat(PartitionChange.initial(ABC, current(3, 2), EPOCH))
            .contains(new PartitionState(2, 0, List.of(2, 3), EPOCH));
        assertThat(PartitionChange.initial(ABC, current(4), EPOCH)).isEmpty();
    }

    @Test
    void preferredMovesLeadershipOnlyToACurrentIsrMember() {
        PartitionState led = new PartitionState(2, 3, List.of(2, 1), 2);
        assertThat(PartitionChange.preferred(inputs(led, current(1, 2), 2, false)).map(PartitionState::leader))
            .contains(1);
        assertThat(PartitionChange.preferred(inputs(led, current(2), 2, false))).isEmpty();
        assertThat(PartitionChange.preferred(inputs(new PartitionState(1, 3, List.of(1), 2), current(1), 2, false)))
            .as("already preferred").isEmpty();
    }

    @Test
    void reassignmentCompletesOnceTheTargetIsInTheIsr() {
        ReplicaAssignment moving = ABC.reassignTo(List.of(2, 3, 4));
        Versioned<PartitionState> partial = new Versioned<>(new PartitionState(1, 3, List.of(1, 2, 3), 2), 4, 100);
        LiveBrokers all = current(1, 2, 3, 4);
        assertThat(PartitionChange.completeReassignment(
            new PartitionChange.Inputs(moving, partial, all, 2, false, EPOCH))).isEmpty();
        Versioned<PartitionState> caughtUp =
            new Versioned<>(new PartitionState(1, 3, List.of(1, 2, 3, 4), 2), 5, 100);
        PartitionState done = PartitionChange.completeReassignment(
            new PartitionChange.Inputs(moving, caughtUp, all, 2, false, EPOCH)).orElseThrow();
        assertThat(done.leader()).isEqualTo(2);
        assertThat(done.leaderEpoch()).isEqualTo(4);
        assertThat(done.isr()).containsExactly(2, 3, 4);

        ReplicaAssignment growing = ABC.reassignTo(List.of(1, 2, 3, 4));
        PartitionState grown = PartitionChange.completeReassignment(
            new PartitionChange.Inputs(growing, caughtUp, all, 2, false, EPOCH)).orElseThrow();
        assertThat(grown.leaderEpoch()).as("nobody leaves: no bump").isEqualTo(3);
    }

    @Test
    void replicasNoLongerAssignedLeaveIsrAndElr() {
        PartitionState state = new PartitionState(4, 3, List.of(4, 1), 2).withElr(List.of(5), List.of(6));
        PartitionState next = reconciled(state, current(1, 2, 3, 4), 1);
        assertThat(next.leader()).isEqualTo(1);
        assertThat(next.isr()).containsExactly(1);
        assertThat(next.eligibleLeaderReplicas()).isEmpty();
        assertThat(next.lastKnownElr()).isEmpty();
    }

    @Test
    void reconcileIsIdempotent() {
        LiveBrokers mixed = brokers(Map.of(2, 200L, 3, 10L), Set.of(2), Set.of(3));
        PartitionState start = new PartitionState(1, 3, List.of(1, 2, 3), 2).withElr(List.of(), List.of());
        Optional<PartitionChange.Outcome> first = PartitionChange.reconcile(inputs(start, mixed, 2, false));
        assertThat(first).isPresent();
        // Written at a later zxid, so every live broker is current with respect to it.
        LiveBrokers later = brokers(Map.of(2, 200L, 3, 10L), Set.of(2), Set.of(3));
        assertThat(PartitionChange.reconcile(new PartitionChange.Inputs(ABC,
            new Versioned<>(first.get().state(), 5, 300), later, 2, false, EPOCH))).isEmpty();
    }
}
