package io.samsa.common.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * Validation of topic overrides and the IncrementalAlterConfigs operations on them; see {@link TopicConfigs}.
 *
 * <p>Checks run in Kafka's order: names first, then null values, then each value against its type and validator,
 * then the rules spanning several configs. A {@link ConfigException} from kafka-clients' parser becomes an
 * {@link InvalidConfigurationException} with the same message ({@code Invalid value abc for configuration
 * retention.ms: Not a number of type LONG}), which is what Kafka answers with INVALID_CONFIG. Stateless and
 * thread-safe.
 */
final class TopicConfigValidator {

    private TopicConfigValidator() {
    }

    /** Parses one value with the config's type and validator. */
    static Object parse(ConfigDef.ConfigKey key, String value) {
        Object parsed = ConfigDef.parseType(key.name, value, key.type);
        if (key.validator != null) {
            key.validator.ensureValid(key.name, parsed);
        }
        return parsed;
    }

    /** See {@link TopicConfigs#validate(Map, BrokerConfig)}; {@code broker} null means Kafka's defaults. */
    static Map<String, String> validate(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, String> input = overrides == null ? Map.of() : overrides;
        Set<String> nullValued = new TreeSet<>();
        for (Map.Entry<String, String> entry : input.entrySet()) {
            if (entry.getKey() == null || !TopicConfigs.isKnown(entry.getKey())) {
                throw new InvalidConfigurationException("Unknown topic config name: " + entry.getKey());
            }
            if (entry.getValue() == null) {
                nullValued.add(entry.getKey());
            }
        }
        if (!nullValued.isEmpty()) {
            throw new InvalidConfigurationException("Null value not supported for topic configs: "
                    + String.join(",", nullValued));
        }
        Map<String, Object> parsed = new TreeMap<>();
        Map<String, String> normalised = new TreeMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(input).entrySet()) {
            ConfigDef.ConfigKey key = TopicConfigDef.key(entry.getKey());
            try {
                Object value = parse(key, entry.getValue());
                parsed.put(key.name, value);
                normalised.put(key.name, ConfigDef.convertToString(value, key.type));
            } catch (ConfigException e) {
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        }
        validateCombination(parsed, broker);
        return normalised;
    }

    private static void validateCombination(Map<String, Object> parsed, BrokerConfig broker) {
        long minLag = (Long) value(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, parsed, broker);
        long maxLag = (Long) value(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, parsed, broker);
        if (minLag > maxLag) {
            throw new InvalidConfigurationException("Conflicting topic configs: "
                    + TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG + " (" + minLag + ") is greater than "
                    + TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG + " (" + maxLag + ")");
        }
        // Kafka's answer when the broker's remote.log.storage.system.enable is false; Samsa has no tiered storage.
        if (Boolean.TRUE.equals(parsed.get(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG))) {
            throw new InvalidConfigurationException("Tiered Storage functionality is disabled in the broker. "
                    + "Topic cannot be configured with remote log storage.");
        }
    }

    private static Object value(String name, Map<String, Object> parsed, BrokerConfig broker) {
        if (parsed.containsKey(name)) {
            return parsed.get(name);
        }
        return broker != null
                ? TopicConfigDef.fallback(name).brokerValue().apply(broker)
                : TopicConfigDef.key(name).defaultValue;
    }

    /** See {@link TopicConfigs#applyIncremental}. */
    static Map<String, String> applyIncremental(Map<String, String> current, List<TopicConfigs.Op> ops) {
        Set<String> seen = new HashSet<>();
        for (TopicConfigs.Op op : ops) {
            if (!seen.add(op.name())) {
                throw new InvalidRequestException("Error due to duplicate config keys: " + op.name());
            }
        }
        Map<String, String> result = new TreeMap<>();
        if (current != null) {
            result.putAll(current);
        }
        for (TopicConfigs.Op op : ops) {
            if (op.type() == OpType.DELETE) {
                result.remove(op.name());
                continue;
            }
            ConfigDef.ConfigKey key = TopicConfigDef.key(op.name());
            if (key == null) {
                throw new InvalidConfigurationException("Unknown topic config name: " + op.name());
            }
            if (op.value() == null) {
                throw new InvalidRequestException("Null value not supported for " + op.type() + " of " + op.name());
            }
            if (op.type() == OpType.SET) {
                result.put(op.name(), op.value());
                continue;
            }
            if (key.type != ConfigDef.Type.LIST) {
                throw new InvalidConfigurationException("Can't " + op.type() + " to config " + op.name()
                        + " because its type is not LIST");
            }
            String base = result.containsKey(op.name())
                    ? result.get(op.name())
                    : ConfigDef.convertToString(key.defaultValue, key.type);
            List<String> items = items(base);
            for (String item : items(op.value())) {
                if (op.type() == OpType.APPEND && !items.contains(item)) {
                    items.add(item);
                } else if (op.type() == OpType.SUBTRACT) {
                    items.removeIf(item::equals);
                }
            }
            result.put(op.name(), String.join(",", items));
        }
        return validate(result, null);
    }

    private static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }
}
