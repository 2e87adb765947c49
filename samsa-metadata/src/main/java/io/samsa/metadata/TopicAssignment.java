package io.samsa.metadata;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * A topic znode ({@code /brokers/topics/<name>}) as the controller reads and writes it: id and, per partition,
 * replicas with any reassignment in progress. Brokers see the same znode as a {@link TopicMetadata}, whose
 * assignment is each partition's full replica list.
 *
 * @param name       topic name
 * @param topicId    topic id
 * @param partitions partition index to its replicas, sorted, unmodifiable
 */
public record TopicAssignment(String name, Uuid topicId, SortedMap<Integer, ReplicaAssignment> partitions) {
    public TopicAssignment {
        partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    }

    /** The broker-facing view: every partition's full replica list. */
    public TopicMetadata metadata() {
        TreeMap<Integer, List<Integer>> replicas = new TreeMap<>();
        partitions.forEach((p, a) -> replicas.put(p, a.replicas()));
        return new TopicMetadata(name, topicId, Collections.unmodifiableSortedMap(replicas));
    }

    public TopicAssignment withPartition(int partition, ReplicaAssignment assignment) {
        TreeMap<Integer, ReplicaAssignment> updated = new TreeMap<>(partitions);
        updated.put(partition, assignment);
        return new TopicAssignment(name, topicId, updated);
    }
}
