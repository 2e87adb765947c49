package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.KafkaException;

/**
 * {@code /samsa/controlled_shutdown/<id>} (ephemeral, owned by the stopping broker's session), Samsa's own:
 *
 * <pre>
 * {"version":1,"broker_epoch":4294967312,"status":"requested"}
 * {"version":1,"broker_epoch":4294967312,"status":"done","remaining_leaders":0}
 * </pre>
 *
 * Kafka has no equivalent znode (its ControlledShutdown was a request to the controller, which kafka-clients 4
 * no longer ships), so no Kafka tool reads it.
 */
final class ControlledShutdownZNode {
    static final int VERSION = 1;

    private ControlledShutdownZNode() {
    }

    static byte[] encode(ControlledShutdownRequest request) {
        ObjectNode node = ZkJson.object();
        node.put("version", VERSION);
        node.put("broker_epoch", request.brokerEpoch());
        node.put("status", request.status().name().toLowerCase(java.util.Locale.ROOT));
        if (request.status() == ControlledShutdownRequest.Status.DONE) {
            node.put("remaining_leaders", request.remainingLeaders());
        }
        return ZkJson.bytes(node);
    }

    static ControlledShutdownRequest decode(int brokerId, byte[] data) {
        String path = ZkPaths.controlledShutdown(brokerId);
        JsonNode node = ZkJson.parse(path, data);
        JsonNode epoch = ZkJson.required(path, node, "broker_epoch");
        if (!epoch.canConvertToLong()) {
            throw new KafkaException("Znode " + path + " field 'broker_epoch' is not a long: " + node);
        }
        String status = ZkJson.requiredText(path, node, "status");
        ControlledShutdownRequest.Status parsed;
        try {
            parsed = ControlledShutdownRequest.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KafkaException("Znode " + path + " has an unknown status '" + status + "'", e);
        }
        int remaining = node.has("remaining_leaders") ? ZkJson.requiredInt(path, node, "remaining_leaders") : 0;
        return new ControlledShutdownRequest(brokerId, epoch.longValue(), parsed, remaining);
    }
}
