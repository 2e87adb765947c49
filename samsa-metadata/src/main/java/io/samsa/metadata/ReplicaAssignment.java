package io.samsa.metadata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One partition's replicas, with a reassignment in progress if any (Kafka's {@code ReplicaAssignment}). While a
 * reassignment runs, {@code replicas} is the union of the original and the target replicas (target first), so
 * every broker that must hold the partition is a replica of it.
 *
 * <p>Worked example: replicas [1,2,3] reassigned to [3,4,2]: replicas [3,4,2,1], adding [4], removing [1]; the
 * origin is [3,2,1] and the target [3,4,2]. Cancelling reassigns to the origin.
 *
 * @param replicas         every replica; the first is the preferred leader
 * @param addingReplicas   replicas being added (in the target, not in the origin)
 * @param removingReplicas replicas being removed (in the origin, not in the target)
 */
public record ReplicaAssignment(List<Integer> replicas, List<Integer> addingReplicas,
                                List<Integer> removingReplicas) {
    public ReplicaAssignment {
        replicas = List.copyOf(replicas);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** No reassignment in progress. */
    public static ReplicaAssignment of(List<Integer> replicas) {
        return new ReplicaAssignment(replicas, List.of(), List.of());
    }

    public boolean isBeingReassigned() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /** The replicas before the reassignment: replicas − adding. */
    public List<Integer> originReplicas() {
        return without(replicas, addingReplicas);
    }

    /** The replicas after the reassignment: replicas − removing. */
    public List<Integer> targetReplicas() {
        return without(replicas, removingReplicas);
    }

    /** A reassignment from the origin to {@code target} (Kafka's {@code reassignTo}). */
    public ReplicaAssignment reassignTo(List<Integer> target) {
        List<Integer> origin = originReplicas();
        LinkedHashSet<Integer> full = new LinkedHashSet<>(target);
        full.addAll(origin);
        List<Integer> all = new ArrayList<>(full);
        return new ReplicaAssignment(all, without(all, origin), without(all, target));
    }

    private static List<Integer> without(List<Integer> from, List<Integer> removed) {
        List<Integer> out = new ArrayList<>(from);
        out.removeAll(removed);
        return List.copyOf(out);
    }
}
