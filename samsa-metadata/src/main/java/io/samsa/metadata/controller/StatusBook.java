package io.samsa.metadata.controller;

import io.samsa.metadata.PartitionOrder;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's partition and replica state machines: the status of every partition and replica it knows,
 * moved only along valid transitions. Statuses are derived from the metadata after each change ({@link #sync});
 * an invalid transition means that derivation has a bug, and is logged at ERROR with the partition and not
 * applied.
 *
 * <p>Owned by the controller's event loop; not thread-safe.
 */
final class StatusBook {
    private static final Logger LOG = LoggerFactory.getLogger(StatusBook.class);
    private static final Comparator<Replica> REPLICA_ORDER =
        Comparator.comparing(Replica::partition, PartitionOrder.INSTANCE).thenComparingInt(Replica::brokerId);

    /** A replica of a partition. */
    record Replica(TopicPartition partition, int brokerId) {
    }

    // Hash maps: sync visits every partition and replica on every pass; removals are sorted before they are logged.
    private final HashMap<TopicPartition, PartitionStatus> partitions = new HashMap<>();
    private final HashMap<Replica, ReplicaStatus> replicas = new HashMap<>();
    private int invalidTransitions;

    PartitionStatus status(TopicPartition tp) {
        return partitions.getOrDefault(tp, PartitionStatus.NON_EXISTENT);
    }

    ReplicaStatus status(TopicPartition tp, int brokerId) {
        return replicas.getOrDefault(new Replica(tp, brokerId), ReplicaStatus.NON_EXISTENT);
    }

    /** How many transitions were refused as invalid (a bug indicator, for tests and metrics). */
    int invalidTransitions() {
        return invalidTransitions;
    }

    void clear() {
        partitions.clear();
        replicas.clear();
    }

    /** Moves {@code tp} to {@code target}; returns false, logging the bug, if the transition is not valid. */
    boolean move(TopicPartition tp, PartitionStatus target) {
        PartitionStatus current = status(tp);
        if (current == target && target != PartitionStatus.ONLINE && target != PartitionStatus.OFFLINE) {
            return true;
        }
        if (!target.canTransitionFrom(current)) {
            invalidTransitions++;
            LOG.error("Invalid partition state transition of {} from {} to {}: valid previous states are {}", tp,
                current, target, target.validPrevious());
            return false;
        }
        if (target == PartitionStatus.NON_EXISTENT) {
            partitions.remove(tp);
        } else {
            partitions.put(tp, target);
        }
        return true;
    }

    boolean move(TopicPartition tp, int brokerId, ReplicaStatus target) {
        ReplicaStatus current = status(tp, brokerId);
        if (current == target && target != ReplicaStatus.ONLINE && target != ReplicaStatus.OFFLINE
            && target != ReplicaStatus.REASSIGNING_OUT) {
            return true;
        }
        if (!target.canTransitionFrom(current)) {
            invalidTransitions++;
            LOG.error("Invalid replica state transition of broker {} for {} from {} to {}: valid previous states "
                + "are {}", brokerId, tp, current, target, target.validPrevious());
            return false;
        }
        Replica replica = new Replica(tp, brokerId);
        if (target == ReplicaStatus.NON_EXISTENT) {
            replicas.remove(replica);
        } else {
            replicas.put(replica, target);
        }
        return true;
    }

    /**
     * Derives every status from the metadata: partitions NEW until they have a state, then ONLINE or OFFLINE by
     * whether their leader is live; replicas NEW when first assigned, then ONLINE or OFFLINE by their broker,
     * REASSIGNING_OUT while a reassignment removes them. What is no longer there becomes NON_EXISTENT.
     */
    void sync(Map<TopicPartition, ReplicaAssignment> assignments, Map<TopicPartition, Versioned<PartitionState>> states,
              Set<Integer> live) {
        sync(assignments, assignments, states, live);
    }

    /**
     * As {@link #sync(Map, Map, Set)}, with {@code index} the same assignments for fast lookups and
     * {@code assignments} for ordered iteration.
     */
    void sync(Map<TopicPartition, ReplicaAssignment> assignments, Map<TopicPartition, ReplicaAssignment> index,
              Map<TopicPartition, Versioned<PartitionState>> states, Set<Integer> live) {
        List<TopicPartition> gone = new ArrayList<>();
        for (TopicPartition tp : partitions.keySet()) {
            if (!index.containsKey(tp)) {
                gone.add(tp);
            }
        }
        gone.sort(PartitionOrder.INSTANCE);
        for (TopicPartition tp : gone) {
            if (status(tp) != PartitionStatus.OFFLINE) {
                move(tp, PartitionStatus.OFFLINE);
            }
            move(tp, PartitionStatus.NON_EXISTENT);
        }
        assignments.forEach((tp, assignment) -> {
            PartitionStatus current = status(tp);
            if (current == PartitionStatus.NON_EXISTENT) {
                move(tp, PartitionStatus.NEW);
            }
            Versioned<PartitionState> state = states.get(tp);
            if (state != null) {
                int leader = state.value().leader();
                PartitionStatus target = leader >= 0 && live.contains(leader) ? PartitionStatus.ONLINE
                    : PartitionStatus.OFFLINE;
                if (current != target) {
                    move(tp, target);
                }
            }
            for (Integer broker : assignment.replicas()) {
                ReplicaStatus now = status(tp, broker);
                if (now == ReplicaStatus.NON_EXISTENT) {
                    move(tp, broker, ReplicaStatus.NEW);
                    now = ReplicaStatus.NEW;
                }
                ReplicaStatus target = assignment.removingReplicas().contains(broker) ? ReplicaStatus.REASSIGNING_OUT
                    : live.contains(broker) ? ReplicaStatus.ONLINE : ReplicaStatus.OFFLINE;
                if (now != target) {
                    move(tp, broker, target);
                }
            }
        });
        List<Replica> removed = new ArrayList<>();
        for (Replica replica : replicas.keySet()) {
            ReplicaAssignment assignment = index.get(replica.partition());
            if (assignment == null || !assignment.replicas().contains(replica.brokerId())) {
                removed.add(replica);
            }
        }
        removed.sort(REPLICA_ORDER);
        removed.forEach(r -> move(r.partition(), r.brokerId(), ReplicaStatus.NON_EXISTENT));
    }
}
