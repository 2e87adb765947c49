package io.samsa.metadata.controller;

import io.samsa.metadata.PartitionOrder;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PartitionChange#reconcile} over partitions and writes what it returns through the {@link StateWriter};
 * gives partitions without a state their initial one. It is what the controller does after every change it hears
 * of: broker failure and return (ISR removal, ELR upkeep, offline elections), bounces, unclean restarts, controlled
 * shutdowns, new partitions, config changes.
 *
 * <p>Logging: an unclean election is a WARN per partition (it may lose acknowledged records); a partition left
 * without a leader is a WARN naming why; clean elections are counted in one INFO line per pass.
 *
 * <p>Owned by the controller's event loop; not thread-safe.
 */
final class PartitionReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionReconciler.class);
    /** Partitions named in one summary line, so that a large outage stays readable. */
    private static final int LOGGED_PARTITIONS = 10;

    private final ControllerContext context;
    private final StateWriter writer;
    private final ElectionConfigs configs;

    PartitionReconciler(ControllerContext context, StateWriter writer, ElectionConfigs configs) {
        this.context = context;
        this.writer = writer;
        this.configs = configs;
    }

    /** A topic's two election configs, looked up once per topic and pass rather than once per partition. */
    private record TopicConfigs(int minIsr, boolean unclean) {
    }

    private final Map<String, TopicConfigs> configsThisPass = new HashMap<>();

    PartitionChange.Inputs inputs(TopicPartition tp, ReplicaAssignment assignment, Versioned<PartitionState> current,
                                  boolean forceUnclean) {
        TopicConfigs topic = configsThisPass.computeIfAbsent(tp.topic(), t ->
            new TopicConfigs(configs.minInsyncReplicas(t), configs.uncleanLeaderElectionEnable(t)));
        return new PartitionChange.Inputs(assignment, current, context.brokers(), topic.minIsr(),
            forceUnclean || topic.unclean(), context.epoch().epoch());
    }

    /** Configs may change between passes: forget them. */
    void newPass() {
        configsThisPass.clear();
    }

    void reconcileAll() {
        reconcile(context.assignments().keySet(), false);
    }

    /**
     * Reconciles {@code partitions}; {@code forceUnclean} allows unclean elections whatever the topic says (an
     * operator's {@code kafka-leader-election --election-type UNCLEAN}). Returns the states written.
     */
    Map<TopicPartition, Versioned<PartitionState>> reconcile(Collection<TopicPartition> partitions,
                                                            boolean forceUnclean) {
        Map<TopicPartition, LeaderElection.Kind> elections = new TreeMap<>(PartitionOrder.INSTANCE);
        Map<TopicPartition, Versioned<PartitionState>> written = writer.apply(partitions, (tp, current) -> {
            ReplicaAssignment assignment = context.assignment(tp);
            if (assignment == null) {
                return Optional.empty();
            }
            if (current == null) {
                Optional<PartitionState> initial = PartitionChange.initial(assignment, context.brokers(),
                    context.epoch().epoch());
                if (initial.isEmpty()) {
                    LOG.warn("Partition {} has no state and none of its replicas {} is live: it stays offline", tp,
                        assignment.replicas());
                }
                return initial;
            }
            Optional<PartitionChange.Outcome> outcome =
                PartitionChange.reconcile(inputs(tp, assignment, current, forceUnclean));
            outcome.ifPresent(o -> {
                if (o.election() != null) {
                    elections.put(tp, o.election());
                }
            });
            return outcome.map(PartitionChange.Outcome::state);
        });
        report(written, elections, forceUnclean);
        return written;
    }

    private void report(Map<TopicPartition, Versioned<PartitionState>> written,
                        Map<TopicPartition, LeaderElection.Kind> elections, boolean forced) {
        List<TopicPartition> clean = new ArrayList<>();
        List<TopicPartition> leaderless = new ArrayList<>();
        written.forEach((tp, state) -> {
            LeaderElection.Kind kind = elections.get(tp);
            if (kind == LeaderElection.Kind.UNCLEAN) {
                LOG.warn("Unclean leader election for {}: broker {} is leader at epoch {} although it was in neither "
                        + "the ISR nor the ELR, so records acknowledged with acks=all may be lost ({})", tp,
                    state.value().leader(), state.value().leaderEpoch(),
                    forced ? "an operator asked for an unclean election"
                        : "unclean.leader.election.enable is true for topic " + tp.topic());
            } else if (kind == LeaderElection.Kind.LAST_KNOWN_LEADER) {
                LOG.warn("{} had an empty ISR and ELR: broker {}, its last leader, leads again at epoch {} (Kafka's "
                        + "balanced recovery); records it had not flushed before an unclean shutdown may be lost", tp,
                    state.value().leader(), state.value().leaderEpoch());
            } else if (kind == LeaderElection.Kind.NONE) {
                leaderless.add(tp);
            } else if (kind != null) {
                clean.add(tp);
            }
        });
        if (!clean.isEmpty()) {
            LOG.info("Elected new leaders for {} partitions: {}", clean.size(), sample(clean));
        }
        if (!leaderless.isEmpty()) {
            LOG.warn("{} partitions are offline: no live replica in their ISR or ELR, and unclean leader election "
                + "is disabled for them: {}", leaderless.size(), sample(leaderless));
        }
    }

    private static String sample(List<TopicPartition> partitions) {
        return partitions.size() <= LOGGED_PARTITIONS ? partitions.toString()
            : partitions.subList(0, LOGGED_PARTITIONS) + " and " + (partitions.size() - LOGGED_PARTITIONS) + " more";
    }
}
