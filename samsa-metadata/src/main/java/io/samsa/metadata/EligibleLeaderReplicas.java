package io.samsa.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * KIP-966's eligible leader replicas (ELR), kept with every ISR change: the rule both writers of a partition
 * state apply, the controller (broker failure, controlled shutdown, unclean restart) and the leader (ISR shrink
 * and expand). A pure function.
 *
 * <p>Why the ELR exists: with strict {@code min.insync.replicas} the high watermark does not advance while the ISR
 * is smaller than the minimum, so a replica that leaves the ISR at that point still holds every committed record.
 * It stays electable (when the ISR is empty) although it is no longer in the ISR.
 *
 * <p>The rule, as Kafka's {@code PartitionChangeBuilder.maybePopulateTargetElr}:
 * <ul>
 *   <li>new ISR at least {@code min.insync.replicas}: the ELR is cleared;</li>
 *   <li>otherwise ELR = (ELR ∪ old ISR) − new ISR − {@code excluded}.</li>
 * </ul>
 * {@code excluded} are replicas that may have lost records: brokers that registered after an unclean shutdown.
 * The last known ELR is not this rule's business: as in Kafka 4 (its "last known leader" recovery), it holds the
 * last leader of a partition whose ISR became empty, and only the controller writes it.
 *
 * <p>Worked example, min ISR 2: ISR [1,2,3] shrinks to [1]: ELR [2,3]. Broker 3 restarts uncleanly: ELR [2]. The
 * ISR grows back to [1,2]: ELR cleared. Orders are kept (old ELR first, then old ISR) so that results are
 * deterministic.
 */
public final class EligibleLeaderReplicas {
    private EligibleLeaderReplicas() {
    }

    /**
     * {@code state} with ISR {@code newIsr} and the ELR that follows from the change; leader, epochs, recovery
     * state and last known ELR are unchanged.
     */
    public static PartitionState afterIsrChange(PartitionState state, List<Integer> newIsr, int minIsr,
                                                Collection<Integer> excluded) {
        if (newIsr.size() >= minIsr) {
            return state.withIsr(newIsr).withElr(List.of(), state.lastKnownElr());
        }
        Set<Integer> candidates = new LinkedHashSet<>(state.eligibleLeaderReplicas());
        candidates.addAll(state.isr());
        List<Integer> elr = new ArrayList<>();
        for (Integer replica : candidates) {
            if (!newIsr.contains(replica) && !excluded.contains(replica)) {
                elr.add(replica);
            }
        }
        return state.withIsr(newIsr).withElr(elr, state.lastKnownElr());
    }
}
