package io.samsa.bench.workload;

import io.samsa.bench.broker.RunningCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * Creates replicated topics on a cluster and waits until every partition has a leader and every replica is in
 * its ISR, so a measurement starts with {@code acks=all} waiting for all replicas, as in steady state. Placement
 * is left to the broker (the cluster's own rule spreads leaders); {@link Layout} says where they landed.
 *
 * <p>Stateless.
 */
final class ReplicatedTopics {
    private static final long POLL_MS = 100;
    private static final long CALL_TIMEOUT_S = 10;

    /**
     * Where a topic's partitions are, as DescribeTopics reported them.
     *
     * @param leaders leader id by partition (-1 for none)
     * @param isr     in-sync replica ids by partition
     */
    record Layout(SortedMap<Integer, Integer> leaders, SortedMap<Integer, List<Integer>> isr) {

        /** Partitions led by each broker in {@code brokerIds}, brokers that lead nothing included. */
        Map<Integer, List<Integer>> byLeader(List<Integer> brokerIds) {
            Map<Integer, List<Integer>> out = new LinkedHashMap<>();
            brokerIds.forEach(id -> out.put(id, new ArrayList<>()));
            leaders.forEach((p, leader) -> out.computeIfAbsent(leader, k -> new ArrayList<>()).add(p));
            return out;
        }

        /** Whether no broker leads more than one partition more than any other. */
        boolean balanced(List<Integer> brokerIds) {
            var counts = byLeader(brokerIds).values().stream().mapToInt(List::size).summaryStatistics();
            return counts.getMax() - counts.getMin() <= 1;
        }
    }

    private ReplicatedTopics() {
    }

    /**
     * Creates {@code topic} and waits, for at most {@code timeoutMs}, until each partition has a leader and an ISR
     * of {@code replicationFactor} replicas. Retries creation while the cluster is still registering brokers.
     */
    static Layout createAndAwait(RunningCluster cluster, String topic, int partitions, int replicationFactor,
                                 Map<String, String> configs, Time time, long timeoutMs)
            throws WorkloadException, InterruptedException {
        long deadline = time.milliseconds() + timeoutMs;
        NewTopic newTopic = new NewTopic(topic, partitions, (short) replicationFactor).configs(configs);
        while (true) {
            try {
                cluster.admin().createTopics(List.of(newTopic)).all().get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicExistsException) {
                    break;
                }
                boolean retry = cause instanceof RetriableException || cause instanceof InvalidReplicationFactorException;
                if (!retry || time.milliseconds() > deadline) {
                    throw new WorkloadException("CreateTopics " + topic + " (" + partitions + " partitions, RF "
                            + replicationFactor + ") failed: " + cause);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                if (time.milliseconds() > deadline) {
                    throw new WorkloadException("CreateTopics " + topic + " got no answer in " + timeoutMs + " ms");
                }
            }
            time.sleep(POLL_MS);
        }
        String last = "not described yet";
        while (time.milliseconds() <= deadline) {
            try {
                Layout layout = describe(cluster, topic);
                last = incomplete(layout, partitions, replicationFactor);
                if (last == null) {
                    return layout;
                }
            } catch (WorkloadException e) {
                last = e.getMessage();
            }
            time.sleep(POLL_MS);
        }
        throw new WorkloadException("Topic " + topic + " not fully replicated after " + timeoutMs + " ms: " + last);
    }

    /** The topic's partitions as DescribeTopics reports them now. */
    static Layout describe(RunningCluster cluster, String topic) throws WorkloadException, InterruptedException {
        TopicDescription d;
        try {
            d = cluster.admin().describeTopics(List.of(topic)).allTopicNames().get(CALL_TIMEOUT_S, TimeUnit.SECONDS)
                    .get(topic);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new WorkloadException("DescribeTopics " + topic + ": " + (e.getCause() == null ? e : e.getCause()));
        }
        SortedMap<Integer, Integer> leaders = new TreeMap<>();
        SortedMap<Integer, List<Integer>> isr = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            Node leader = p.leader();
            leaders.put(p.partition(), leader == null || leader.isEmpty() ? -1 : leader.id());
            isr.put(p.partition(), p.isr().stream().map(Node::id).toList());
        }
        return new Layout(leaders, isr);
    }

    /** Null if every partition has a leader and a full ISR, else what is missing. */
    static String incomplete(Layout layout, int partitions, int replicationFactor) {
        if (layout.leaders().size() != partitions) {
            return layout.leaders().size() + " of " + partitions + " partitions described";
        }
        for (int p : layout.leaders().keySet()) {
            if (layout.leaders().get(p) < 0) {
                return "partition " + p + " has no leader";
            }
            if (layout.isr().get(p).size() != replicationFactor) {
                return "partition " + p + " has ISR " + layout.isr().get(p);
            }
        }
        return null;
    }
}
