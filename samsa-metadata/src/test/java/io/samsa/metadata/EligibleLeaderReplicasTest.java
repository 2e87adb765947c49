package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** KIP-966's rule, worked through as in the class doc (min ISR 2). */
class EligibleLeaderReplicasTest {
    private static final PartitionState FULL = new PartitionState(1, 0, List.of(1, 2, 3), 1);

    @Test
    void shrinkingBelowTheMinimumKeepsTheLeaversEligible() {
        PartitionState shrunk = EligibleLeaderReplicas.afterIsrChange(FULL, List.of(1), 2, List.of());
        assertThat(shrunk.isr()).containsExactly(1);
        assertThat(shrunk.eligibleLeaderReplicas()).containsExactly(2, 3);
        assertThat(shrunk.lastKnownElr()).isEmpty();
    }

    @Test
    void growingToTheMinimumClearsTheElr() {
        PartitionState withElr = FULL.withIsr(List.of(1)).withElr(List.of(2), List.of());
        PartitionState grown = EligibleLeaderReplicas.afterIsrChange(withElr, List.of(1, 2), 2, List.of());
        assertThat(grown.eligibleLeaderReplicas()).isEmpty();
        assertThat(grown.isr()).containsExactly(1, 2);
    }

    @Test
    void anUncleanRestartLeavesTheElrAndTheLastKnownElrAlone() {
        PartitionState shrunk = EligibleLeaderReplicas.afterIsrChange(FULL, List.of(1), 2, List.of());
        PartitionState after = EligibleLeaderReplicas.afterIsrChange(shrunk.withElr(shrunk.eligibleLeaderReplicas(),
            List.of(9)), List.of(1), 2, List.of(3));
        assertThat(after.eligibleLeaderReplicas()).containsExactly(2);
        assertThat(after.lastKnownElr()).as("the controller's business").containsExactly(9);
        assertThat(EligibleLeaderReplicas.afterIsrChange(after, List.of(1), 2, List.of()))
            .as("idempotent").isEqualTo(after);
    }

    @Test
    void theLastMemberLeavingEmptiesTheIsrIntoTheElr() {
        PartitionState one = new PartitionState(1, 3, List.of(1), 1).withElr(List.of(2), List.of());
        PartitionState empty = EligibleLeaderReplicas.afterIsrChange(one, List.of(), 2, List.of());
        assertThat(empty.isr()).isEmpty();
        assertThat(empty.eligibleLeaderReplicas()).containsExactly(2, 1);
        assertThat(empty.leader()).as("leader and epochs are not this rule's business").isEqualTo(1);
    }

    @Test
    void aRejoiningMemberLeavesTheElrWhileStillBelowTheMinimum() {
        PartitionState state = new PartitionState(1, 0, List.of(1), 1).withElr(List.of(2, 3), List.of());
        PartitionState rejoined = EligibleLeaderReplicas.afterIsrChange(state, List.of(1, 2), 3, List.of());
        assertThat(rejoined.eligibleLeaderReplicas()).containsExactly(3);
    }
}
