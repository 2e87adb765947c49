package io.samsa.replication;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A leader's view of its ISR: the one committed in the metadata, and at most one change it has asked for and not
 * heard back about.
 *
 * <p>The leader computes its high watermark over the <em>maximal</em> ISR: the committed one plus a member being
 * added, and still including a member being removed. So the metadata's ISR is always a subset of the replicas the
 * high watermark waits for, and any member of it can be elected without losing an acknowledged record
 * (docs/CLUSTER.md). Immutable.
 *
 * @param committed      the ISR in the metadata
 * @param partitionEpoch the metadata version it was read at
 * @param pending        the ISR asked for, or null
 */
record IsrState(List<Integer> committed, int partitionEpoch, List<Integer> pending) {

    IsrState {
        committed = List.copyOf(committed);
        pending = pending == null ? null : List.copyOf(pending);
    }

    static IsrState committed(List<Integer> isr, int partitionEpoch) {
        return new IsrState(isr, partitionEpoch, null);
    }

    boolean hasPending() {
        return pending != null;
    }

    /** Whether the change asked for adds a member (an expansion), which the high watermark already waits for. */
    boolean pendingAddsMembers() {
        return pending != null && !committed.containsAll(pending);
    }

    IsrState withPending(List<Integer> newIsr) {
        return new IsrState(committed, partitionEpoch, newIsr);
    }

    /** Committed and pending together: who the high watermark waits for. */
    Set<Integer> maximal() {
        Set<Integer> all = new LinkedHashSet<>(committed);
        if (pending != null) {
            all.addAll(pending);
        }
        return all;
    }

    static List<Integer> plus(List<Integer> isr, int replica) {
        List<Integer> out = new ArrayList<>(isr);
        if (!out.contains(replica)) {
            out.add(replica);
        }
        return out;
    }

    static List<Integer> minus(List<Integer> isr, Set<Integer> replicas) {
        List<Integer> out = new ArrayList<>(isr);
        out.removeAll(replicas);
        return out;
    }
}
