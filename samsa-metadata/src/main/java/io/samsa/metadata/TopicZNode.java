package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;

/**
 * {@code /brokers/topics/<topic>}, Kafka's version 3 topic znode:
 *
 * <pre>
 * {"version":3,"topic_id":"&lt;Uuid&gt;","partitions":{"0":[1,2],"1":[2,3]},"adding_replicas":{},"removing_replicas":{}}
 * </pre>
 *
 * Adding and removing replicas (a reassignment in progress, written by Kafka's controller) are carried through
 * unchanged when Samsa rewrites the znode. A topic written by a Kafka older than 2.8 has no {@code topic_id};
 * it decodes as {@link Uuid#ZERO_UUID}.
 */
final class TopicZNode {
    static final int VERSION = 3;

    /** The decoded znode. Maps are sorted by partition index and unmodifiable. */
    record Data(TopicMetadata topic, Map<Integer, List<Integer>> addingReplicas,
                Map<Integer, List<Integer>> removingReplicas) {
        static Data of(TopicMetadata topic) {
            return new Data(topic, Map.of(), Map.of());
        }

        Data withAssignment(SortedMap<Integer, List<Integer>> assignment) {
            return new Data(topic.withAssignment(assignment), addingReplicas, removingReplicas);
        }

        /** The controller's view: per partition, replicas with any reassignment in progress. */
        TopicAssignment toAssignment() {
            TreeMap<Integer, ReplicaAssignment> partitions = new TreeMap<>();
            topic.assignment().forEach((p, replicas) -> partitions.put(p, new ReplicaAssignment(replicas,
                addingReplicas.getOrDefault(p, List.of()), removingReplicas.getOrDefault(p, List.of()))));
            return new TopicAssignment(topic.name(), topic.topicId(), partitions);
        }

        static Data of(TopicAssignment assignment) {
            TreeMap<Integer, List<Integer>> adding = new TreeMap<>();
            TreeMap<Integer, List<Integer>> removing = new TreeMap<>();
            assignment.partitions().forEach((p, a) -> {
                if (!a.addingReplicas().isEmpty()) {
                    adding.put(p, a.addingReplicas());
                }
                if (!a.removingReplicas().isEmpty()) {
                    removing.put(p, a.removingReplicas());
                }
            });
            return new Data(assignment.metadata(), Collections.unmodifiableSortedMap(adding),
                Collections.unmodifiableSortedMap(removing));
        }
    }

    private TopicZNode() {
    }

    static byte[] encode(Data data) {
        ObjectNode node = ZkJson.object();
        node.put("version", VERSION);
        node.put("topic_id", data.topic().topicId().toString());
        writeAssignment(node.putObject("partitions"), data.topic().assignment(), false);
        writeAssignment(node.putObject("adding_replicas"), data.addingReplicas(), true);
        writeAssignment(node.putObject("removing_replicas"), data.removingReplicas(), true);
        return ZkJson.bytes(node);
    }

    static Data decode(String topic, byte[] bytes) {
        String path = ZkPaths.topic(topic);
        JsonNode node = ZkJson.parse(path, bytes);
        String id = ZkJson.optionalText(node, "topic_id");
        Uuid topicId;
        try {
            topicId = id == null ? Uuid.ZERO_UUID : Uuid.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new KafkaException("Znode " + path + " has a malformed topic_id '" + id + "'", e);
        }
        SortedMap<Integer, List<Integer>> assignment = readAssignment(path, node.get("partitions"));
        return new Data(new TopicMetadata(topic, topicId, assignment),
            readAssignment(path, node.get("adding_replicas")),
            readAssignment(path, node.get("removing_replicas")));
    }

    /** Kafka writes adding and removing replicas only for partitions that have some ({@code skipEmpty}). */
    private static void writeAssignment(ObjectNode target, Map<Integer, List<Integer>> assignment,
                                        boolean skipEmpty) {
        new TreeMap<>(assignment).forEach((partition, replicas) -> {
            if (!skipEmpty || !replicas.isEmpty()) {
                target.set(Integer.toString(partition), ZkJson.intArray(replicas));
            }
        });
    }

    private static SortedMap<Integer, List<Integer>> readAssignment(String path, JsonNode node) {
        TreeMap<Integer, List<Integer>> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return Collections.unmodifiableSortedMap(out);
        }
        if (!node.isObject()) {
            throw new KafkaException("Znode " + path + ": expected an object of partition to replicas, got " + node);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int partition;
            try {
                partition = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new KafkaException("Znode " + path + " has a non-numeric partition '" + e.getKey() + "'", ex);
            }
            out.put(partition, ZkJson.intList(path, e.getValue()));
        }
        return Collections.unmodifiableSortedMap(out);
    }
}
