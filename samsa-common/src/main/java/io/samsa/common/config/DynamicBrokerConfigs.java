package io.samsa.common.config;

import static io.samsa.common.config.BrokerConfigDef.FOLLOWER_REPLICATION_THROTTLED_RATE_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LEADER_REPLICATION_THROTTLED_RATE_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LOG_CLEANER_BACKOFF_MS_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LOG_CLEANER_DEDUPE_BUFFER_SIZE_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LOG_CLEANER_IO_BUFFER_LOAD_FACTOR_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LOG_CLEANER_IO_BUFFER_SIZE_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LOG_CLEANER_IO_MAX_BYTES_PER_SECOND_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.LOG_CLEANER_THREADS_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_LOCATION_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_PASSWORD_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_TYPE_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEY_PASSWORD_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_LOCATION_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_PASSWORD_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_TYPE_CONFIG;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * The broker configs Samsa lets an operator change while brokers run (Kafka's dynamic broker configs, stored in
 * ZooKeeper under {@code /config/brokers/<id>} or {@code /config/brokers/<default>}): the replication
 * throttle rates, which {@code kafka-reassign-partitions --throttle} sets and {@code --verify} removes,
 * {@code replica.alter.log.dirs.io.max.bytes.per.second}, which that tool removes too (accepted, without effect),
 * the log cleaner's settings ({@link #LOG_CLEANER}) and the TLS listeners' store files ({@link #SSL_STORES}).
 *
 * <p>Precedence, as Kafka: this broker's own dynamic value, then the cluster-wide dynamic default, then
 * server.properties, then the built-in default. Stateless; called by the config handlers and the broker's
 * config listener.
 */
public final class DynamicBrokerConfigs {
    /**
     * The log cleaner's dynamic settings: Kafka's LogCleaner reconfigurable set, less {@code message.max.bytes},
     * which in Kafka is also a dynamic log config (the produce path's limit) and is not dynamic in Samsa yet.
     */
    public static final Set<String> LOG_CLEANER = Set.of(LOG_CLEANER_THREADS_CONFIG,
            LOG_CLEANER_DEDUPE_BUFFER_SIZE_CONFIG, LOG_CLEANER_IO_BUFFER_LOAD_FACTOR_CONFIG,
            LOG_CLEANER_IO_BUFFER_SIZE_CONFIG, LOG_CLEANER_IO_MAX_BYTES_PER_SECOND_CONFIG,
            LOG_CLEANER_BACKOFF_MS_CONFIG);

    /** The keys that may be set dynamically. */
    public static final Set<String> DYNAMIC = union(Set.of(LEADER_REPLICATION_THROTTLED_RATE_CONFIG,
            FOLLOWER_REPLICATION_THROTTLED_RATE_CONFIG, REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND_CONFIG),
            LOG_CLEANER);

    /**
     * A TLS listener's key and trust store files, bare or as {@code listener.name.<l>.<key>}: set per broker (never
     * as the cluster default, as Kafka), they make the broker load the stores again, also when only the file
     * behind an unchanged location was replaced.
     */
    public static final Set<String> SSL_STORES = Set.of(SSL_KEYSTORE_LOCATION_CONFIG, SSL_KEYSTORE_TYPE_CONFIG,
            SSL_TRUSTSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_TYPE_CONFIG);
    /** The store passwords: dynamic with {@code password.encoder.secret}, stored encrypted ({@link PasswordEncoder}). */
    public static final Set<String> SSL_PASSWORDS = Set.of(SSL_KEYSTORE_PASSWORD_CONFIG, SSL_KEY_PASSWORD_CONFIG,
            SSL_TRUSTSTORE_PASSWORD_CONFIG);
    private static final Pattern LISTENER_PREFIX = Pattern.compile("listener\\.name\\.([^.]+)\\.(.+)");

    /** {@code key} without a {@code listener.name.<l>.} prefix. */
    public static String baseKey(String key) {
        Matcher m = LISTENER_PREFIX.matcher(key);
        return m.matches() ? m.group(2) : key;
    }

    /** Whether {@code key} is one of {@link #SSL_STORES} or {@link #SSL_PASSWORDS}, bare or listener-prefixed. */
    public static boolean isSsl(String key) {
        return SSL_STORES.contains(baseKey(key)) || isPassword(key);
    }

    /** Whether {@code key} is one of {@link #SSL_PASSWORDS}, bare or listener-prefixed. */
    public static boolean isPassword(String key) {
        return SSL_PASSWORDS.contains(baseKey(key));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private DynamicBrokerConfigs() {
    }

    /**
     * Checks a complete set of dynamic configs (as it would be stored) and returns it normalized (values as
     * ConfigDef renders them).
     *
     * @throws InvalidRequestException       for a key that cannot be changed dynamically
     * @throws InvalidConfigurationException for a value that does not parse or is out of range
     */
    public static Map<String, String> validate(Map<String, String> configs) {
        Set<String> notDynamic = new TreeSet<>(configs.keySet());
        notDynamic.removeAll(DYNAMIC);
        notDynamic.removeIf(DynamicBrokerConfigs::isSsl);
        if (!notDynamic.isEmpty()) {
            throw new InvalidRequestException("Cannot update these configs dynamically: " + notDynamic);
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : configs.entrySet()) {
            ConfigDef.ConfigKey key = BrokerConfigDef.shared().configKeys().get(baseKey(e.getKey()));
            try {
                Object parsed = ConfigDef.parseType(key.name, e.getValue() == null ? null : e.getValue().trim(),
                        key.type);
                if (key.validator != null) {
                    key.validator.ensureValid(key.name, parsed);
                }
                // A password renders as "[hidden]": it is kept as given (encoded by the caller before storing).
                out.put(e.getKey(), key.type == ConfigDef.Type.PASSWORD ? e.getValue()
                        : ConfigDef.convertToString(parsed, key.type));
            } catch (ConfigException ex) {
                throw new InvalidConfigurationException(ex.getMessage());
            }
        }
        return out;
    }

    /**
     * Applies IncrementalAlterConfigs operations to the stored dynamic configs and validates the result: SET and
     * DELETE (none of the dynamic keys is a list, so APPEND and SUBTRACT are refused, as Kafka does).
     */
    public static Map<String, String> applyIncremental(Map<String, String> current, List<TopicConfigs.Op> ops) {
        Set<String> seen = new HashSet<>();
        Map<String, String> result = new TreeMap<>(current);
        for (TopicConfigs.Op op : ops) {
            if (!seen.add(op.name())) {
                throw new InvalidRequestException("Error due to duplicate config keys: " + op.name());
            }
            switch (op.type()) {
                case DELETE -> result.remove(op.name());
                case SET -> {
                    if (op.value() == null) {
                        throw new InvalidRequestException("Null value not supported for SET of " + op.name());
                    }
                    result.put(op.name(), op.value());
                }
                default -> throw new InvalidConfigurationException("Can't " + op.type() + " to config " + op.name()
                        + " because its type is not LIST");
            }
        }
        return validate(result);
    }

    /**
     * The effective value of a dynamic {@code LONG} config.
     *
     * @param own            this broker's dynamic configs
     * @param clusterDefault the cluster-wide dynamic defaults
     */
    public static long effectiveLong(String key, Map<String, String> own, Map<String, String> clusterDefault,
                                     BrokerConfig config) {
        return (Long) effective(key, own, clusterDefault, config);
    }

    /**
     * The effective value of a dynamic config, typed as {@code ConfigDef} types it ({@code Integer},
     * {@code Long}, {@code Double}...).
     *
     * @param own            this broker's dynamic configs
     * @param clusterDefault the cluster-wide dynamic defaults
     */
    public static Object effective(String key, Map<String, String> own, Map<String, String> clusterDefault,
                                   BrokerConfig config) {
        String value = own.containsKey(key) ? own.get(key) : clusterDefault.get(key);
        if (value != null) {
            try {
                return ConfigDef.parseType(key, value.trim(), BrokerConfigDef.shared().configKeys().get(key).type);
            } catch (ConfigException e) {
                // a hand-written znode; validate() refuses these, so fall back to the static value
            }
        }
        return config.parsedValue(key);
    }
}
