package io.samsa.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * Builds the DescribeConfigs view of a {@link BrokerConfig} (resource type BROKER, this broker's id).
 *
 * <p>The sources are {@code STATIC_BROKER_CONFIG} (set in server.properties) and {@code DEFAULT_CONFIG}, and for
 * the few {@link DynamicBrokerConfigs#DYNAMIC} keys also {@code DYNAMIC_BROKER_CONFIG} (this broker's own) and
 * {@code DYNAMIC_DEFAULT_BROKER_CONFIG} (the cluster default), which come first; only those keys are writable,
 * every other entry is read-only. Synonyms follow Kafka's order and
 * trimming: for each source level (static, then default) the names of the setting's group in precedence order
 * ({@link BrokerConfigDef#synonymGroup}), then everything before the first entry for the described name is dropped.
 * So {@code log.retention.ms}, when set in server.properties, lists itself, a static {@code log.retention.hours} if
 * set, and the default {@code log.retention.hours=168}; when unset it lists nothing (value null, source
 * DEFAULT_CONFIG), exactly as Kafka reports it. Stateless and thread-safe.
 */
final class BrokerConfigDescriber {

    private BrokerConfigDescriber() {
    }

    static List<ConfigEntryView> describe(BrokerConfig config) {
        return describe(config, Map.of(), Map.of());
    }

    /**
     * @param own            this broker's dynamic configs
     * @param clusterDefault the cluster-wide dynamic defaults
     */
    static List<ConfigEntryView> describe(BrokerConfig config, Map<String, String> own,
                                          Map<String, String> clusterDefault) {
        List<ConfigEntryView> entries = new ArrayList<>();
        for (ConfigDef.ConfigKey key : new TreeMap<>(BrokerConfigDef.shared().configKeys()).values()) {
            if (key.internalConfig) {
                continue;
            }
            boolean sensitive = key.type == ConfigDef.Type.PASSWORD;
            String value = sensitive ? null : ConfigDef.convertToString(config.parsedValue(key.name), key.type);
            List<SynonymView> synonyms = synonyms(config, key.name, sensitive);
            boolean dynamic = DynamicBrokerConfigs.DYNAMIC.contains(key.name);
            if (dynamic) {
                List<SynonymView> withDynamic = new ArrayList<>();
                if (own.containsKey(key.name)) {
                    withDynamic.add(new SynonymView(key.name, own.get(key.name), ConfigSource.DYNAMIC_BROKER_CONFIG));
                }
                if (clusterDefault.containsKey(key.name)) {
                    withDynamic.add(new SynonymView(key.name, clusterDefault.get(key.name),
                            ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
                }
                withDynamic.addAll(synonyms);
                synonyms = withDynamic;
                if (!synonyms.isEmpty() && synonyms.get(0).source() != ConfigSource.DEFAULT_CONFIG) {
                    value = synonyms.get(0).value();
                }
            }
            ConfigSource source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
            entries.add(new ConfigEntryView(key.name, value, source, sensitive, !dynamic, key.type,
                    key.documentation, synonyms));
        }
        entries.addAll(listenerPrefixed(config, own, clusterDefault));
        return List.copyOf(entries);
    }

    /**
     * The {@code listener.name.<l>.<key>} settings in force, which are no defined key: Kafka lists every one that is
     * set, from this broker's dynamic configs, the cluster default or server.properties, in that precedence, with
     * passwords and JAAS settings hidden. Writable only for the TLS stores, which may change dynamically.
     */
    private static List<ConfigEntryView> listenerPrefixed(BrokerConfig config, Map<String, String> own,
                                                          Map<String, String> clusterDefault) {
        Set<String> names = new TreeSet<>();
        for (Map<String, String> source : List.of(own, clusterDefault, config.originals())) {
            source.keySet().stream().filter(k -> k.startsWith("listener.name.")
                    && !BrokerConfigDef.shared().configKeys().containsKey(k)).forEach(names::add);
        }
        List<ConfigEntryView> entries = new ArrayList<>();
        for (String name : names) {
            boolean sensitive = isSensitive(name);
            List<SynonymView> synonyms = new ArrayList<>();
            if (own.containsKey(name)) {
                synonyms.add(new SynonymView(name, sensitive ? null : own.get(name),
                        ConfigSource.DYNAMIC_BROKER_CONFIG));
            }
            if (clusterDefault.containsKey(name)) {
                synonyms.add(new SynonymView(name, sensitive ? null : clusterDefault.get(name),
                        ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
            }
            if (config.originals().containsKey(name)) {
                synonyms.add(new SynonymView(name, sensitive ? null : config.originals().get(name),
                        ConfigSource.STATIC_BROKER_CONFIG));
            }
            entries.add(new ConfigEntryView(name, synonyms.get(0).value(), synonyms.get(0).source(), sensitive,
                    !DynamicBrokerConfigs.isSsl(name), sensitive ? ConfigDef.Type.PASSWORD : ConfigDef.Type.STRING,
                    null, List.copyOf(synonyms)));
        }
        return entries;
    }

    private static boolean isSensitive(String name) {
        String base = DynamicBrokerConfigs.baseKey(name);
        ConfigDef.ConfigKey key = BrokerConfigDef.shared().configKeys().get(base);
        return DynamicBrokerConfigs.isPassword(name) || base.endsWith("sasl.jaas.config")
                || (key != null && key.type == ConfigDef.Type.PASSWORD);
    }

    private static List<SynonymView> synonyms(BrokerConfig config, String name, boolean sensitive) {
        List<String> group = BrokerConfigDef.synonymGroup(name);
        List<SynonymView> all = new ArrayList<>();
        for (String synonym : group) {
            if (config.isExplicitlySet(synonym)) {
                all.add(new SynonymView(synonym, sensitive ? null : config.originals().get(synonym),
                        ConfigSource.STATIC_BROKER_CONFIG));
            }
        }
        for (String synonym : group) {
            String defaultValue = defaultValue(synonym);
            if (defaultValue != null) {
                all.add(new SynonymView(synonym, sensitive ? null : defaultValue, ConfigSource.DEFAULT_CONFIG));
            }
        }
        int first = 0;
        while (first < all.size() && !all.get(first).name().equals(name)) {
            first++;
        }
        return List.copyOf(all.subList(first, all.size()));
    }

    /** The default of a broker config rendered as a string; null when it has none. */
    static String defaultValue(String name) {
        ConfigDef.ConfigKey key = BrokerConfigDef.shared().configKeys().get(name);
        if (key == null || !key.hasDefault() || key.defaultValue == null) {
            return null;
        }
        return ConfigDef.convertToString(key.defaultValue, key.type);
    }
}
