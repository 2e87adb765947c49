package io.samsa.common.config;

import static io.samsa.common.config.BrokerConfigDef.*;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's static configuration, parsed and validated from {@code server.properties}.
 *
 * <p>Names, types and defaults are declared in {@link BrokerConfigDef}. {@link #fromProperties} parses every known key
 * with kafka-clients' {@code ConfigDef}, then resolves the settings Kafka lets several keys express:
 * <ul>
 *   <li>retention: {@code log.retention.ms} &gt; {@code log.retention.minutes} &gt; {@code log.retention.hours}
 *       (default 168); any negative result means unlimited and is reported as -1; 0 is rejected;</li>
 *   <li>segment roll: {@code log.roll.ms} &gt; {@code log.roll.hours}, and the same for the jitter;</li>
 *   <li>flush: {@code log.flush.interval.ms}, else {@code log.flush.scheduler.interval.ms};</li>
 *   <li>log directories: {@code log.dirs}, else {@code log.dir} (both comma-separated);</li>
 *   <li>ZooKeeper: {@code zookeeper.connect} absent or blank means "start an embedded server" on
 *       {@code zookeeper.embedded.port}, storing into {@code zookeeper.embedded.data.dir} (default: a
 *       {@code zookeeper} directory next to the first log directory); the connection timeout defaults to the
 *       session timeout.</li>
 * </ul>
 *
 * <p>Listeners: Samsa serves every listener of {@code listeners}, each named and mapped to a security protocol by
 * {@code listener.security.protocol.map}; until TLS and SASL exist (issue 12) each must be PLAINTEXT, and start-up
 * fails naming any other. {@code advertised.listeners} defaults to {@code listeners} and names a subset of them.
 * When the advertised host is empty or a wildcard ({@code 0.0.0.0}, {@code ::}) because it was inherited from
 * {@code listeners}, Samsa advertises {@code localhost}, not the canonical host name Kafka looks up: no DNS at
 * start-up and a working single-machine setup; multi-host clusters must set {@code advertised.listeners}. An
 * explicit advertised wildcard is rejected, as in Kafka. Port 0 means "ephemeral": the network layer must
 * advertise the port it actually bound. Brokers reach each other on the advertised listener named by
 * {@code inter.broker.listener.name}, or else by {@code security.inter.broker.protocol}.
 *
 * <p>Unknown keys are kept in {@link #originals()} and otherwise ignored (logged once at WARN), as Kafka does.
 * Any invalid value throws {@link ConfigException} whose message names the key and the value. Instances are
 * immutable and thread-safe.
 */
public final class BrokerConfig {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfig.class);

    private final Map<String, String> originals;
    private final Map<String, Object> values;
    private final List<File> logDirs;
    private final long logRetentionMs;
    private final long logRollMs;
    private final long logRollJitterMs;
    private final long logFlushIntervalMs;
    private final List<Endpoint> listeners;
    private final List<Endpoint> advertisedListeners;
    private final String interBrokerListenerName;
    private final Map<String, Integer> maxConnectionsPerIpOverrides;
    private final File zookeeperEmbeddedDataDir;

    private BrokerConfig(Map<String, String> originals, Map<String, Object> values) {
        this.originals = originals;
        this.values = values;
        this.logDirs = resolveLogDirs();
        this.logRetentionMs = resolveRetentionMs();
        this.logRollMs = resolveMs(LOG_ROLL_MS_CONFIG, LOG_ROLL_HOURS_CONFIG, 1);
        this.logRollJitterMs = resolveMs(LOG_ROLL_JITTER_MS_CONFIG, LOG_ROLL_JITTER_HOURS_CONFIG, 0);
        this.logFlushIntervalMs = resolveFlushIntervalMs();
        Map<String, SecurityProtocol> protocols = Listeners.parseProtocolMap(
                LISTENER_SECURITY_PROTOCOL_MAP_CONFIG, string(LISTENER_SECURITY_PROTOCOL_MAP_CONFIG));
        this.listeners = Listeners.parse(LISTENERS_CONFIG, string(LISTENERS_CONFIG), protocols);
        this.advertisedListeners = resolveAdvertisedListeners(protocols);
        checkSecurityProtocols();
        this.interBrokerListenerName = resolveInterBrokerListenerName();
        this.maxConnectionsPerIpOverrides = resolveMaxConnectionsPerIpOverrides();
        for (Endpoint listener : listeners) {
            maxConnections(Optional.of(listener.listener()));
            maxConnectionCreationRate(Optional.of(listener.listener()));
        }
        String zkDataDir = string(ZOOKEEPER_EMBEDDED_DATA_DIR_CONFIG);
        this.zookeeperEmbeddedDataDir = zkDataDir != null
                ? new File(zkDataDir)
                : new File(logDirs.get(0).getParentFile(), "zookeeper");
        validateReplicaTimeouts();
        validateQueuedMaxRequestBytes();
    }

    /**
     * Parses and validates {@code props} (typically a loaded {@code server.properties}).
     *
     * @throws ConfigException naming the key and value of the first invalid setting
     */
    public static BrokerConfig fromProperties(Map<?, ?> props) {
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, String> originals = new TreeMap<>();
        for (Map.Entry<?, ?> entry : props.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new ConfigException(String.valueOf(entry.getKey()), entry.getValue(), "Key must be a string.");
            }
            if (entry.getValue() == null) {
                continue;
            }
            String key = (String) entry.getKey();
            input.put(key, entry.getValue());
            originals.put(key, render(entry.getValue()));
        }
        Map<String, Object> values = BrokerConfigDef.shared().parse(input);
        Set<String> unknown = new LinkedHashSet<>(originals.keySet());
        unknown.removeAll(BrokerConfigDef.shared().names());
        if (!unknown.isEmpty()) {
            log.warn("Ignoring unknown broker configs {}", unknown);
        }
        return new BrokerConfig(Collections.unmodifiableMap(originals), Collections.unmodifiableMap(values));
    }

    /** The configuration of an empty {@code server.properties}: every default. */
    public static BrokerConfig defaults() {
        return fromProperties(Map.of());
    }

    // ---- Generic access ----

    /** Every key given to {@link #fromProperties}, known or not, with its value as a string, sorted by key. */
    public Map<String, String> originals() {
        return originals;
    }

    /** True if {@code key} was set in server.properties (even to its default value). */
    public boolean isExplicitlySet(String key) {
        return originals.containsKey(key);
    }

    /** Every broker config as DescribeConfigs reports it for a BROKER resource naming this broker, sorted by name. */
    public List<ConfigEntryView> describe() {
        return BrokerConfigDescriber.describe(this);
    }

    /**
     * As {@link #describe()}, with the dynamic configs of this broker ({@code own}) and of the cluster default
     * taking precedence for the keys that may be set dynamically ({@link DynamicBrokerConfigs}).
     */
    public List<ConfigEntryView> describe(Map<String, String> own, Map<String, String> clusterDefault) {
        return BrokerConfigDescriber.describe(this, own, clusterDefault);
    }

    /** The parsed value of a defined key, as {@code ConfigDef} typed it; null when unset without default. */
    Object parsedValue(String key) {
        return values.get(key);
    }

    // ---- Identity, listeners, ZooKeeper ----

    public int brokerId() {
        return integer(BROKER_ID_CONFIG);
    }

    public Optional<String> brokerRack() {
        return Optional.ofNullable(string(BROKER_RACK_CONFIG));
    }

    /** {@code replica.selector.class}, if set (KIP-392). */
    public Optional<String> replicaSelectorClass() {
        return Optional.ofNullable(string(REPLICA_SELECTOR_CLASS_CONFIG));
    }

    /** Every listener, in configuration order. */
    public List<Endpoint> listeners() {
        return listeners;
    }

    /**
     * Every advertised listener: {@code advertised.listeners}, or {@link #listeners()} when unset, with an empty or
     * wildcard host (inherited from {@code listeners}) replaced by {@code localhost}. A port of 0 stands for the
     * port the listener of that name bound.
     */
    public List<Endpoint> advertisedListeners() {
        return advertisedListeners;
    }

    /** The advertised listener other brokers connect to. */
    public String interBrokerListenerName() {
        return interBrokerListenerName;
    }

    /** {@code zookeeper.connect}; empty means Samsa starts an embedded ZooKeeper server. */
    /** {@code authorizer.class.name}, trimmed; empty when authorization is off. */
    public String authorizerClassName() {
        String name = string(AUTHORIZER_CLASS_NAME_CONFIG);
        return name == null ? "" : name.trim();
    }

    /** {@code super.users}: principals as text ({@code User:alice}), semicolon-separated in the config. */
    public List<String> superUsers() {
        String value = string(SUPER_USERS_CONFIG);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean allowEveryoneIfNoAclFound() {
        return bool(ALLOW_EVERYONE_IF_NO_ACL_FOUND_CONFIG);
    }

    public Optional<String> zookeeperConnect() {
        String connect = string(ZOOKEEPER_CONNECT_CONFIG);
        return connect == null || connect.isBlank() ? Optional.empty() : Optional.of(connect.trim());
    }

    public int zookeeperSessionTimeoutMs() {
        return integer(ZOOKEEPER_SESSION_TIMEOUT_MS_CONFIG);
    }

    /** {@code zookeeper.connection.timeout.ms}, or the session timeout when unset. */
    public int zookeeperConnectionTimeoutMs() {
        Integer timeout = (Integer) values.get(ZOOKEEPER_CONNECTION_TIMEOUT_MS_CONFIG);
        return timeout != null ? timeout : zookeeperSessionTimeoutMs();
    }

    public int zookeeperEmbeddedPort() {
        return integer(ZOOKEEPER_EMBEDDED_PORT_CONFIG);
    }

    public File zookeeperEmbeddedDataDir() {
        return zookeeperEmbeddedDataDir;
    }

    // ---- Network ----

    public int socketRequestMaxBytes() {
        return integer(SOCKET_REQUEST_MAX_BYTES_CONFIG);
    }

    /** -1 means the OS default. */
    public int socketSendBufferBytes() {
        return integer(SOCKET_SEND_BUFFER_BYTES_CONFIG);
    }

    /** -1 means the OS default. */
    public int socketReceiveBufferBytes() {
        return integer(SOCKET_RECEIVE_BUFFER_BYTES_CONFIG);
    }

    public int numNetworkThreads() {
        return integer(NUM_NETWORK_THREADS_CONFIG);
    }

    public int numIoThreads() {
        return integer(NUM_IO_THREADS_CONFIG);
    }

    public int queuedMaxRequests() {
        return integer(QUEUED_MAX_REQUESTS_CONFIG);
    }

    /**
     * {@code queued.max.request.bytes} as configured; a value of 0 or less asks the network layer to derive a
     * finite bound from the JVM's direct memory (Kafka would leave it unbounded).
     */
    public long queuedMaxRequestBytes() {
        return longValue(QUEUED_MAX_REQUEST_BYTES_CONFIG);
    }

    /** A listener's {@code sasl.enabled.mechanisms}: its {@code listener.name.<l>.} override, else the broker's. */
    public List<String> saslEnabledMechanisms(String listener) {
        return listenerOverride(listener, SASL_ENABLED_MECHANISMS_CONFIG)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList())
                .orElseGet(() -> list(SASL_ENABLED_MECHANISMS_CONFIG));
    }

    /**
     * {@code connections.max.reauth.ms} of a listener's mechanism: {@code listener.name.<l>.<mechanism lower
     * case>.connections.max.reauth.ms}, else the broker's.
     */
    public long connectionsMaxReauthMs(String listener, String mechanism) {
        return listenerOverride(listener, mechanism.toLowerCase(java.util.Locale.ROOT) + "."
                + CONNECTIONS_MAX_REAUTH_MS_CONFIG).map(String::trim).map(Long::parseLong)
                .orElseGet(() -> longValue(CONNECTIONS_MAX_REAUTH_MS_CONFIG));
    }

    /** {@code password.encoder.secret}, if set. */
    public Optional<String> passwordEncoderSecret() {
        Object value = values.get(PASSWORD_ENCODER_SECRET_CONFIG);
        return value == null ? Optional.empty()
                : Optional.of(((org.apache.kafka.common.config.types.Password) value).value());
    }

    /** {@code password.encoder.keyfactory.algorithm}; null for Kafka's default choice. */
    public String passwordEncoderKeyFactoryAlgorithm() {
        return string(PASSWORD_ENCODER_KEYFACTORY_ALGORITHM_CONFIG);
    }

    public String passwordEncoderCipherAlgorithm() {
        return string(PASSWORD_ENCODER_CIPHER_ALGORITHM_CONFIG);
    }

    public int passwordEncoderKeyLength() {
        return integer(PASSWORD_ENCODER_KEY_LENGTH_CONFIG);
    }

    public int passwordEncoderIterations() {
        return integer(PASSWORD_ENCODER_ITERATIONS_CONFIG);
    }

    /** {@code samsa.sasl.scram.accept.librdkafka.nonce}. */
    public boolean saslScramAcceptLibrdkafkaNonce() {
        return bool(SASL_SCRAM_ACCEPT_LIBRDKAFKA_NONCE_CONFIG);
    }

    /** {@code connection.failed.authentication.delay.ms}. */
    public int connectionFailedAuthenticationDelayMs() {
        return integer(CONNECTION_FAILED_AUTHENTICATION_DELAY_MS_CONFIG);
    }

    public long connectionsMaxIdleMs() {
        return longValue(CONNECTIONS_MAX_IDLE_MS_CONFIG);
    }

    /** {@code max.connections}, or {@code listener.name.<listener>.max.connections} when {@code listener} is set. */
    public int maxConnections(Optional<String> listener) {
        return listener.isEmpty() ? integer(MAX_CONNECTIONS_CONFIG)
                : listenerInt(listener.get(), MAX_CONNECTIONS_CONFIG, Integer.MAX_VALUE);
    }

    public int maxConnectionsPerIp() {
        return integer(MAX_CONNECTIONS_PER_IP_CONFIG);
    }

    /** {@code max.connections.per.ip.overrides}: host or IP to its maximum, in configuration order. */
    public Map<String, Integer> maxConnectionsPerIpOverrides() {
        return maxConnectionsPerIpOverrides;
    }

    /**
     * {@code max.connection.creation.rate}, or {@code listener.name.<listener>.max.connection.creation.rate} when
     * {@code listener} is set.
     */
    public int maxConnectionCreationRate(Optional<String> listener) {
        return listener.isEmpty() ? integer(MAX_CONNECTION_CREATION_RATE_CONFIG)
                : listenerInt(listener.get(), MAX_CONNECTION_CREATION_RATE_CONFIG, Integer.MAX_VALUE);
    }

    public int quotaWindowNum() {
        return integer(QUOTA_WINDOW_NUM_CONFIG);
    }

    public int quotaWindowSizeSeconds() {
        return integer(QUOTA_WINDOW_SIZE_SECONDS_CONFIG);
    }

    /**
     * A listener's own value of {@code key}, {@code listener.name.<listener lower case>.<key>} (Kafka's listener
     * prefix), if set.
     */
    public Optional<String> listenerOverride(String listener, String key) {
        return Optional.ofNullable(originals.get("listener.name." + listener.toLowerCase(Locale.ROOT) + "." + key));
    }

    /**
     * The TLS settings of {@code listener}: each of {@link BrokerConfigDef#SSL_CONFIGS} from its
     * {@code listener.name.<name>.} override, else the broker's value, as text (passwords in clear, lists
     * comma-separated); absent keys have no value.
     */
    public Map<String, String> sslSettings(String listener) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : SSL_CONFIGS) {
            Optional<String> own = listenerOverride(listener, key);
            Object value = own.isPresent() ? own.get() : values.get(key);
            if (value instanceof org.apache.kafka.common.config.types.Password p) {
                value = p.value();
            } else if (value instanceof List<?> list) {
                value = String.join(",", list.stream().map(String::valueOf).toList());
            }
            if (value != null) {
                out.put(key, value.toString());
            }
        }
        return out;
    }

    private int listenerInt(String listener, String key, int unset) {
        String value = listenerOverride(listener, key).orElse(null);
        if (value == null) {
            return unset;
        }
        String prefixed = "listener.name." + listener.toLowerCase(Locale.ROOT) + "." + key;
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new ConfigException(prefixed, value, "Value must be at least 0");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(prefixed, value, "Not a number");
        }
    }

    public int fetchMaxBytes() {
        return integer(FETCH_MAX_BYTES_CONFIG);
    }

    // ---- Topics ----

    public int numPartitions() {
        return integer(NUM_PARTITIONS_CONFIG);
    }

    public int defaultReplicationFactor() {
        return integer(DEFAULT_REPLICATION_FACTOR_CONFIG);
    }

    public boolean autoCreateTopicsEnable() {
        return bool(AUTO_CREATE_TOPICS_ENABLE_CONFIG);
    }

    public boolean deleteTopicEnable() {
        return bool(DELETE_TOPIC_ENABLE_CONFIG);
    }

    // ---- Logs ----

    /** {@code log.dirs}, else {@code log.dir}; never empty, no duplicates, in configuration order. */
    public List<File> logDirs() {
        return logDirs;
    }

    public int numRecoveryThreadsPerDataDir() {
        return integer(NUM_RECOVERY_THREADS_PER_DATA_DIR_CONFIG);
    }

    public int messageMaxBytes() {
        return integer(MESSAGE_MAX_BYTES_CONFIG);
    }

    public int logSegmentBytes() {
        return integer(LOG_SEGMENT_BYTES_CONFIG);
    }

    /** {@code log.roll.ms}, else {@code log.roll.hours} in ms. */
    public long logRollMs() {
        return logRollMs;
    }

    /** {@code log.roll.jitter.ms}, else {@code log.roll.jitter.hours} in ms. */
    public long logRollJitterMs() {
        return logRollJitterMs;
    }

    /** Resolved through ms &gt; minutes &gt; hours; -1 means unlimited. */
    public long logRetentionMs() {
        return logRetentionMs;
    }

    /** -1 means unlimited. */
    public long logRetentionBytes() {
        return longValue(LOG_RETENTION_BYTES_CONFIG);
    }

    public long logRetentionCheckIntervalMs() {
        return longValue(LOG_RETENTION_CHECK_INTERVAL_MS_CONFIG);
    }

    public long logSegmentDeleteDelayMs() {
        return longValue(LOG_SEGMENT_DELETE_DELAY_MS_CONFIG);
    }

    public long logFlushIntervalMessages() {
        return longValue(LOG_FLUSH_INTERVAL_MESSAGES_CONFIG);
    }

    /** {@code log.flush.interval.ms}, else {@code log.flush.scheduler.interval.ms}. */
    public long logFlushIntervalMs() {
        return logFlushIntervalMs;
    }

    public long logFlushSchedulerIntervalMs() {
        return longValue(LOG_FLUSH_SCHEDULER_INTERVAL_MS_CONFIG);
    }

    public int logFlushOffsetCheckpointIntervalMs() {
        return integer(LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS_CONFIG);
    }

    public int logIndexIntervalBytes() {
        return integer(LOG_INDEX_INTERVAL_BYTES_CONFIG);
    }

    public int logIndexSizeMaxBytes() {
        return integer(LOG_INDEX_SIZE_MAX_BYTES_CONFIG);
    }

    public TimestampType logMessageTimestampType() {
        return TimestampType.forName(string(LOG_MESSAGE_TIMESTAMP_TYPE_CONFIG));
    }

    public long logMessageTimestampBeforeMaxMs() {
        return longValue(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
    }

    public long logMessageTimestampAfterMaxMs() {
        return longValue(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
    }

    /** No-op since Kafka 4.0; kept as the broker default of the topic config of the same meaning. */
    public boolean logMessageDownconversionEnable() {
        return bool(LOG_MESSAGE_DOWNCONVERSION_ENABLE_CONFIG);
    }

    /** Subset of {@code [delete, compact]}, as configured. */
    public List<String> logCleanupPolicy() {
        return list(LOG_CLEANUP_POLICY_CONFIG);
    }

    public long logCleanerDeleteRetentionMs() {
        return longValue(LOG_CLEANER_DELETE_RETENTION_MS_CONFIG);
    }

    public long logCleanerMinCompactionLagMs() {
        return longValue(LOG_CLEANER_MIN_COMPACTION_LAG_MS_CONFIG);
    }

    public long logCleanerMaxCompactionLagMs() {
        return longValue(LOG_CLEANER_MAX_COMPACTION_LAG_MS_CONFIG);
    }

    public double logCleanerMinCleanableRatio() {
        return (Double) values.get(LOG_CLEANER_MIN_CLEANABLE_RATIO_CONFIG);
    }

    public boolean logCleanerEnable() {
        return bool(LOG_CLEANER_ENABLE_CONFIG);
    }

    public int logCleanerThreads() {
        return integer(LOG_CLEANER_THREADS_CONFIG);
    }

    /** Total over all cleaner threads. */
    public long logCleanerDedupeBufferSize() {
        return longValue(LOG_CLEANER_DEDUPE_BUFFER_SIZE_CONFIG);
    }

    public double logCleanerIoBufferLoadFactor() {
        return (Double) values.get(LOG_CLEANER_IO_BUFFER_LOAD_FACTOR_CONFIG);
    }

    /** Total over all cleaner threads. */
    public int logCleanerIoBufferSize() {
        return integer(LOG_CLEANER_IO_BUFFER_SIZE_CONFIG);
    }

    public long logCleanerBackoffMs() {
        return longValue(LOG_CLEANER_BACKOFF_MS_CONFIG);
    }

    /** Over all cleaner threads, reads and writes together. */
    public double logCleanerIoMaxBytesPerSecond() {
        return (Double) values.get(LOG_CLEANER_IO_MAX_BYTES_PER_SECOND_CONFIG);
    }

    public boolean logPreallocate() {
        return bool(LOG_PREALLOCATE_CONFIG);
    }

    public long logLocalRetentionMs() {
        return longValue(LOG_LOCAL_RETENTION_MS_CONFIG);
    }

    public long logLocalRetentionBytes() {
        return longValue(LOG_LOCAL_RETENTION_BYTES_CONFIG);
    }

    /** One of {@link BrokerConfigDef#COMPRESSION_TYPES}. */
    public String compressionType() {
        return string(COMPRESSION_TYPE_CONFIG);
    }

    public int compressionGzipLevel() {
        return integer(COMPRESSION_GZIP_LEVEL_CONFIG);
    }

    public int compressionLz4Level() {
        return integer(COMPRESSION_LZ4_LEVEL_CONFIG);
    }

    public int compressionZstdLevel() {
        return integer(COMPRESSION_ZSTD_LEVEL_CONFIG);
    }

    public int minInsyncReplicas() {
        return integer(MIN_INSYNC_REPLICAS_CONFIG);
    }

    public boolean uncleanLeaderElectionEnable() {
        return bool(UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG);
    }

    // ---- Replication ----

    public long replicaLagTimeMaxMs() {
        return longValue(REPLICA_LAG_TIME_MAX_MS_CONFIG);
    }

    public int replicaFetchMaxBytes() {
        return integer(REPLICA_FETCH_MAX_BYTES_CONFIG);
    }

    public int replicaFetchMinBytes() {
        return integer(REPLICA_FETCH_MIN_BYTES_CONFIG);
    }

    public int replicaFetchWaitMaxMs() {
        return integer(REPLICA_FETCH_WAIT_MAX_MS_CONFIG);
    }

    /** {@code replication.quota.window.num}. */
    public int replicationQuotaWindowNum() {
        return integer(REPLICATION_QUOTA_WINDOW_NUM_CONFIG);
    }

    /** {@code replication.quota.window.size.seconds}. */
    public int replicationQuotaWindowSizeSeconds() {
        return integer(REPLICATION_QUOTA_WINDOW_SIZE_SECONDS_CONFIG);
    }

    public int replicaFetchBackoffMs() {
        return integer(REPLICA_FETCH_BACKOFF_MS_CONFIG);
    }

    public int replicaSocketTimeoutMs() {
        return integer(REPLICA_SOCKET_TIMEOUT_MS_CONFIG);
    }

    public int replicaFetchResponseMaxBytes() {
        return integer(REPLICA_FETCH_RESPONSE_MAX_BYTES_CONFIG);
    }

    public boolean controlledShutdownEnable() {
        return bool(CONTROLLED_SHUTDOWN_ENABLE_CONFIG);
    }

    public int controlledShutdownMaxRetries() {
        return integer(CONTROLLED_SHUTDOWN_MAX_RETRIES_CONFIG);
    }

    public long controlledShutdownRetryBackoffMs() {
        return longValue(CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS_CONFIG);
    }

    public boolean autoLeaderRebalanceEnable() {
        return bool(AUTO_LEADER_REBALANCE_ENABLE_CONFIG);
    }

    public long leaderImbalanceCheckIntervalSeconds() {
        return longValue(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS_CONFIG);
    }

    public int leaderImbalancePerBrokerPercentage() {
        return integer(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE_CONFIG);
    }

    public int numReplicaFetchers() {
        return integer(NUM_REPLICA_FETCHERS_CONFIG);
    }

    public long replicaHighWatermarkCheckpointIntervalMs() {
        return longValue(REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS_CONFIG);
    }

    // ---- Groups and offsets ----

    public int groupInitialRebalanceDelayMs() {
        return integer(GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG);
    }

    public int groupMinSessionTimeoutMs() {
        return integer(GROUP_MIN_SESSION_TIMEOUT_MS_CONFIG);
    }

    public int groupMaxSessionTimeoutMs() {
        return integer(GROUP_MAX_SESSION_TIMEOUT_MS_CONFIG);
    }

    public int groupMaxSize() {
        return integer(GROUP_MAX_SIZE_CONFIG);
    }

    public int offsetsTopicNumPartitions() {
        return integer(OFFSETS_TOPIC_NUM_PARTITIONS_CONFIG);
    }

    public int offsetsTopicSegmentBytes() {
        return integer(OFFSETS_TOPIC_SEGMENT_BYTES_CONFIG);
    }

    public short offsetsTopicReplicationFactor() {
        return (Short) values.get(OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG);
    }

    public int offsetsRetentionMinutes() {
        return integer(OFFSETS_RETENTION_MINUTES_CONFIG);
    }

    /** {@code offsets.retention.minutes} in milliseconds. */
    public long offsetsRetentionMs() {
        return TimeUnit.MINUTES.toMillis(offsetsRetentionMinutes());
    }

    public long offsetsRetentionCheckIntervalMs() {
        return longValue(OFFSETS_RETENTION_CHECK_INTERVAL_MS_CONFIG);
    }

    public int offsetMetadataMaxBytes() {
        return integer(OFFSET_METADATA_MAX_BYTES_CONFIG);
    }

    public int maxIncrementalFetchSessionCacheSlots() {
        return integer(MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS_CONFIG);
    }

    public int maxRequestPartitionSizeLimit() {
        return integer(MAX_REQUEST_PARTITION_SIZE_LIMIT_CONFIG);
    }

    public int offsetsCommitTimeoutMs() {
        return integer(OFFSETS_COMMIT_TIMEOUT_MS_CONFIG);
    }

    // ---- Producers and transactions ----

    public int producerIdExpirationMs() {
        return integer(PRODUCER_ID_EXPIRATION_MS_CONFIG);
    }

    public int transactionalIdExpirationMs() {
        return integer(TRANSACTIONAL_ID_EXPIRATION_MS_CONFIG);
    }

    public int transactionMaxTimeoutMs() {
        return integer(TRANSACTION_MAX_TIMEOUT_MS_CONFIG);
    }

    public int transactionStateLogNumPartitions() {
        return integer(TRANSACTION_STATE_LOG_NUM_PARTITIONS_CONFIG);
    }

    public short transactionStateLogReplicationFactor() {
        return (Short) values.get(TRANSACTION_STATE_LOG_REPLICATION_FACTOR_CONFIG);
    }

    public int transactionStateLogMinIsr() {
        return integer(TRANSACTION_STATE_LOG_MIN_ISR_CONFIG);
    }

    public int transactionStateLogSegmentBytes() {
        return integer(TRANSACTION_STATE_LOG_SEGMENT_BYTES_CONFIG);
    }

    public int transactionAbortTimedOutIntervalMs() {
        return integer(TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS_CONFIG);
    }

    public int transactionRemoveExpiredIntervalMs() {
        return integer(TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS_CONFIG);
    }

    /** The finalized level of the {@code transaction.version} feature: 2 turns on transactions v2 (KIP-890). */
    public short transactionVersion() {
        return (Short) values.get(TRANSACTION_VERSION_CONFIG);
    }

    public boolean transactionPartitionVerificationEnable() {
        return bool(TRANSACTION_PARTITION_VERIFICATION_ENABLE_CONFIG);
    }

    public int addPartitionsToTxnRetryBackoffMs() {
        return integer(ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS_CONFIG);
    }

    public int addPartitionsToTxnRetryBackoffMaxMs() {
        return integer(ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    @Override
    public String toString() {
        return "BrokerConfig(brokerId=" + brokerId() + ", listeners=" + listeners + ", advertised="
                + advertisedListeners + ", logDirs=" + logDirs + ", zookeeper="
                + zookeeperConnect().orElse("embedded:" + zookeeperEmbeddedPort()) + ")";
    }

    // ---- Resolution ----

    private List<File> resolveLogDirs() {
        boolean fromDirs = values.get(LOG_DIRS_CONFIG) != null;
        String key = fromDirs ? LOG_DIRS_CONFIG : LOG_DIR_CONFIG;
        List<String> raw = fromDirs ? list(LOG_DIRS_CONFIG) : List.of(string(LOG_DIR_CONFIG).split(","));
        Set<String> dirs = new LinkedHashSet<>();
        for (String dir : raw) {
            String trimmed = dir.trim();
            if (!trimmed.isEmpty() && !dirs.add(trimmed)) {
                throw new ConfigException(key, originals.get(key), "Log directory " + trimmed + " is listed twice");
            }
        }
        if (dirs.isEmpty()) {
            throw new ConfigException(key, originals.get(key), "At least one log directory is required");
        }
        return dirs.stream().map(File::new).collect(Collectors.toUnmodifiableList());
    }

    private long resolveRetentionMs() {
        String key;
        long ms;
        if (values.get(LOG_RETENTION_MS_CONFIG) != null) {
            key = LOG_RETENTION_MS_CONFIG;
            ms = longValue(key);
        } else if (values.get(LOG_RETENTION_MINUTES_CONFIG) != null) {
            key = LOG_RETENTION_MINUTES_CONFIG;
            ms = TimeUnit.MINUTES.toMillis(integer(key));
        } else {
            key = LOG_RETENTION_HOURS_CONFIG;
            ms = TimeUnit.HOURS.toMillis(integer(key));
        }
        if (ms < 0) {
            return -1;
        }
        if (ms == 0) {
            throw new ConfigException(key, values.get(key), "Retention must be unlimited (-1) or at least 1 ms");
        }
        return ms;
    }

    private long resolveMs(String msKey, String hoursKey, long min) {
        if (values.get(msKey) == null) {
            return TimeUnit.HOURS.toMillis(integer(hoursKey));
        }
        long ms = longValue(msKey);
        if (ms < min) {
            throw new ConfigException(msKey, ms, "Value must be at least " + min);
        }
        return ms;
    }

    private long resolveFlushIntervalMs() {
        if (values.get(LOG_FLUSH_INTERVAL_MS_CONFIG) == null) {
            return logFlushSchedulerIntervalMs();
        }
        long ms = longValue(LOG_FLUSH_INTERVAL_MS_CONFIG);
        if (ms < 0) {
            throw new ConfigException(LOG_FLUSH_INTERVAL_MS_CONFIG, ms, "Value must be at least 0");
        }
        return ms;
    }

    private List<Endpoint> resolveAdvertisedListeners(Map<String, SecurityProtocol> protocols) {
        String value = string(ADVERTISED_LISTENERS_CONFIG);
        if (value == null) {
            return listeners.stream().map(e -> Listeners.isWildcard(e.host())
                    ? new Endpoint(e.listener(), e.securityProtocol(), "localhost", e.port()) : e).toList();
        }
        List<Endpoint> advertised = Listeners.parse(ADVERTISED_LISTENERS_CONFIG, value, protocols);
        Set<String> names = listeners.stream().map(Endpoint::listener).collect(Collectors.toSet());
        for (Endpoint endpoint : advertised) {
            if (!names.contains(endpoint.listener())) {
                throw new ConfigException(ADVERTISED_LISTENERS_CONFIG, value, "Listener " + endpoint.listener()
                        + " is advertised but not in " + LISTENERS_CONFIG);
            }
            if (!endpoint.host().isEmpty() && Listeners.isWildcard(endpoint.host())) {
                throw new ConfigException(ADVERTISED_LISTENERS_CONFIG, value,
                        "Cannot advertise the non-routable address " + endpoint.host() + "; use a routable host");
            }
        }
        return advertised;
    }

    /** Kafka's syntax, {@code host:count,...}; an IPv6 address is split at its last colon. */
    private Map<String, Integer> resolveMaxConnectionsPerIpOverrides() {
        String value = string(MAX_CONNECTIONS_PER_IP_OVERRIDES_CONFIG);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String entry : value == null ? new String[0] : value.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            try {
                int count = Integer.parseInt(e.substring(colon + 1).trim());
                if (colon <= 0 || count < 0) {
                    throw new NumberFormatException();
                }
                out.put(e.substring(0, colon).trim(), count);
            } catch (NumberFormatException ex) {
                throw new ConfigException(MAX_CONNECTIONS_PER_IP_OVERRIDES_CONFIG, value,
                        "Entry '" + e + "' is not of the form host:count");
            }
        }
        if (integer(MAX_CONNECTIONS_PER_IP_CONFIG) == 0 && out.isEmpty()) {
            throw new ConfigException(MAX_CONNECTIONS_PER_IP_CONFIG, 0, "Value 0 is only allowed with "
                    + MAX_CONNECTIONS_PER_IP_OVERRIDES_CONFIG);
        }
        return Collections.unmodifiableMap(out);
    }

    private void checkSecurityProtocols() {
        for (Endpoint endpoint : listeners) {
            SecurityProtocol protocol = endpoint.securityProtocol();
            if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
                List<String> mechanisms = saslEnabledMechanisms(endpoint.listener());
                if (mechanisms.isEmpty() || !SASL_MECHANISMS.containsAll(mechanisms)) {
                    throw new ConfigException(SASL_ENABLED_MECHANISMS_CONFIG, mechanisms, "SASL listener "
                            + endpoint.listener() + " enables " + mechanisms + "; Samsa serves " + SASL_MECHANISMS);
                }
            }
            if ((protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) && !sslSettings(endpoint.listener())
                    .containsKey(SSL_KEYSTORE_LOCATION_CONFIG)) {
                throw new ConfigException(SSL_KEYSTORE_LOCATION_CONFIG, null, "SSL listener " + endpoint.listener()
                        + " needs a key store (ssl.keystore.location, or listener.name."
                        + endpoint.listener().toLowerCase(Locale.ROOT) + ".ssl.keystore.location)");
            }
        }
    }

    private String resolveInterBrokerListenerName() {
        String configured = string(INTER_BROKER_LISTENER_NAME_CONFIG);
        if (configured != null && originals.containsKey(SECURITY_INTER_BROKER_PROTOCOL_CONFIG)) {
            throw new ConfigException(INTER_BROKER_LISTENER_NAME_CONFIG, configured, "Only one of "
                    + INTER_BROKER_LISTENER_NAME_CONFIG + " and " + SECURITY_INTER_BROKER_PROTOCOL_CONFIG
                    + " may be set");
        }
        String key = configured != null ? INTER_BROKER_LISTENER_NAME_CONFIG : SECURITY_INTER_BROKER_PROTOCOL_CONFIG;
        String name = (configured != null ? configured : string(SECURITY_INTER_BROKER_PROTOCOL_CONFIG)).trim()
                .toUpperCase(Locale.ROOT);
        if (advertisedListeners.stream().noneMatch(e -> e.listener().equals(name))) {
            throw new ConfigException(key, name, "The inter-broker listener " + name + " must be one of the "
                    + "advertised listeners " + advertisedListeners.stream().map(Endpoint::listener).toList());
        }
        SecurityProtocol protocol = advertisedListeners.stream().filter(e -> e.listener().equals(name))
                .findFirst().orElseThrow().securityProtocol();
        if (protocol != SecurityProtocol.PLAINTEXT && protocol != SecurityProtocol.SSL) {
            throw new ConfigException(key, name, "The inter-broker listener " + name + " uses " + protocol
                    + "; brokers connect to each other over PLAINTEXT or SSL only until inter-broker SASL is built");
        }
        return name;
    }

    /** Kafka's rule: a request as large as socket.request.max.bytes must fit in the request memory bound. */
    private void validateQueuedMaxRequestBytes() {
        long bytes = queuedMaxRequestBytes();
        if (bytes > 0 && bytes < socketRequestMaxBytes()) {
            throw new ConfigException(QUEUED_MAX_REQUEST_BYTES_CONFIG, bytes, "Must be -1 or at least "
                    + SOCKET_REQUEST_MAX_BYTES_CONFIG + " (" + socketRequestMaxBytes() + ")");
        }
    }

    private void validateReplicaTimeouts() {
        int fetchWait = replicaFetchWaitMaxMs();
        if (fetchWait > replicaSocketTimeoutMs()) {
            throw new ConfigException(REPLICA_SOCKET_TIMEOUT_MS_CONFIG, replicaSocketTimeoutMs(),
                    "Must be at least " + REPLICA_FETCH_WAIT_MAX_MS_CONFIG + " (" + fetchWait
                            + ") to prevent needless socket timeouts");
        }
        if (fetchWait > replicaLagTimeMaxMs()) {
            throw new ConfigException(REPLICA_FETCH_WAIT_MAX_MS_CONFIG, fetchWait,
                    "Must be at most " + REPLICA_LAG_TIME_MAX_MS_CONFIG + " (" + replicaLagTimeMaxMs()
                            + ") to prevent frequent ISR changes");
        }
    }

    // ---- Typed access to parsed values ----

    private int integer(String key) {
        return (Integer) values.get(key);
    }

    private long longValue(String key) {
        return (Long) values.get(key);
    }

    private boolean bool(String key) {
        return (Boolean) values.get(key);
    }

    private String string(String key) {
        return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        return List.copyOf((List<String>) values.get(key));
    }

    private static String render(Object value) {
        if (value instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object part : (List<?>) value) {
                parts.add(String.valueOf(part));
            }
            return String.join(",", parts);
        }
        if (value instanceof Class) {
            return ((Class<?>) value).getName();
        }
        return value.toString();
    }
}
