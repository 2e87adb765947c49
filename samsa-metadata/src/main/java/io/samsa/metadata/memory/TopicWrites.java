package io.samsa.metadata.memory;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.TopicAssignment;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.WriteResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

/**
 * The broker-side writes of {@link InMemoryMetadataStore} as transactions on the ensemble's tree, with the ZooKeeper
 * store's checks and exceptions: each checks everything first and then writes, so it is all or nothing.
 */
final class TopicWrites {
    private TopicWrites() {
    }

    /** Creates (or, for this session, rewrites) {@code /brokers/ids/<id>}; the broker epoch is the create's zxid. */
    static BrokerRegistration register(Txn txn, BrokerRegistration broker) {
        ZNode<BrokerRegistration> existing = txn.get(Kind.BROKER, broker.brokerId());
        if (existing != null) {
            if (existing.ephemeralOwner() != txn.session()) {
                throw new DuplicateBrokerRegistrationException("broker.id " + broker.brokerId()
                    + " is already registered by another live session " + existing.ephemeralOwner());
            }
            if (!existing.value().sameRegistrationAs(broker)) {
                txn.set(Kind.BROKER, broker.brokerId(), broker.withEpoch(existing.czxid()));
            }
            return broker.withEpoch(existing.czxid());
        }
        BrokerRegistration registered = broker.withEpoch(txn.zxid());
        txn.create(Kind.BROKER, broker.brokerId(), registered, true);
        return registered;
    }

    static Void createTopic(Txn txn, TopicMetadata topic, Map<Integer, PartitionState> states,
                            Map<String, String> configs) {
        Topic.validate(topic.name());
        if (topic.assignment().isEmpty()) {
            throw new InvalidPartitionsException("Topic " + topic.name() + " must have at least one partition");
        }
        if (txn.get(Kind.TOPIC, topic.name()) != null) {
            throw new TopicExistsException("Topic '" + topic.name() + "' already exists.");
        }
        requireSubset(topic.name(), states, topic.assignment());
        TreeMap<Integer, ReplicaAssignment> partitions = new TreeMap<>();
        topic.assignment().forEach((p, replicas) -> partitions.put(p, ReplicaAssignment.of(replicas)));
        txn.create(Kind.TOPIC, topic.name(), new TopicAssignment(topic.name(), topic.topicId(), partitions), false);
        new TreeMap<>(states).forEach((p, state) ->
            txn.create(Kind.STATE, new TopicPartition(topic.name(), p), state, false));
        putConfig(txn, topic.name(), configs);
        return null;
    }

    static Void deleteTopic(Txn txn, String name) {
        ZNode<TopicAssignment> topic = txn.get(Kind.TOPIC, name);
        if (topic == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        for (Integer p : topic.value().partitions().keySet()) {
            txn.delete(Kind.STATE, new TopicPartition(name, p));
        }
        txn.delete(Kind.TOPIC, name);
        txn.delete(Kind.CONFIG, name);
        return null;
    }

    static Void addPartitions(Txn txn, String name, SortedMap<Integer, List<Integer>> added,
                              Map<Integer, PartitionState> states) {
        ZNode<TopicAssignment> topic = txn.get(Kind.TOPIC, name);
        if (topic == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        if (added.isEmpty()) {
            throw new InvalidPartitionsException("No partitions to add to topic " + name);
        }
        List<Integer> existing = added.keySet().stream().filter(topic.value().partitions()::containsKey).toList();
        if (!existing.isEmpty()) {
            throw new InvalidPartitionsException("Topic " + name + " already has partitions " + existing);
        }
        requireSubset(name, states, added);
        TopicAssignment updated = topic.value();
        for (Map.Entry<Integer, List<Integer>> e : added.entrySet()) {
            updated = updated.withPartition(e.getKey(), ReplicaAssignment.of(e.getValue()));
        }
        txn.set(Kind.TOPIC, name, updated);
        new TreeMap<>(states).forEach((p, state) -> txn.create(Kind.STATE, new TopicPartition(name, p), state, false));
        return null;
    }

    static Void setConfig(Txn txn, String name, Map<String, String> configs) {
        if (txn.get(Kind.TOPIC, name) == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        putConfig(txn, name, configs);
        return null;
    }

    private static void putConfig(Txn txn, String name, Map<String, String> configs) {
        Map<String, String> value = Collections.unmodifiableMap(new TreeMap<>(configs)); // sorted: replays iterate it
        if (txn.get(Kind.CONFIG, name) == null) {
            txn.create(Kind.CONFIG, name, value, false);
        } else {
            txn.set(Kind.CONFIG, name, value);
        }
    }

    static WriteResult<PartitionState> updateState(Txn txn, TopicPartition tp, PartitionState state,
                                                   int expectedVersion) {
        ZNode<PartitionState> current = txn.get(Kind.STATE, tp);
        if (current == null) {
            return WriteResult.notFound();
        }
        if (current.version() != expectedVersion) {
            return WriteResult.conflict();
        }
        return WriteResult.written(ClientView.versioned(txn.set(Kind.STATE, tp, state)));
    }

    private static void requireSubset(String topic, Map<Integer, PartitionState> states,
                                      Map<Integer, List<Integer>> partitions) {
        for (Integer p : states.keySet()) {
            if (!partitions.containsKey(p)) {
                throw new IllegalArgumentException("State given for partition " + p + " of topic " + topic
                    + ", which is not among the partitions " + partitions.keySet());
            }
        }
    }
}
