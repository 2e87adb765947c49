package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    private static final List<Integer> ASSIGNMENT = List.of(1, 2, 3);

    @Test
    void offlinePrefersTheFirstAssignedLiveIsrMember() {
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(3, 2), List.of(), List.of(), Set.of(2, 3), false))
            .isEqualTo(new LeaderElection.Result(2, LeaderElection.Kind.ISR));
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(3, 2), List.of(), List.of(), Set.of(3), false))
            .isEqualTo(new LeaderElection.Result(3, LeaderElection.Kind.ISR));
    }

    @Test
    void offlineFallsBackToTheElrOnlyWhenTheIsrIsEmpty() {
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(3, 2), List.of(), Set.of(2, 3), false))
            .as("assignment order among ELR members").isEqualTo(new LeaderElection.Result(2, LeaderElection.Kind.ELR));
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(1), List.of(2), List.of(), Set.of(2), false).kind())
            .as("a non-empty ISR without a live member is not bypassed through the ELR")
            .isEqualTo(LeaderElection.Kind.NONE);
    }

    @Test
    void offlineElectsAnyLiveReplicaOnlyWhenUncleanIsAllowed() {
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(1), List.of(), List.of(), Set.of(3), false).kind())
            .isEqualTo(LeaderElection.Kind.NONE);
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(1), List.of(), List.of(), Set.of(3), true))
            .isEqualTo(new LeaderElection.Result(3, LeaderElection.Kind.UNCLEAN));
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(2), List.of(), Set.of(2, 3), true))
            .as("clean candidates first").isEqualTo(new LeaderElection.Result(2, LeaderElection.Kind.ELR));
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(), List.of(), Set.of(), true).kind())
            .isEqualTo(LeaderElection.Kind.NONE);
    }

    @Test
    void theLastKnownLeaderComesBackOnlyWhenIsrAndElrAreEmpty() {
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(), List.of(3), Set.of(2, 3), false))
            .isEqualTo(new LeaderElection.Result(3, LeaderElection.Kind.LAST_KNOWN_LEADER));
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(2), List.of(3), Set.of(3), false).kind())
            .as("an ELR member, even dead, is waited for").isEqualTo(LeaderElection.Kind.NONE);
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(), List.of(3), Set.of(2), true))
            .as("not live: unclean is next").isEqualTo(new LeaderElection.Result(2, LeaderElection.Kind.UNCLEAN));
        assertThat(LeaderElection.offline(ASSIGNMENT, List.of(), List.of(), List.of(2, 3), Set.of(2, 3), false).kind())
            .as("only a single last leader counts").isEqualTo(LeaderElection.Kind.NONE);
    }

    @Test
    void preferredIsTheFirstAssignedReplicaOrNothing() {
        assertThat(LeaderElection.preferred(ASSIGNMENT, List.of(1, 2), Set.of(1, 2))).hasValue(1);
        assertThat(LeaderElection.preferred(ASSIGNMENT, List.of(2, 3), Set.of(1, 2, 3))).as("not in ISR").isEmpty();
        assertThat(LeaderElection.preferred(ASSIGNMENT, List.of(1, 2), Set.of(2))).as("not live").isEmpty();
    }

    @Test
    void controlledShutdownSkipsStoppingBrokers() {
        assertThat(LeaderElection.controlledShutdown(ASSIGNMENT, List.of(1, 2, 3), Set.of(1, 2, 3), Set.of(1, 2)))
            .hasValue(3);
        assertThat(LeaderElection.controlledShutdown(ASSIGNMENT, List.of(1, 3), Set.of(1, 2), Set.of(1))).isEmpty();
    }

    @Test
    void reassignmentPicksFromTheTargetInTargetOrder() {
        assertThat(LeaderElection.reassignment(List.of(4, 3), List.of(1, 3, 4), Set.of(1, 3, 4))).hasValue(4);
        assertThat(LeaderElection.reassignment(List.of(4, 3), List.of(1, 3), Set.of(1, 3, 4))).hasValue(3);
        assertThat(LeaderElection.reassignment(List.of(4), List.of(1, 4), Set.of(1))).isEmpty();
    }
}
