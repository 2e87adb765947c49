package io.samsa.metadata;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.kafka.common.Uuid;

/**
 * A topic as stored in ZooKeeper under {@code /brokers/topics/<name>}: its id and replica assignment.
 *
 * @param name       topic name
 * @param topicId    stable id (survives restarts; a re-created topic gets a new one)
 * @param assignment partition index to replica broker ids, first is the preferred leader
 */
public record TopicMetadata(String name, Uuid topicId, SortedMap<Integer, List<Integer>> assignment) {
    public int partitionCount() {
        return assignment.size();
    }

    public TopicMetadata withAssignment(SortedMap<Integer, List<Integer>> newAssignment) {
        return new TopicMetadata(name, topicId, newAssignment);
    }

    /** Convenience for tests and handlers. */
    public static SortedMap<Integer, List<Integer>> sorted(Map<Integer, List<Integer>> m) {
        return new java.util.TreeMap<>(m);
    }
}
