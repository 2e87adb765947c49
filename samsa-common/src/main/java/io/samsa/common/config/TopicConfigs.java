package io.samsa.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * The topic-level configs a Kafka 4.1 broker accepts: validation for CreateTopics and (Incremental)AlterConfigs,
 * the DescribeConfigs view of a topic, and the effective values a log is built from.
 *
 * <p>A topic's stored configuration is its map of <em>overrides</em> (name → string value, as the client sent them
 * and {@link #validate} normalised them). Every other config takes the broker-wide value: the first of its broker
 * synonyms set in server.properties, else the broker default (e.g. {@code retention.ms} ← {@code log.retention.ms}
 * ← {@code log.retention.minutes} ← {@code log.retention.hours}=168). The names, types and synonyms live in
 * {@code TopicConfigDef}; the constants are kafka-clients' {@link TopicConfig} plus the two throttle lists below.
 *
 * <p>Errors are the ApiExceptions Kafka returns: {@link InvalidConfigurationException} (INVALID_CONFIG) for unknown
 * names and bad values, {@code InvalidRequestException} (INVALID_REQUEST) for malformed incremental operations.
 * Stateless and thread-safe.
 */
public final class TopicConfigs {

    public static final String LEADER_REPLICATION_THROTTLED_REPLICAS_CONFIG =
            TopicConfigDef.LEADER_REPLICATION_THROTTLED_REPLICAS_CONFIG;
    public static final String FOLLOWER_REPLICATION_THROTTLED_REPLICAS_CONFIG =
            TopicConfigDef.FOLLOWER_REPLICATION_THROTTLED_REPLICAS_CONFIG;

    /**
     * One operation of an IncrementalAlterConfigs request.
     *
     * @param name  config name
     * @param type  kafka-clients' op type; {@code type.id()} is the wire byte, {@code OpType.forId} decodes it
     * @param value the value to set, or the comma-separated items to append/subtract; ignored for DELETE
     */
    public record Op(String name, AlterConfigOp.OpType type, String value) {
        public Op {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    private TopicConfigs() {
    }

    /** Every topic config name, sorted. */
    public static List<String> names() {
        return TopicConfigDef.names();
    }

    /** True if {@code name} is a topic config. */
    public static boolean isKnown(String name) {
        return TopicConfigDef.key(name) != null;
    }

    /** A copy of the topic ConfigDef (types, validators, defaults and documentation). */
    public static ConfigDef configDef() {
        return new ConfigDef(TopicConfigDef.shared());
    }

    /**
     * Validates a topic's full set of overrides against Kafka's defaults and returns them normalised: values
     * re-rendered from their parsed form ({@code " 100"} → {@code "100"}, {@code "delete, compact"} →
     * {@code "delete,compact"}), sorted by name. Cross-config rules use Kafka's built-in defaults for configs not
     * overridden; use {@link #validate(Map, BrokerConfig)} to use this broker's values instead.
     *
     * @throws InvalidConfigurationException for an unknown name ({@code Unknown topic config name: x}), a null
     *                                       value, or a bad value (message naming key and value)
     */
    public static Map<String, String> validate(Map<String, String> overrides) {
        return TopicConfigValidator.validate(overrides, null);
    }

    /** As {@link #validate(Map)}, taking non-overridden values from {@code broker} for cross-config rules. */
    public static Map<String, String> validate(Map<String, String> overrides, BrokerConfig broker) {
        return TopicConfigValidator.validate(overrides, Objects.requireNonNull(broker, "broker"));
    }

    /**
     * The DescribeConfigs view of a topic: every topic config, sorted by name, with its effective value and source:
     * {@code TOPIC_CONFIG} (Kafka's DYNAMIC_TOPIC_CONFIG, id 1) if overridden, else {@code STATIC_BROKER_CONFIG} if a
     * broker synonym is set in server.properties, else {@code DEFAULT_CONFIG}.
     *
     * <p>With {@code includeSynonyms}, each entry lists the override, then every broker synonym set in
     * server.properties (precedence order, value as written), then every broker synonym's default. Unlike Kafka
     * (whose synonym list for e.g. {@code retention.ms} starts at {@code log.retention.ms} and so hides a static
     * {@code log.retention.hours}), a static lower-precedence synonym is listed and counted as the source.
     * Overrides with unknown names are skipped.
     *
     * @param overrides stored overrides of the topic (already validated)
     */
    public static List<ConfigEntryView> describe(Map<String, String> overrides, BrokerConfig broker,
            boolean includeSynonyms) {
        Map<String, String> topic = overrides == null ? Map.of() : overrides;
        List<ConfigEntryView> entries = new ArrayList<>();
        for (String name : TopicConfigDef.names()) {
            ConfigDef.ConfigKey key = TopicConfigDef.key(name);
            TopicConfigDef.Fallback fallback = TopicConfigDef.fallback(name);
            Object override = parsedOverride(key, topic);
            boolean overridden = override != null;
            Object effective = overridden ? override : fallback.brokerValue().apply(broker);
            String value = ConfigDef.convertToString(effective, key.type);
            List<SynonymView> synonyms = new ArrayList<>();
            if (overridden) {
                synonyms.add(new SynonymView(name, value, ConfigSource.TOPIC_CONFIG));
            }
            for (String synonym : fallback.brokerSynonyms()) {
                if (broker.isExplicitlySet(synonym)) {
                    synonyms.add(new SynonymView(synonym, broker.originals().get(synonym),
                            ConfigSource.STATIC_BROKER_CONFIG));
                }
            }
            for (String synonym : fallback.brokerSynonyms()) {
                String brokerDefault = BrokerConfigDescriber.defaultValue(synonym);
                if (brokerDefault != null) {
                    synonyms.add(new SynonymView(synonym, brokerDefault, ConfigSource.DEFAULT_CONFIG));
                }
            }
            ConfigSource source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
            entries.add(new ConfigEntryView(name, value, source, false, false, key.type, key.documentation,
                    includeSynonyms ? synonyms : List.of()));
        }
        return List.copyOf(entries);
    }

    /**
     * The effective value of every topic config, parsed: Long, Integer, Boolean, String, Double or
     * {@code List<String>} per the config's type; sorted by name. For building a log's settings.
     */
    public static Map<String, Object> effective(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, String> topic = overrides == null ? Map.of() : overrides;
        Map<String, Object> values = new TreeMap<>();
        for (String name : TopicConfigDef.names()) {
            values.put(name, effectiveValue(TopicConfigDef.key(name), topic, broker));
        }
        return values;
    }

    /**
     * Applies IncrementalAlterConfigs operations to a topic's current overrides and returns the new overrides,
     * validated and normalised. SET replaces, DELETE removes (unknown names included, so stale overrides can be
     * cleared), APPEND adds the comma-separated items not yet present and SUBTRACT removes them; both start from
     * the current override or, if none, from the config's Kafka default, and apply to LIST configs only.
     *
     * @throws org.apache.kafka.common.errors.InvalidRequestException for a config named twice or a null value
     * @throws InvalidConfigurationException for an unknown name, APPEND/SUBTRACT on a non-list config, or an invalid
     *                                       resulting value
     */
    public static Map<String, String> applyIncremental(Map<String, String> current, List<Op> ops) {
        return TopicConfigValidator.applyIncremental(current, ops);
    }

    private static Object effectiveValue(ConfigDef.ConfigKey key, Map<String, String> overrides, BrokerConfig broker) {
        Object override = parsedOverride(key, overrides);
        return override != null ? override : TopicConfigDef.fallback(key.name).brokerValue().apply(broker);
    }

    /** The parsed override of {@code key}; null when absent or when a stored value no longer parses. */
    private static Object parsedOverride(ConfigDef.ConfigKey key, Map<String, String> overrides) {
        String override = overrides.get(key.name);
        if (override == null) {
            return null;
        }
        try {
            return TopicConfigValidator.parse(key, override);
        } catch (ConfigException e) {
            return null;
        }
    }
}
