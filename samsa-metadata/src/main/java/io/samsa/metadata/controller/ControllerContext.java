package io.samsa.metadata.controller;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.ControllerEpoch;
import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.PartitionOrder;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.TopicAssignment;
import io.samsa.metadata.Versioned;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * What the active controller knows: its epoch, the live brokers (with epochs) and those shutting down, every topic's
 * assignment and every partition's state with its version, and the partition and replica state machines.
 *
 * <p>Loaded from the {@link ControllerStore}'s watched copy on activation and after every event
 * ({@link #refresh}); partition states the controller writes or re-reads are put back at once
 * ({@link #putState}), so decisions within one event see the controller's own writes.
 *
 * <p>Owned by the controller's event loop; not thread-safe. Iteration orders are sorted, so a simulation replays.
 */
final class ControllerContext {
    private final int brokerId;
    private ControllerEpoch epoch;
    private LiveBrokers brokers = new LiveBrokers(new TreeMap<>(), new TreeSet<>());
    private SortedMap<Integer, Versioned<ControlledShutdownRequest>> shutdownRequests = new TreeMap<>();
    private SortedMap<String, Versioned<TopicAssignment>> topics = new TreeMap<>();
    /** Every partition's assignment, derived from {@link #topics} and rebuilt only when they change. */
    private SortedMap<TopicPartition, ReplicaAssignment> assignments = new TreeMap<>(PartitionOrder.INSTANCE);
    /** The same, for lookups: every pass looks up every partition several times. */
    private Map<TopicPartition, ReplicaAssignment> assignmentIndex = new HashMap<>();
    /** Looked up by partition only (sorted work iterates {@link #assignments}), hence a hash map. */
    private final HashMap<TopicPartition, Versioned<PartitionState>> states = new HashMap<>();
    private final StatusBook statuses = new StatusBook();

    ControllerContext(int brokerId) {
        this.brokerId = brokerId;
    }

    int brokerId() {
        return brokerId;
    }

    /** The epoch won, or null while this broker is not the active controller. */
    ControllerEpoch epoch() {
        return epoch;
    }

    void activate(ControllerEpoch won) {
        this.epoch = won;
    }

    /** Forgets everything: this broker is no longer the controller. */
    void deactivate() {
        epoch = null;
        brokers = new LiveBrokers(new TreeMap<>(), new TreeSet<>());
        shutdownRequests = new TreeMap<>();
        topics = new TreeMap<>();
        assignments = new TreeMap<>(PartitionOrder.INSTANCE);
        assignmentIndex = new HashMap<>();
        states.clear();
        statuses.clear();
    }

    /** Reloads brokers, requests, topics and states from the store's copy ({@link #syncStatuses} is separate). */
    void refresh(ControllerStore store) {
        SortedMap<Integer, BrokerRegistration> live = store.liveBrokers();
        shutdownRequests = store.controlledShutdownRequests();
        TreeSet<Integer> stopping = new TreeSet<>();
        shutdownRequests.forEach((id, request) -> {
            BrokerRegistration broker = live.get(id);
            // A request from an earlier incarnation of the broker says nothing about the current one.
            if (broker != null && broker.epoch() == request.value().brokerEpoch()) {
                stopping.add(id);
            }
        });
        brokers = new LiveBrokers(live, stopping);
        setTopics(store.topics());
        states.clear();
        for (String topic : topics.keySet()) {
            store.partitionStates(topic).forEach((p, state) -> states.put(new TopicPartition(topic, p), state));
        }
    }

    private void setTopics(SortedMap<String, Versioned<TopicAssignment>> fresh) {
        if (fresh.equals(topics)) {
            return; // usually nothing changed: keep the derived assignments
        }
        topics = fresh;
        TreeMap<TopicPartition, ReplicaAssignment> out = new TreeMap<>(PartitionOrder.INSTANCE);
        topics.forEach((name, topic) -> topic.value().partitions()
            .forEach((p, a) -> out.put(new TopicPartition(name, p), a)));
        assignments = Collections.unmodifiableSortedMap(out);
        assignmentIndex = new HashMap<>(out);
    }

    LiveBrokers brokers() {
        return brokers;
    }

    SortedMap<Integer, Versioned<ControlledShutdownRequest>> shutdownRequests() {
        return shutdownRequests;
    }

    SortedMap<String, Versioned<TopicAssignment>> topics() {
        return topics;
    }

    /** Every partition's assignment, in partition order; unmodifiable. */
    SortedMap<TopicPartition, ReplicaAssignment> assignments() {
        return assignments;
    }

    ReplicaAssignment assignment(TopicPartition tp) {
        return assignmentIndex.get(tp);
    }

    Versioned<PartitionState> state(TopicPartition tp) {
        return states.get(tp);
    }

    Map<TopicPartition, Versioned<PartitionState>> states() {
        return Collections.unmodifiableMap(states);
    }

    void putState(TopicPartition tp, Versioned<PartitionState> state) {
        Versioned<PartitionState> held = states.get(tp);
        if (held == null || held.modifiedZxid() <= state.modifiedZxid()) {
            states.put(tp, state);
        }
    }

    void removeState(TopicPartition tp) {
        states.remove(tp);
    }

    void putTopic(String name, Versioned<TopicAssignment> topic) {
        TreeMap<String, Versioned<TopicAssignment>> updated = new TreeMap<>(topics);
        updated.put(name, topic);
        setTopics(updated);
    }

    StatusBook statuses() {
        return statuses;
    }

    /** Moves the state machines to what the current context says. */
    void syncStatuses() {
        statuses.sync(assignments, assignmentIndex, states, brokers.liveIds());
    }
}
