package io.samsa.metadata.memory;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicAssignment;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * One client's copy of the tree, as of the watch events it has run so far plus its own writes, and the reads the
 * stores serve from it. Reads return fresh unmodifiable collections. Thread-safe (synchronized): the owner's
 * executor applies changes while callers read.
 */
final class ClientView {
    private final ZNodeTables nodes = new ZNodeTables();

    /** Applies changes; returns those that changed the copy. */
    synchronized List<Change> apply(List<Change> changes) {
        List<Change> applied = new ArrayList<>();
        for (Change change : changes) {
            if (nodes.apply(change)) {
                applied.add(change);
            }
        }
        return applied;
    }

    synchronized void replaceWith(ZNodeTables snapshot) {
        nodes.copyFrom(snapshot);
    }

    synchronized List<BrokerRegistration> liveBrokers() {
        List<BrokerRegistration> out = new ArrayList<>();
        nodes.<Integer, BrokerRegistration>all(Kind.BROKER).values().forEach(n -> out.add(n.value()));
        return List.copyOf(out);
    }

    synchronized ZNode<BrokerRegistration> broker(int brokerId) {
        return nodes.get(Kind.BROKER, brokerId);
    }

    synchronized OptionalInt controllerId() {
        ZNode<Integer> node = nodes.get(Kind.CONTROLLER, Kind.SINGLE);
        return node == null ? OptionalInt.empty() : OptionalInt.of(node.value());
    }

    synchronized SortedMap<String, Versioned<TopicAssignment>> topicAssignments() {
        TreeMap<String, Versioned<TopicAssignment>> out = new TreeMap<>();
        nodes.<String, TopicAssignment>all(Kind.TOPIC).forEach((name, n) -> out.put(name, versioned(n)));
        return Collections.unmodifiableSortedMap(out);
    }

    synchronized SortedMap<String, TopicMetadata> topics() {
        TreeMap<String, TopicMetadata> out = new TreeMap<>();
        nodes.<String, TopicAssignment>all(Kind.TOPIC).forEach((name, n) -> out.put(name, n.value().metadata()));
        return Collections.unmodifiableSortedMap(out);
    }

    synchronized ZNode<TopicAssignment> topic(String name) {
        return nodes.get(Kind.TOPIC, name);
    }

    /** The topic's states by partition; empty if the topic is unknown. */
    synchronized SortedMap<Integer, Versioned<PartitionState>> states(String topic) {
        TreeMap<Integer, Versioned<PartitionState>> out = new TreeMap<>();
        if (nodes.get(Kind.TOPIC, topic) != null) {
            nodes.<TopicPartition, PartitionState>range(Kind.STATE, new TopicPartition(topic, Integer.MIN_VALUE),
                new TopicPartition(topic, Integer.MAX_VALUE)).forEach((tp, n) -> out.put(tp.partition(), versioned(n)));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    synchronized Versioned<PartitionState> state(TopicPartition partition) {
        ZNode<PartitionState> node = nodes.get(Kind.STATE, partition);
        return node == null || nodes.get(Kind.TOPIC, partition.topic()) == null ? null : versioned(node);
    }

    synchronized Map<String, String> topicConfig(String topic) {
        ZNode<Map<String, String>> node = nodes.get(Kind.CONFIG, topic);
        return node == null ? Map.of() : node.value();
    }

    synchronized SortedMap<Integer, Versioned<ControlledShutdownRequest>> shutdownRequests() {
        TreeMap<Integer, Versioned<ControlledShutdownRequest>> out = new TreeMap<>();
        nodes.<Integer, ControlledShutdownRequest>all(Kind.SHUTDOWN).forEach((id, n) -> out.put(id, versioned(n)));
        return Collections.unmodifiableSortedMap(out);
    }

    static <V> Versioned<V> versioned(ZNode<V> node) {
        return new Versioned<>(node.value(), node.version(), node.mzxid());
    }
}
