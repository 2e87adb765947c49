package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code /brokers/ids/<id>} (ephemeral), Kafka's version 5 broker registration:
 *
 * <pre>
 * {"version":5,"host":"h","port":9092,"endpoints":["PLAINTEXT://h:9092"],
 *  "listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"jmx_port":-1,"timestamp":"1700000000000",
 *  "features":{}, "rack":"r1"}
 * </pre>
 *
 * As in Kafka, {@code rack} is omitted when the broker has none, and the top-level host and port repeat the
 * PLAINTEXT endpoint for old clients. Samsa registers one PLAINTEXT listener.
 */
final class BrokerIdZNode {
    static final int VERSION = 5;
    private static final String LISTENER = "PLAINTEXT";

    private BrokerIdZNode() {
    }

    static byte[] encode(BrokerRegistration broker, long timestampMs) {
        ObjectNode node = ZkJson.object();
        node.put("version", VERSION);
        node.put("host", broker.host());
        node.put("port", broker.port());
        node.putArray("endpoints").add(LISTENER + "://" + Utils.formatAddress(broker.host(), broker.port()));
        node.putObject("listener_security_protocol_map").put(LISTENER, LISTENER);
        node.put("jmx_port", -1);
        node.put("timestamp", Long.toString(timestampMs));
        node.putObject("features");
        if (broker.rack() != null) {
            node.put("rack", broker.rack());
        }
        return ZkJson.bytes(node);
    }

    /** Decodes any registration version 1 to 5 (as written by Samsa or by Kafka). */
    static BrokerRegistration decode(int brokerId, byte[] data) {
        String path = ZkPaths.broker(brokerId);
        JsonNode node = ZkJson.parse(path, data);
        String host = ZkJson.optionalText(node, "host");
        int port = node.has("port") ? ZkJson.requiredInt(path, node, "port") : -1;
        if (host == null || host.isEmpty() || port < 0) {
            // No PLAINTEXT listener: Kafka then writes host null and port -1; use the first endpoint instead.
            JsonNode endpoints = ZkJson.required(path, node, "endpoints");
            if (!endpoints.isArray() || endpoints.isEmpty()) {
                throw new KafkaException("Znode " + path + " has no usable endpoint: " + node);
            }
            String endpoint = endpoints.get(0).asText();
            host = Utils.getHost(endpoint);
            Integer endpointPort = Utils.getPort(endpoint);
            if (host == null || endpointPort == null) {
                throw new KafkaException("Znode " + path + " has a malformed endpoint '" + endpoint + "'");
            }
            port = endpointPort;
        }
        return new BrokerRegistration(brokerId, host, port, ZkJson.optionalText(node, "rack"));
    }
}
