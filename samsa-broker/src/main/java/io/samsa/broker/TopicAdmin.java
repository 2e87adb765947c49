package io.samsa.broker;

import io.samsa.common.config.BrokerConfig;
import io.samsa.common.config.TopicConfigs;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.controller.ReplicaPlacement;
import io.samsa.storage.LogConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

/**
 * Topic administration shared by CreateTopics, Metadata auto-creation, DeleteTopics, CreatePartitions and the
 * config APIs: validation with Kafka's rules and messages, replica assignment, the ZooKeeper write, then an
 * immediate local reconcile so the caller's next request already sees the result on this broker.
 *
 * <p>Methods block on ZooKeeper: call them from {@link BrokerContext#blockingExecutor()}. Thread-safe.
 */
public final class TopicAdmin {
    private final int brokerId;
    private final BrokerConfig config;
    private final MetadataStore metadata;
    private final TopicReconcilerRef reconciler;

    /** Late-bound reconciler: the reconciler needs logs, which need this class's config lookup. */
    public static final class TopicReconcilerRef {
        private volatile TopicReconciler reconciler;

        public void set(TopicReconciler r) {
            this.reconciler = r;
        }

        void reconcile() {
            TopicReconciler r = reconciler;
            if (r != null) {
                r.reconcile();
            }
        }

        void configChanged(String topic) {
            TopicReconciler r = reconciler;
            if (r != null) {
                r.onTopicConfigChanged(topic);
            }
        }
    }

    /** The outcome of a topic creation, for the CreateTopics response. */
    public record Created(Uuid topicId, int numPartitions, short replicationFactor, Map<String, String> configs) {
    }

    public TopicAdmin(int brokerId, BrokerConfig config, MetadataStore metadata, TopicReconcilerRef reconciler) {
        this.brokerId = brokerId;
        this.config = config;
        this.metadata = metadata;
        this.reconciler = reconciler;
    }

    /** Throws InvalidTopicException for a bad name or one that collides with an existing topic. */
    public void validateNewName(String name) {
        Topic.validate(name);
        if (Topic.hasCollisionChars(name)) {
            for (String existing : metadata.topics().keySet()) {
                if (!existing.equals(name) && Topic.hasCollision(existing, name)) {
                    throw new InvalidTopicException("Topic '" + name + "' collides with existing topic: " + existing);
                }
            }
        }
    }

    /**
     * Creates a topic. {@code numPartitions}/{@code replicationFactor} of -1 mean the broker defaults; a non-empty
     * {@code manualAssignment} replaces both.
     */
    public Created createTopic(String name, int numPartitions, short replicationFactor,
                               Map<Integer, List<Integer>> manualAssignment, Map<String, String> configs,
                               boolean validateOnly) {
        validateNewName(name);
        if (metadata.topic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        Map<String, String> overrides = TopicConfigs.validate(configs);
        List<Integer> live = liveBrokerIds();
        SortedMap<Integer, List<Integer>> assignment;
        if (manualAssignment != null && !manualAssignment.isEmpty()) {
            if (numPartitions != -1 || replicationFactor != -1) {
                throw new org.apache.kafka.common.errors.InvalidRequestException(
                        "Both numPartitions or replicationFactor and replicasAssignments were set. "
                                + "Both cannot be used at the same time.");
            }
            assignment = validateManualAssignment(new TreeMap<>(manualAssignment), 0, live);
        } else {
            int partitions = numPartitions == -1 ? config.numPartitions() : numPartitions;
            int rf = replicationFactor == -1 ? config.defaultReplicationFactor() : replicationFactor;
            if (partitions <= 0) {
                throw new InvalidPartitionsException("Number of partitions was set to an invalid non-positive value.");
            }
            if (rf <= 0) {
                throw new InvalidReplicationFactorException(
                        "Replication factor must be larger than 0, or -1 to use the default value.");
            }
            assignment = spread(live, 0, partitions, rf);
        }
        return register(name, assignment, overrides, validateOnly);
    }

    /** Creates an internal topic ({@code __consumer_offsets}, later {@code __transaction_state}). */
    public Created createInternalTopic(String name, int partitions, short replicationFactor,
                                       Map<String, String> configs) {
        if (metadata.topic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        SortedMap<Integer, List<Integer>> assignment = spread(liveBrokerIds(), 0, partitions, replicationFactor);
        return register(name, assignment, TopicConfigs.validate(configs), false);
    }

    /** Writes a new topic to ZooKeeper (unless only validating) and creates its local partitions at once. */
    private Created register(String name, SortedMap<Integer, List<Integer>> assignment, Map<String, String> overrides,
                             boolean validateOnly) {
        Uuid topicId = Uuid.randomUuid();
        short rf = (short) assignment.get(assignment.firstKey()).size();
        if (!validateOnly) {
            metadata.createTopic(new TopicMetadata(name, topicId, assignment), initialStates(assignment), overrides);
            reconciler.reconcile();
        }
        return new Created(topicId, assignment.size(), rf, overrides);
    }

    /**
     * Kafka's placement (rack-aware when brokers have a {@code broker.rack}) from a random start, so leaders of
     * successive topics do not all land on one broker.
     */
    private SortedMap<Integer, List<Integer>> spread(List<Integer> live, int firstPartition, int count,
                                                    int replicationFactor) {
        return spread(live, firstPartition, count, replicationFactor, ThreadLocalRandom.current().nextInt(live.size()),
                ThreadLocalRandom.current().nextInt(live.size()));
    }

    private SortedMap<Integer, List<Integer>> spread(List<Integer> live, int firstPartition, int count,
                                                    int replicationFactor, int startIndex, int replicaShift) {
        Map<Integer, String> racks = new HashMap<>();
        for (Integer id : live) {
            racks.put(id, null);
        }
        for (BrokerRegistration b : metadata.liveBrokers()) {
            if (racks.containsKey(b.brokerId())) {
                racks.put(b.brokerId(), b.rack());
            }
        }
        return ReplicaPlacement.place(new ReplicaPlacement.Request(racks, firstPartition, count, replicationFactor,
                startIndex, replicaShift));
    }

    public void deleteTopic(String name) {
        if (!config.deleteTopicEnable()) {
            throw new TopicDeletionDisabledException("Topic deletion is disabled.");
        }
        if (metadata.topic(name).isEmpty()) {
            throw new UnknownTopicOrPartitionException("This server does not host this topic-partition.");
        }
        metadata.deleteTopic(name);
        reconciler.reconcile();
    }

    /** CreatePartitions: grows the topic to {@code newCount}, with optional assignments for the new partitions. */
    public void createPartitions(String name, int newCount, List<List<Integer>> assignments, boolean validateOnly) {
        TopicMetadata topic = metadata.topic(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist."));
        int current = topic.partitionCount();
        if (newCount < current) {
            throw new InvalidPartitionsException("Topic currently has " + current
                    + " partitions, which is higher than the requested " + newCount + ".");
        }
        if (newCount == current) {
            throw new InvalidPartitionsException("Topic already has " + current + " partitions.");
        }
        List<Integer> live = liveBrokerIds();
        List<Integer> partition0 = topic.assignment().get(topic.assignment().firstKey());
        int rf = partition0.size();
        SortedMap<Integer, List<Integer>> added;
        if (assignments != null) {
            if (assignments.size() != newCount - current) {
                throw new InvalidReplicaAssignmentException("Increasing the number of partitions by "
                        + (newCount - current) + " but " + assignments.size() + " assignments provided.");
            }
            SortedMap<Integer, List<Integer>> manual = new TreeMap<>();
            for (int i = 0; i < assignments.size(); i++) {
                manual.put(current + i, assignments.get(i));
            }
            added = validateManualAssignment(manual, current, live);
        } else {
            int start = ReplicaPlacement.startIndexForAddedPartitions(live, partition0.get(0));
            added = spread(live, current, newCount - current, rf, start, start);
        }
        if (!validateOnly) {
            metadata.addPartitions(name, added, initialStates(added));
            reconciler.reconcile();
        }
    }

    /** Replaces a topic's config overrides (AlterConfigs / IncrementalAlterConfigs). */
    public void setTopicConfig(String name, Map<String, String> overrides, boolean validateOnly) {
        if (metadata.topic(name).isEmpty()) {
            throw new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist.");
        }
        Map<String, String> normalized = TopicConfigs.validate(overrides);
        if (!validateOnly) {
            metadata.setTopicConfig(name, normalized);
            reconciler.configChanged(name);
        }
    }

    /** The effective log settings of a topic. */
    public LogConfig logConfig(String topic) {
        return LogConfigs.forTopic(metadata.topicConfig(topic), config);
    }

    /** The topic's effective {@code min.insync.replicas}. */
    public int minInsyncReplicas(String topic) {
        return LogConfigs.minInsyncReplicas(metadata.topicConfig(topic), config);
    }

    private SortedMap<Integer, List<Integer>> validateManualAssignment(SortedMap<Integer, List<Integer>> manual,
                                                                       int firstPartition, List<Integer> live) {
        Set<Integer> liveSet = new HashSet<>(live);
        int expected = firstPartition;
        Integer rf = null;
        for (Map.Entry<Integer, List<Integer>> e : manual.entrySet()) {
            if (e.getKey() != expected++) {
                throw new InvalidReplicaAssignmentException("Partitions should be consecutive and start from "
                        + firstPartition + ".");
            }
            List<Integer> replicas = e.getValue();
            if (replicas.isEmpty()) {
                throw new InvalidReplicaAssignmentException("Replica assignment for partition " + e.getKey()
                        + " is empty.");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new InvalidReplicaAssignmentException("Duplicate brokers not allowed in replica assignment: "
                        + replicas + " for partition id " + e.getKey() + ".");
            }
            if (!liveSet.containsAll(replicas)) {
                throw new InvalidReplicaAssignmentException("Some brokers specified for partition id " + e.getKey()
                        + " are not available. Specified brokers: " + replicas + ", available brokers: " + live + ".");
            }
            if (rf != null && rf != replicas.size()) {
                throw new InvalidReplicaAssignmentException("All partitions should have the same number of replicas");
            }
            rf = replicas.size();
        }
        return manual;
    }

    private static Map<Integer, PartitionState> initialStates(SortedMap<Integer, List<Integer>> assignment) {
        Map<Integer, PartitionState> states = new HashMap<>();
        assignment.forEach((p, replicas) -> states.put(p, new PartitionState(replicas.get(0), 0,
                new ArrayList<>(replicas), 0)));
        return states;
    }

    private List<Integer> liveBrokerIds() {
        List<Integer> ids = new ArrayList<>();
        for (BrokerRegistration b : metadata.liveBrokers()) {
            ids.add(b.brokerId());
        }
        if (ids.isEmpty()) {
            // Registration happens after the listener is up; admin requests cannot arrive before, but be safe.
            ids.add(brokerId);
        }
        return ids;
    }
}
