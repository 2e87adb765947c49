package io.samsa.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;

/**
 * The JSON plumbing shared by the znode codecs: one thread-safe {@link ObjectMapper}, and strict accessors that
 * fail with a message naming the znode and the field rather than a bare Jackson error.
 */
final class ZkJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ZkJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode intArray(List<Integer> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + node, e);
        }
    }

    /** Parses a znode's bytes as a JSON object. */
    static JsonNode parse(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new KafkaException("Znode " + path + " has no data; expected JSON");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new KafkaException("Znode " + path + " is not valid JSON: " + text(data), e);
        }
        if (node == null || !node.isObject()) {
            throw new KafkaException("Znode " + path + " is not a JSON object: " + text(data));
        }
        return node;
    }

    static JsonNode required(String path, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new KafkaException("Znode " + path + " lacks field '" + field + "': " + node);
        }
        return value;
    }

    static int requiredInt(String path, JsonNode node, String field) {
        JsonNode value = required(path, node, field);
        if (!value.canConvertToInt() && !value.isTextual()) {
            throw new KafkaException("Znode " + path + " field '" + field + "' is not an int: " + node);
        }
        try {
            return value.isTextual() ? Integer.parseInt(value.asText()) : value.intValue();
        } catch (NumberFormatException e) {
            throw new KafkaException("Znode " + path + " field '" + field + "' is not an int: " + node, e);
        }
    }

    static String requiredText(String path, JsonNode node, String field) {
        return required(path, node, field).asText();
    }

    /** The field as text, or null when absent or JSON null. */
    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static List<Integer> intList(String path, JsonNode array) {
        if (!array.isArray()) {
            throw new KafkaException("Znode " + path + ": expected an array of ints, got " + array);
        }
        List<Integer> out = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.canConvertToInt()) {
                throw new KafkaException("Znode " + path + ": expected an array of ints, got " + array);
            }
            out.add(element.intValue());
        }
        return List.copyOf(out);
    }

    static String text(byte[] data) {
        return data == null ? "null" : new String(data, StandardCharsets.UTF_8);
    }
}
