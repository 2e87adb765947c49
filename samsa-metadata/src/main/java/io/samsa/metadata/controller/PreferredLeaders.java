package io.samsa.metadata.controller;

import io.samsa.metadata.PartitionOrder;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader elections that an operator asks for (ElectLeaders: {@code kafka-leader-election}) and the automatic
 * preferred-leader rebalance ({@code auto.leader.rebalance.enable}), with ZooKeeper-mode Kafka's results:
 * <ul>
 *   <li>PREFERRED: {@code NONE} when the preferred replica now leads; {@code ELECTION_NOT_NEEDED} when it already
 *       did; {@code PREFERRED_LEADER_NOT_AVAILABLE} when it is not live, stopping, or not in the ISR;</li>
 *   <li>UNCLEAN: {@code ELECTION_NOT_NEEDED} when a live leader exists; otherwise the offline rule with unclean
 *       election allowed: {@code NONE}, or {@code ELIGIBLE_LEADERS_NOT_AVAILABLE} when no replica is live;</li>
 *   <li>{@code UNKNOWN_TOPIC_OR_PARTITION} for a partition that does not exist.</li>
 * </ul>
 *
 * <p>Rebalance: for each broker, the share of the partitions it is preferred leader of that another broker leads;
 * above {@code leader.imbalance.per.broker.percentage}, it gets back those it can lead (Kafka's
 * {@code checkAndTriggerAutoLeaderRebalance}).
 *
 * <p>Owned by the controller's event loop; not thread-safe.
 */
final class PreferredLeaders {
    private static final Logger LOG = LoggerFactory.getLogger(PreferredLeaders.class);

    private final ControllerContext context;
    private final StateWriter writer;
    private final PartitionReconciler reconciler;

    PreferredLeaders(ControllerContext context, StateWriter writer, PartitionReconciler reconciler) {
        this.context = context;
        this.writer = writer;
        this.reconciler = reconciler;
    }

    /** @param requested the partitions, or empty for all */
    SortedMap<TopicPartition, ApiError> elect(ElectionType type, Optional<Set<TopicPartition>> requested) {
        Collection<TopicPartition> partitions = requested.map(s -> (Collection<TopicPartition>) s)
            .orElseGet(() -> context.assignments().keySet());
        SortedMap<TopicPartition, ApiError> results = new TreeMap<>(PartitionOrder.INSTANCE);
        List<TopicPartition> candidates = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            ReplicaAssignment assignment = context.assignment(tp);
            Versioned<PartitionState> state = context.state(tp);
            if (assignment == null || state == null) {
                results.put(tp, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition does not exist."));
            } else if (type == ElectionType.PREFERRED ? state.value().leader() == assignment.replicas().get(0)
                : hasLiveLeader(state.value())) {
                results.put(tp, new ApiError(Errors.ELECTION_NOT_NEEDED));
            } else {
                candidates.add(tp);
            }
        }
        if (type == ElectionType.PREFERRED) {
            electPreferred(candidates);
        } else {
            reconciler.reconcile(candidates, true);
        }
        for (TopicPartition tp : candidates) {
            results.put(tp, outcome(type, tp));
        }
        return results;
    }

    private ApiError outcome(ElectionType type, TopicPartition tp) {
        PartitionState state = context.state(tp) == null ? null : context.state(tp).value();
        if (type == ElectionType.PREFERRED) {
            int preferred = context.assignment(tp).replicas().get(0);
            return state != null && state.leader() == preferred ? ApiError.NONE
                : new ApiError(Errors.PREFERRED_LEADER_NOT_AVAILABLE, "Failed to elect leader for partition " + tp
                    + " under strategy PreferredReplicaPartitionLeaderElectionStrategy");
        }
        return state != null && hasLiveLeader(state) ? ApiError.NONE
            : new ApiError(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, "Failed to elect leader for partition " + tp
                + " under strategy OfflinePartitionLeaderElectionStrategy(true)");
    }

    private boolean hasLiveLeader(PartitionState state) {
        return state.hasLeader() && context.brokers().isLive(state.leader());
    }

    private Map<TopicPartition, Versioned<PartitionState>> electPreferred(Collection<TopicPartition> partitions) {
        return writer.apply(partitions, (tp, current) -> current == null ? Optional.empty()
            : PartitionChange.preferred(reconciler.inputs(tp, context.assignment(tp), current, false)));
    }

    /** One auto-rebalance check: elects preferred leaders for brokers whose imbalance exceeds {@code percentage}. */
    void rebalance(int percentage) {
        TreeMap<Integer, List<TopicPartition>> byPreferred = new TreeMap<>();
        context.assignments().forEach((tp, a) -> byPreferred.computeIfAbsent(a.replicas().get(0),
            b -> new ArrayList<>()).add(tp));
        List<TopicPartition> toElect = new ArrayList<>();
        byPreferred.forEach((broker, partitions) -> {
            List<TopicPartition> elsewhere = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Versioned<PartitionState> state = context.state(tp);
                if (state != null && state.value().leader() != broker) {
                    elsewhere.add(tp);
                }
            }
            double imbalance = (double) elsewhere.size() / partitions.size();
            if (imbalance > percentage / 100.0) {
                LOG.info("Leader imbalance of broker {} is {}% (over {}%): electing it preferred leader again", broker,
                    Math.round(imbalance * 100), percentage);
                toElect.addAll(elsewhere);
            }
        });
        if (!toElect.isEmpty()) {
            Map<TopicPartition, Versioned<PartitionState>> moved = electPreferred(toElect);
            LOG.info("Automatic rebalance moved leadership of {} partitions back to their preferred replicas",
                moved.size());
        }
    }
}
