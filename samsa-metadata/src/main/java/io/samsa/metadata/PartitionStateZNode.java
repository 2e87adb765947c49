package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code /brokers/topics/<topic>/partitions/<p>/state}, Kafka's version 1 partition state plus Samsa's KIP-966
 * fields:
 *
 * <pre>
 * {"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}
 * {"controller_epoch":3,"leader":-1,"version":1,"leader_epoch":4,"isr":[],"eligible_leader_replicas":[2],
 *  "last_known_elr":[3]}
 * </pre>
 *
 * Optional fields are written only when they differ from their default, so the common case is byte for byte
 * what Kafka 3.9 writes: {@code leader_recovery_state} (1, as Kafka, only while RECOVERING),
 * {@code eligible_leader_replicas} and {@code last_known_elr} (only when non-empty). Absent means RECOVERED and
 * empty; Kafka 3.9's decoder ignores the two ELR fields.
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
        if (state.leaderRecoveryState() != LeaderRecoveryState.RECOVERED) {
            node.put("leader_recovery_state", state.leaderRecoveryState().value());
        }
        if (!state.eligibleLeaderReplicas().isEmpty()) {
            node.set("eligible_leader_replicas", ZkJson.intArray(state.eligibleLeaderReplicas()));
        }
        if (!state.lastKnownElr().isEmpty()) {
            node.set("last_known_elr", ZkJson.intArray(state.lastKnownElr()));
        }
        return ZkJson.bytes(node);
    }

    static PartitionState decode(TopicPartition partition, byte[] data) {
        String path = ZkPaths.partitionState(partition.topic(), partition.partition());
        JsonNode node = ZkJson.parse(path, data);
        LeaderRecoveryState recovery = LeaderRecoveryState.RECOVERED;
        if (node.hasNonNull("leader_recovery_state")) {
            try {
                recovery = LeaderRecoveryState.of(ZkJson.requiredInt(path, node, "leader_recovery_state"));
            } catch (IllegalArgumentException e) {
                throw new KafkaException("Znode " + path + ": " + e.getMessage(), e);
            }
        }
        return new PartitionState(
            ZkJson.requiredInt(path, node, "leader"),
            ZkJson.requiredInt(path, node, "leader_epoch"),
            ZkJson.intList(path, ZkJson.required(path, node, "isr")),
            ZkJson.requiredInt(path, node, "controller_epoch"),
            recovery,
            optionalIntList(path, node, "eligible_leader_replicas"),
            optionalIntList(path, node, "last_known_elr"));
    }

    private static List<Integer> optionalIntList(String path, JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? List.of() : ZkJson.intList(path, value);
    }
}
