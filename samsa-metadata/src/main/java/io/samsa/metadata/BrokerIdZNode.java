package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code /brokers/ids/<id>} (ephemeral), Kafka's version 5 broker registration plus {@code samsa_clean_start}:
 *
 * <pre>
 * {"version":5,"host":"h","port":9092,"endpoints":["PLAINTEXT://h:9092","REPLICATION://h:9093"],
 *  "listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT","REPLICATION":"PLAINTEXT"},"jmx_port":-1,
 *  "timestamp":"1700000000000","features":{},"rack":"r1","samsa_clean_start":true}
 * </pre>
 *
 * As in Kafka ({@code ZkData.BrokerIdZNode}): endpoints are {@code LISTENER://host:port} in listener order, the
 * listener map gives each listener's security protocol, {@code rack} is omitted when the broker has none, and
 * the top-level host and port repeat the first PLAINTEXT endpoint for old clients (null and -1 without one).
 * The broker epoch is not in the JSON: it is the znode's czxid.
 *
 * <p>Decoding accepts versions 1 to 5, as written by Kafka or by Samsa; a registration without
 * {@code samsa_clean_start} (Kafka's, or an older Samsa's) reads as not clean.
 */
final class BrokerIdZNode {
    static final int VERSION = 5;
    static final String CLEAN_START = "samsa_clean_start";

    private BrokerIdZNode() {
    }

    static byte[] encode(BrokerRegistration broker, long timestampMs) {
        ObjectNode node = ZkJson.object();
        node.put("version", VERSION);
        Endpoint plaintext = broker.endpoints().stream()
            .filter(e -> e.securityProtocol() == SecurityProtocol.PLAINTEXT).findFirst().orElse(null);
        if (plaintext == null) {
            node.putNull("host");
            node.put("port", -1);
        } else {
            node.put("host", plaintext.host());
            node.put("port", plaintext.port());
        }
        var endpoints = node.putArray("endpoints");
        ObjectNode protocols = node.putObject("listener_security_protocol_map");
        for (Endpoint e : broker.endpoints()) {
            endpoints.add(e.listener() + "://" + Utils.formatAddress(e.host(), e.port()));
            protocols.put(e.listener(), e.securityProtocol().name);
        }
        node.put("jmx_port", -1);
        node.put("timestamp", Long.toString(timestampMs));
        node.putObject("features");
        if (broker.rack() != null) {
            node.put("rack", broker.rack());
        }
        node.put(CLEAN_START, broker.cleanStart());
        return ZkJson.bytes(node);
    }

    /** Decodes registration versions 1 to 5; the epoch is {@link BrokerRegistration#UNKNOWN_EPOCH} (see class doc). */
    static BrokerRegistration decode(int brokerId, byte[] data) {
        String path = ZkPaths.broker(brokerId);
        JsonNode node = ZkJson.parse(path, data);
        int version = ZkJson.requiredInt(path, node, "version");
        List<Endpoint> endpoints;
        if (version < 1) {
            throw new KafkaException("Znode " + path + " has unsupported registration version " + version);
        } else if (version == 1) {
            endpoints = List.of(new Endpoint(BrokerRegistration.PLAINTEXT, SecurityProtocol.PLAINTEXT,
                ZkJson.requiredText(path, node, "host"), ZkJson.requiredInt(path, node, "port")));
        } else {
            endpoints = endpoints(path, node);
        }
        JsonNode clean = node.get(CLEAN_START);
        return new BrokerRegistration(brokerId, endpoints, ZkJson.optionalText(node, "rack"),
            clean != null && clean.asBoolean(false), BrokerRegistration.UNKNOWN_EPOCH);
    }

    private static List<Endpoint> endpoints(String path, JsonNode node) {
        Map<String, SecurityProtocol> protocols = new HashMap<>();
        JsonNode map = node.get("listener_security_protocol_map");
        if (map == null || map.isNull()) {
            // Kafka's default: each security protocol is a listener of the same name.
            for (SecurityProtocol p : SecurityProtocol.values()) {
                protocols.put(p.name, p);
            }
        } else {
            map.fields().forEachRemaining(e -> protocols.put(e.getKey(), protocol(path, e.getValue().asText())));
        }
        JsonNode array = ZkJson.required(path, node, "endpoints");
        if (!array.isArray() || array.isEmpty()) {
            throw new KafkaException("Znode " + path + " has no usable endpoint: " + node);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (JsonNode element : array) {
            String endpoint = element.asText();
            int separator = endpoint.indexOf("://");
            String host = Utils.getHost(endpoint);
            Integer port = Utils.getPort(endpoint);
            if (separator <= 0 || host == null || port == null) {
                throw new KafkaException("Znode " + path + " has a malformed endpoint '" + endpoint + "'");
            }
            String listener = endpoint.substring(0, separator);
            SecurityProtocol protocol = protocols.get(listener);
            if (protocol == null) {
                throw new KafkaException("Znode " + path + ": listener " + listener
                    + " is missing from listener_security_protocol_map");
            }
            endpoints.add(new Endpoint(listener, protocol, host, port));
        }
        return endpoints;
    }

    private static SecurityProtocol protocol(String path, String name) {
        try {
            return SecurityProtocol.forName(name);
        } catch (IllegalArgumentException e) {
            throw new KafkaException("Znode " + path + " names an unknown security protocol '" + name + "'", e);
        }
    }
}
