package io.samsa.replication;

import java.util.ArrayList;
import java.util.Collections;
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
 * (docs/CLUSTER.md). Immutable: the maximal set is built once, not on each of the follower fetches that read it.
 */
final class IsrState {
    /** The ISR in the metadata. */
    private final List<Integer> committed;
    /** The metadata version it was read at. */
    private final int partitionEpoch;
    /** The ISR asked for, or null. */
    private final List<Integer> pending;
    private final Set<Integer> maximal;

    IsrState(List<Integer> committed, int partitionEpoch, List<Integer> pending) {
        this.committed = List.copyOf(committed);
        this.partitionEpoch = partitionEpoch;
        this.pending = pending == null ? null : List.copyOf(pending);
        Set<Integer> all = new LinkedHashSet<>(this.committed);
        if (this.pending != null) {
            all.addAll(this.pending);
        }
        this.maximal = Collections.unmodifiableSet(all);
    }

    static IsrState committed(List<Integer> isr, int partitionEpoch) {
        return new IsrState(isr, partitionEpoch, null);
    }

    List<Integer> committed() {
        return committed;
    }

    int partitionEpoch() {
        return partitionEpoch;
    }

    List<Integer> pending() {
        return pending;
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
        return maximal;
    }

    @Override
    public String toString() {
        return "IsrState[committed=" + committed + ", partitionEpoch=" + partitionEpoch + ", pending=" + pending + "]";
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
