package io.samsa.common.config;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * One config as DescribeConfigs reports it, independent of the wire format: the DescribeConfigs handler copies the
 * fields into a {@code DescribeConfigsResourceResult} ({@code source().id()} and {@code configType().id()} are the
 * wire bytes) and drops {@link #synonyms()} or {@link #documentation()} when the request did not ask for them.
 *
 * <p>Sources and config types are kafka-clients' own enums ({@link ConfigSource}, {@link ConfigType}), so the ids can
 * never drift from the protocol. Immutable.
 *
 * @param name          config name
 * @param value         effective value rendered as Kafka renders it (numbers in decimal, lists comma-joined); null
 *                      when the config is sensitive or has no value
 * @param source        where the effective value comes from
 * @param sensitive     true for passwords; their value is never returned
 * @param readOnly      true when it cannot be changed without a restart (every broker config in Samsa)
 * @param type          the ConfigDef type of the value
 * @param documentation the config's documentation
 * @param synonyms      the levels that supply or could supply the value, highest precedence first
 */
public record ConfigEntryView(
        String name,
        String value,
        ConfigSource source,
        boolean sensitive,
        boolean readOnly,
        ConfigDef.Type type,
        String documentation,
        List<SynonymView> synonyms) {

    public ConfigEntryView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        synonyms = List.copyOf(synonyms);
    }

    /** The DescribeConfigs {@code configType} of this entry. */
    public ConfigType configType() {
        return wireType(type);
    }

    /** Maps a ConfigDef type to DescribeConfigs' {@code configType}; null maps to {@link ConfigType#UNKNOWN}. */
    public static ConfigType wireType(ConfigDef.Type type) {
        if (type == null) {
            return ConfigType.UNKNOWN;
        }
        switch (type) {
            case BOOLEAN:
                return ConfigType.BOOLEAN;
            case STRING:
                return ConfigType.STRING;
            case INT:
                return ConfigType.INT;
            case SHORT:
                return ConfigType.SHORT;
            case LONG:
                return ConfigType.LONG;
            case DOUBLE:
                return ConfigType.DOUBLE;
            case LIST:
                return ConfigType.LIST;
            case CLASS:
                return ConfigType.CLASS;
            case PASSWORD:
                return ConfigType.PASSWORD;
            default:
                return ConfigType.UNKNOWN;
        }
    }
}
