package io.samsa.metadata;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;

/**
 * Immutable views that {@link ZkMetadataCache} hands to readers, rebuilt only after what they derive from changed:
 * Produce, Fetch and Metadata read topics and partition states per request, and callers may cache what they derive
 * from a view by identity.
 *
 * <p>Each view remembers the entries' modification count it was built from; the count is read before building, so
 * a change during a build makes the next reader rebuild again. Thread-safe; reads take no lock.
 */
final class CacheViews {
    /** The topics by name and by id, with the topics' modification count they reflect. */
    private record TopicsView(long modifications, SortedMap<String, TopicMetadata> byName,
                              Map<Uuid, TopicMetadata> byId) {
    }

    /** One topic's partition states, with the states' modification count they reflect. */
    private record StatesView(long modifications, SortedMap<Integer, PartitionState> states) {
    }

    /** Every topic in the controller's form, with the topics' modification count it reflects. */
    private record AssignmentsView(long modifications, SortedMap<String, Versioned<TopicAssignment>> topics) {
    }

    /** One topic's versioned states (the controller's form), with the states' modification count. */
    private record VersionedStatesView(long modifications, SortedMap<Integer, Versioned<PartitionState>> states) {
    }

    private final VersionedEntries<String, TopicZNode.Data> topics;
    private final VersionedEntries<org.apache.kafka.common.TopicPartition, PartitionState> states;
    private volatile TopicsView topicsView = new TopicsView(-1, Collections.emptySortedMap(), Map.of());
    private final ConcurrentHashMap<String, StatesView> statesViews = new ConcurrentHashMap<>();
    private volatile AssignmentsView assignmentsView = new AssignmentsView(-1, Collections.emptySortedMap());
    private final ConcurrentHashMap<String, VersionedStatesView> versionedStatesViews = new ConcurrentHashMap<>();

    CacheViews(VersionedEntries<String, TopicZNode.Data> topics,
               VersionedEntries<org.apache.kafka.common.TopicPartition, PartitionState> states) {
        this.topics = topics;
        this.states = states;
    }

    private TopicsView topicsView() {
        TopicsView view = topicsView;
        long mods = topics.modifications();
        if (view.modifications() == mods) {
            return view;
        }
        TreeMap<String, TopicMetadata> byName = new TreeMap<>();
        Map<Uuid, TopicMetadata> byId = new HashMap<>();
        topics.values().forEach((name, data) -> {
            byName.put(name, data.topic());
            byId.put(data.topic().topicId(), data.topic());
        });
        view = new TopicsView(mods, Collections.unmodifiableSortedMap(byName), Collections.unmodifiableMap(byId));
        topicsView = view;
        return view;
    }

    SortedMap<String, TopicMetadata> topics() {
        return topicsView().byName();
    }

    Optional<TopicMetadata> topicById(Uuid id) {
        return Optional.ofNullable(topicsView().byId().get(id));
    }

    /** The topic's partition states, the same instance until a partition state changes; empty if unknown. */
    SortedMap<Integer, PartitionState> partitionStates(String topic) {
        if (topics.get(topic) == null) {
            statesViews.remove(topic);
            return Collections.emptySortedMap();
        }
        long mods = states.modifications();
        StatesView view = statesViews.get(topic);
        if (view != null && view.modifications() == mods) {
            return view.states();
        }
        TreeMap<Integer, PartitionState> out = new TreeMap<>();
        states.values(ZkMetadataCache.first(topic), ZkMetadataCache.last(topic))
            .forEach((tp, state) -> out.put(tp.partition(), state));
        SortedMap<Integer, PartitionState> built = Collections.unmodifiableSortedMap(out);
        statesViews.put(topic, new StatesView(mods, built));
        return built;
    }

    /** Every topic znode in the controller's form, with its version, by name; the same instance until one changes. */
    SortedMap<String, Versioned<TopicAssignment>> topicAssignments() {
        AssignmentsView view = assignmentsView;
        long mods = topics.modifications();
        if (view.modifications() == mods) {
            return view.topics();
        }
        TreeMap<String, Versioned<TopicAssignment>> out = new TreeMap<>();
        for (String name : topics.values().keySet()) {
            VersionedEntries.Entry<TopicZNode.Data> entry = topics.entry(name);
            if (entry != null) {
                out.put(name, new Versioned<>(entry.value().toAssignment(), entry.version(), entry.mzxid()));
            }
        }
        view = new AssignmentsView(mods, Collections.unmodifiableSortedMap(out));
        assignmentsView = view;
        return view.topics();
    }

    /** The topic's states with their versions; the same instance until a partition state changes. */
    SortedMap<Integer, Versioned<PartitionState>> versionedStates(String topic) {
        long mods = states.modifications();
        VersionedStatesView view = versionedStatesViews.get(topic);
        if (view != null && view.modifications() == mods) {
            return view.states();
        }
        TreeMap<Integer, Versioned<PartitionState>> out = new TreeMap<>();
        for (org.apache.kafka.common.TopicPartition tp
            : states.keys(ZkMetadataCache.first(topic), ZkMetadataCache.last(topic))) {
            VersionedEntries.Entry<PartitionState> entry = states.entry(tp);
            if (entry != null) {
                out.put(tp.partition(), entry.versioned());
            }
        }
        SortedMap<Integer, Versioned<PartitionState>> built = Collections.unmodifiableSortedMap(out);
        if (topics.get(topic) == null) {
            versionedStatesViews.remove(topic);
        } else {
            versionedStatesViews.put(topic, new VersionedStatesView(mods, built));
        }
        return built;
    }
}
