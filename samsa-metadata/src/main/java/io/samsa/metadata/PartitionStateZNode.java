package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code /brokers/topics/<topic>/partitions/<p>/state}, Kafka's version 1 partition state:
 *
 * <pre>
 * {"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}
 * </pre>
 *
 * Kafka 3.2+ adds {@code "leader_recovery_state":1} only while a partition recovers from an unclean election;
 * Samsa does not model that yet and ignores the field when reading.
 */
final class PartitionStateZNode {
    static final int VERSION = 1;

    private PartitionStateZNode() {
    }

    static byte[] encode(PartitionState state) {
        ObjectNode node = ZkJson.object();
        node.put("controller_epoch", state.controllerEpoch());
        node.put("leader", state.leader());
        node.put("version", VERSION);
        node.put("leader_epoch", state.leaderEpoch());
        node.set("isr", ZkJson.intArray(state.isr()));
        return ZkJson.bytes(node);
    }

    static PartitionState decode(TopicPartition partition, byte[] data) {
        String path = ZkPaths.partitionState(partition.topic(), partition.partition());
        JsonNode node = ZkJson.parse(path, data);
        return new PartitionState(
            ZkJson.requiredInt(path, node, "leader"),
            ZkJson.requiredInt(path, node, "leader_epoch"),
            ZkJson.intList(path, ZkJson.required(path, node, "isr")),
            ZkJson.requiredInt(path, node, "controller_epoch"));
    }
}
