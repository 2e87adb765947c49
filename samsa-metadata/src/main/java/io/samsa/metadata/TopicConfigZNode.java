package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;

/**
 * {@code /config/topics/<topic>}: the topic's config overrides, {@code {"version":1,"config":{"k":"v"}}}.
 * Values are strings, as Kafka writes them from a {@code Properties}. Dynamic broker configs
 * ({@code /config/brokers/<id>}) have the same format and use {@link #decodeAt}.
 */
final class TopicConfigZNode {
    static final int VERSION = 1;

    private TopicConfigZNode() {
    }

    static byte[] encode(Map<String, String> configs) {
        ObjectNode node = ZkJson.object();
        node.put("version", VERSION);
        ObjectNode config = node.putObject("config");
        new TreeMap<>(configs).forEach(config::put);
        return ZkJson.bytes(node);
    }

    static Map<String, String> decode(String topic, byte[] data) {
        return decodeAt(ZkPaths.topicConfig(topic), data);
    }

    /** Decodes a config znode at {@code path} (named in errors). */
    static Map<String, String> decodeAt(String path, byte[] data) {
        JsonNode config = ZkJson.parse(path, data).get("config");
        TreeMap<String, String> out = new TreeMap<>();
        if (config == null || config.isNull()) {
            return Collections.unmodifiableMap(out);
        }
        if (!config.isObject()) {
            throw new KafkaException("Znode " + path + " field 'config' is not an object: " + config);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
