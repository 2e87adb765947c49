package io.samsa.metadata.controller;

import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.PartitionOrder;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.TopicAssignment;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition reassignment (AlterPartitionReassignments, ListPartitionReassignments, {@code kafka-reassign-partitions})
 * with ZooKeeper-mode Kafka's semantics. A reassignment lives in the topic znode: replicas become origin ∪ target
 * (target first) with {@code adding_replicas} and {@code removing_replicas}; brokers see the new replicas through
 * their watch and start fetching. Once every target replica is in the ISR, the controller completes it:
 * leadership moves into the target if it must, the leaving replicas leave the ISR (the leader epoch is bumped, so
 * they are fenced), and the topic znode gets the target alone.
 *
 * <p>Errors, as Kafka's: {@code INVALID_REPLICA_ASSIGNMENT} for an empty list, duplicates, negative ids or adding
 * brokers that are not live; {@code UNKNOWN_TOPIC_OR_PARTITION}; {@code NO_REASSIGNMENT_IN_PROGRESS} when
 * cancelling nothing. A new reassignment of a partition replaces the one in progress; cancelling returns to the
 * origin replicas.
 *
 * <p>Owned by the controller's event loop; not thread-safe.
 */
final class Reassignments {
    private static final Logger LOG = LoggerFactory.getLogger(Reassignments.class);
    private static final int MAX_TOPIC_WRITE_ATTEMPTS = 5;

    private final ControllerStore store;
    private final ControllerContext context;
    private final StateWriter writer;
    private final PartitionReconciler reconciler;

    Reassignments(ControllerStore store, ControllerContext context, StateWriter writer,
                  PartitionReconciler reconciler) {
        this.store = store;
        this.context = context;
        this.writer = writer;
        this.reconciler = reconciler;
    }

    /** @param requests partition to its target replicas, or empty to cancel its reassignment */
    SortedMap<TopicPartition, ApiError> alter(Map<TopicPartition, Optional<List<Integer>>> requests) {
        SortedMap<TopicPartition, ApiError> results = new TreeMap<>(PartitionOrder.INSTANCE);
        TreeMap<TopicPartition, Optional<List<Integer>>> sorted = new TreeMap<>(PartitionOrder.INSTANCE);
        sorted.putAll(requests);
        TreeMap<String, Map<TopicPartition, Optional<List<Integer>>>> byTopic = new TreeMap<>();
        sorted.forEach((tp, target) -> {
            ReplicaAssignment current = context.assignment(tp);
            ApiError error = current == null
                ? new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition does not exist.")
                : validate(current, target);
            if (error != null) {
                results.put(tp, error);
            } else {
                byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>(PartitionOrder.INSTANCE)).put(tp, target);
            }
        });
        List<TopicPartition> changed = new ArrayList<>();
        byTopic.forEach((topic, targets) -> {
            ApiError outcome = writeTopic(topic, targets);
            targets.keySet().forEach(tp -> results.put(tp, outcome));
            if (outcome.isSuccess()) {
                changed.addAll(targets.keySet());
            }
        });
        if (!changed.isEmpty()) {
            LOG.info("Reassigning {} partitions: {}", changed.size(), changed);
            // Replicas dropped by a replaced or cancelled reassignment leave the ISR, and a leader among them too.
            reconciler.reconcile(changed, false);
            complete(changed);
        }
        return results;
    }

    private ApiError validate(ReplicaAssignment current, Optional<List<Integer>> target) {
        if (target.isEmpty()) {
            return current.isBeingReassigned() ? null : new ApiError(Errors.NO_REASSIGNMENT_IN_PROGRESS);
        }
        List<Integer> replicas = target.get();
        if (replicas.isEmpty()) {
            return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                "Empty replica list specified in partition reassignment.");
        }
        if (new HashSet<>(replicas).size() != replicas.size()) {
            return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                "Duplicate replica ids in partition reassignment replica list: " + replicas);
        }
        if (replicas.stream().anyMatch(id -> id < 0)) {
            return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Invalid broker id in replica list: " + replicas);
        }
        List<Integer> adding = current.reassignTo(replicas).addingReplicas();
        Set<Integer> live = context.brokers().liveIds();
        if (!live.containsAll(adding)) {
            return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Replica assignment has brokers that are not "
                + "alive. Replica list: " + adding + ", live broker list: " + live);
        }
        return null;
    }

    /** Writes the topic znode with these partitions reassigned. */
    private ApiError writeTopic(String topic, Map<TopicPartition, Optional<List<Integer>>> targets) {
        return rewriteTopic(topic, t -> {
            TopicAssignment next = t;
            for (Map.Entry<TopicPartition, Optional<List<Integer>>> e : targets.entrySet()) {
                ReplicaAssignment assignment = next.partitions().get(e.getKey().partition());
                next = next.withPartition(e.getKey().partition(),
                    assignment.reassignTo(e.getValue().orElseGet(assignment::originReplicas)));
            }
            return next;
        });
    }

    /**
     * Rewrites a topic znode with {@code edit} applied to its current content, conditionally on its version; after a
     * conflict, re-reads and edits again.
     */
    private ApiError rewriteTopic(String topic, UnaryOperator<TopicAssignment> edit) {
        for (int attempt = 1; attempt <= MAX_TOPIC_WRITE_ATTEMPTS; attempt++) {
            Versioned<TopicAssignment> current = context.topics().get(topic);
            if (current == null) {
                return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition does not exist.");
            }
            TopicAssignment next = edit.apply(current.value());
            if (next.equals(current.value())) {
                return ApiError.NONE;
            }
            WriteResult<TopicAssignment> result = store.writeTopicAssignment(context.epoch(), next, current.version());
            switch (result.outcome()) {
                case WRITTEN -> {
                    context.putTopic(topic, result.written());
                    return ApiError.NONE;
                }
                case NOT_FOUND -> {
                    return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition does not exist.");
                }
                case CONTROLLER_FENCED -> throw new ControllerFencedException("Controller epoch "
                    + context.epoch().epoch() + " is fenced while rewriting topic " + topic);
                case VERSION_CONFLICT -> context.refresh(store);
            }
        }
        return new ApiError(Errors.UNKNOWN_SERVER_ERROR, "Topic " + topic + " kept changing under the controller");
    }

    /** The partitions being reassigned among {@code requested} (all if empty), with their replicas. */
    SortedMap<TopicPartition, ReplicaAssignment> list(Optional<Set<TopicPartition>> requested) {
        SortedMap<TopicPartition, ReplicaAssignment> out = new TreeMap<>(PartitionOrder.INSTANCE);
        context.assignments().forEach((tp, a) -> {
            if (a.isBeingReassigned() && requested.map(r -> r.contains(tp)).orElse(true)) {
                out.put(tp, a);
            }
        });
        return out;
    }

    /** Completes every reassignment whose target replicas have all joined the ISR. */
    void completeAll() {
        List<TopicPartition> reassigning = new ArrayList<>(list(Optional.empty()).keySet());
        if (!reassigning.isEmpty()) {
            complete(reassigning);
        }
    }

    private void complete(List<TopicPartition> partitions) {
        Map<TopicPartition, Versioned<PartitionState>> done = writer.apply(partitions, (tp, current) -> {
            ReplicaAssignment assignment = context.assignment(tp);
            if (current == null || assignment == null || !assignment.isBeingReassigned()) {
                return Optional.empty();
            }
            return PartitionChange.completeReassignment(reconciler.inputs(tp, assignment, current, false));
        });
        TreeMap<String, Map<Integer, List<Integer>>> byTopic = new TreeMap<>();
        done.keySet().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>())
            .put(tp.partition(), context.assignment(tp).targetReplicas()));
        byTopic.forEach((topic, targets) -> {
            ApiError result = rewriteTopic(topic, t -> {
                TopicAssignment next = t;
                for (Map.Entry<Integer, List<Integer>> e : targets.entrySet()) {
                    ReplicaAssignment now = next.partitions().get(e.getKey());
                    // Unless a newer reassignment replaced the one just completed.
                    if (now != null && now.targetReplicas().equals(e.getValue())) {
                        next = next.withPartition(e.getKey(), ReplicaAssignment.of(e.getValue()));
                    }
                }
                return next;
            });
            if (result.isSuccess()) {
                LOG.info("Completed the reassignment of topic {} partitions {}", topic, targets);
            } else {
                LOG.warn("Could not record the completed reassignment of topic {} partitions {} ({}); retrying on "
                    + "the next change", topic, targets.keySet(), result);
            }
        });
    }
}
