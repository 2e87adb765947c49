package io.samsa.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.KafkaException;

/**
 * {@code /controller} (ephemeral, owned by the controller's session) and {@code /controller_epoch} (persistent):
 *
 * <pre>
 * /controller        {"version":1,"brokerid":2,"timestamp":"1700000000000"}
 * /controller_epoch  7
 * </pre>
 *
 * The controller znode is Kafka's version 1 form; Kafka 3.9 writes version 2 with a {@code kraftControllerEpoch}
 * of -1 for ZooKeeper controllers, and reads only {@code brokerid}, so both directions read each other. The epoch
 * znode is a bare decimal integer, as in Kafka; its ZooKeeper version is what fences a stale controller.
 */
final class ControllerZNode {
    static final int VERSION = 1;

    private ControllerZNode() {
    }

    static byte[] encode(int brokerId, long timestampMs) {
        ObjectNode node = ZkJson.object();
        node.put("version", VERSION);
        node.put("brokerid", brokerId);
        node.put("timestamp", Long.toString(timestampMs));
        return ZkJson.bytes(node);
    }

    static int decode(byte[] data) {
        return ZkJson.requiredInt(ZkPaths.CONTROLLER, ZkJson.parse(ZkPaths.CONTROLLER, data), "brokerid");
    }

    static byte[] encodeEpoch(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.UTF_8);
    }

    static int decodeEpoch(byte[] data) {
        String text = ZkJson.text(data).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new KafkaException("Znode " + ZkPaths.CONTROLLER_EPOCH + " is not an integer: " + text, e);
        }
    }
}
