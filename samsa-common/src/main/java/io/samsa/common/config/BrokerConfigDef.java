package io.samsa.common.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;
import static org.apache.kafka.common.config.ConfigDef.ValidString.in;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.SHORT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.CompressionType;

/**
 * Names, types, defaults and validators of the broker's static configuration ({@code server.properties}).
 *
 * <p>Names and defaults are Kafka's (4.1 for the log settings, 3.9 for the ZooKeeper ones) with three
 * Samsa-specific differences: {@code broker.id} defaults to 0 instead of -1 (Samsa does not generate ids),
 * {@code log.dir} defaults to {@code data/kafka-logs} (relative to the working directory) instead of
 * {@code /tmp/kafka-logs}, and the two {@code zookeeper.embedded.*} keys configure the ZooKeeper server that
 * Samsa starts itself when {@code zookeeper.connect} is absent.
 *
 * <p>Settings that several names express (ms/minutes/hours) are resolved by {@link BrokerConfig}; this class only
 * declares them. The definition is immutable after class initialisation; {@link #configDef()} hands out copies.
 * This class is thread-safe.
 */
public final class BrokerConfigDef {

    // ---- Identity and listeners ----
    public static final String BROKER_ID_CONFIG = "broker.id";
    public static final String BROKER_RACK_CONFIG = "broker.rack";
    public static final String REPLICA_SELECTOR_CLASS_CONFIG = "replica.selector.class";
    public static final String LISTENERS_CONFIG = "listeners";
    public static final String ADVERTISED_LISTENERS_CONFIG = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP_CONFIG = "listener.security.protocol.map";
    public static final String INTER_BROKER_LISTENER_NAME_CONFIG = "inter.broker.listener.name";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "ssl.keystore.type";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "ssl.keystore.password";
    public static final String SSL_KEY_PASSWORD_CONFIG = "ssl.key.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "ssl.truststore.password";
    public static final String SSL_CLIENT_AUTH_CONFIG = "ssl.client.auth";
    public static final String SSL_ENABLED_PROTOCOLS_CONFIG = "ssl.enabled.protocols";
    public static final String SSL_CIPHER_SUITES_CONFIG = "ssl.cipher.suites";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG = "ssl.endpoint.identification.algorithm";
    public static final String SSL_PRINCIPAL_MAPPING_RULES_CONFIG = "ssl.principal.mapping.rules";
    /** The TLS settings a listener may override with its {@code listener.name.<name>.} prefix. */
    public static final List<String> SSL_CONFIGS = List.of(SSL_KEYSTORE_TYPE_CONFIG, SSL_KEYSTORE_LOCATION_CONFIG,
            SSL_KEYSTORE_PASSWORD_CONFIG, SSL_KEY_PASSWORD_CONFIG, SSL_TRUSTSTORE_TYPE_CONFIG,
            SSL_TRUSTSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_PASSWORD_CONFIG, SSL_CLIENT_AUTH_CONFIG,
            SSL_ENABLED_PROTOCOLS_CONFIG, SSL_CIPHER_SUITES_CONFIG, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
            SSL_PRINCIPAL_MAPPING_RULES_CONFIG);
    public static final String SECURITY_INTER_BROKER_PROTOCOL_CONFIG = "security.inter.broker.protocol";

    // ---- Authorization (ACLs) ----
    public static final String AUTHORIZER_CLASS_NAME_CONFIG = "authorizer.class.name";
    public static final String SUPER_USERS_CONFIG = "super.users";
    public static final String ALLOW_EVERYONE_IF_NO_ACL_FOUND_CONFIG = "allow.everyone.if.no.acl.found";

    // ---- ZooKeeper ----
    public static final String ZOOKEEPER_CONNECT_CONFIG = "zookeeper.connect";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS_CONFIG = "zookeeper.session.timeout.ms";
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS_CONFIG = "zookeeper.connection.timeout.ms";
    public static final String ZOOKEEPER_EMBEDDED_PORT_CONFIG = "zookeeper.embedded.port";
    public static final String ZOOKEEPER_EMBEDDED_DATA_DIR_CONFIG = "zookeeper.embedded.data.dir";

    // ---- Network and request handling ----
    public static final String SOCKET_REQUEST_MAX_BYTES_CONFIG = "socket.request.max.bytes";
    public static final String SOCKET_SEND_BUFFER_BYTES_CONFIG = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES_CONFIG = "socket.receive.buffer.bytes";
    public static final String NUM_NETWORK_THREADS_CONFIG = "num.network.threads";
    public static final String NUM_IO_THREADS_CONFIG = "num.io.threads";
    public static final String QUEUED_MAX_REQUESTS_CONFIG = "queued.max.requests";
    public static final String QUEUED_MAX_REQUEST_BYTES_CONFIG = "queued.max.request.bytes";
    public static final String CONNECTIONS_MAX_IDLE_MS_CONFIG = "connections.max.idle.ms";
    public static final String SASL_ENABLED_MECHANISMS_CONFIG = "sasl.enabled.mechanisms";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    public static final String CONNECTION_FAILED_AUTHENTICATION_DELAY_MS_CONFIG =
            "connection.failed.authentication.delay.ms";
    public static final String CONNECTIONS_MAX_REAUTH_MS_CONFIG = "connections.max.reauth.ms";
    public static final String PASSWORD_ENCODER_SECRET_CONFIG = "password.encoder.secret";
    public static final String PASSWORD_ENCODER_KEYFACTORY_ALGORITHM_CONFIG = "password.encoder.keyfactory.algorithm";
    public static final String PASSWORD_ENCODER_CIPHER_ALGORITHM_CONFIG = "password.encoder.cipher.algorithm";
    public static final String PASSWORD_ENCODER_KEY_LENGTH_CONFIG = "password.encoder.key.length";
    public static final String PASSWORD_ENCODER_ITERATIONS_CONFIG = "password.encoder.iterations";
    /** Samsa's own: accept the SCRAM client-final nonce of librdkafka before 2.6.1 (see SaslServers). */
    public static final String SASL_SCRAM_ACCEPT_LIBRDKAFKA_NONCE_CONFIG =
            "samsa.sasl.scram.accept.librdkafka.nonce";
    /** The SASL mechanisms Samsa serves. */
    public static final List<String> SASL_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    public static final String MAX_CONNECTIONS_CONFIG = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP_CONFIG = "max.connections.per.ip";
    public static final String MAX_CONNECTIONS_PER_IP_OVERRIDES_CONFIG = "max.connections.per.ip.overrides";
    public static final String MAX_CONNECTION_CREATION_RATE_CONFIG = "max.connection.creation.rate";
    public static final String QUOTA_WINDOW_NUM_CONFIG = "quota.window.num";
    public static final String QUOTA_WINDOW_SIZE_SECONDS_CONFIG = "quota.window.size.seconds";
    public static final String FETCH_MAX_BYTES_CONFIG = "fetch.max.bytes";
    public static final String MAX_REQUEST_PARTITION_SIZE_LIMIT_CONFIG = "max.request.partition.size.limit";
    public static final String MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS_CONFIG =
            "max.incremental.fetch.session.cache.slots";

    // ---- Topics ----
    public static final String NUM_PARTITIONS_CONFIG = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR_CONFIG = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE_CONFIG = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE_CONFIG = "delete.topic.enable";

    // ---- Logs: the broker-wide defaults of the topic configs ----
    public static final String LOG_DIRS_CONFIG = "log.dirs";
    public static final String LOG_DIR_CONFIG = "log.dir";
    public static final String NUM_RECOVERY_THREADS_PER_DATA_DIR_CONFIG = "num.recovery.threads.per.data.dir";
    public static final String MESSAGE_MAX_BYTES_CONFIG = "message.max.bytes";
    public static final String LOG_SEGMENT_BYTES_CONFIG = "log.segment.bytes";
    public static final String LOG_ROLL_MS_CONFIG = "log.roll.ms";
    public static final String LOG_ROLL_HOURS_CONFIG = "log.roll.hours";
    public static final String LOG_ROLL_JITTER_MS_CONFIG = "log.roll.jitter.ms";
    public static final String LOG_ROLL_JITTER_HOURS_CONFIG = "log.roll.jitter.hours";
    public static final String LOG_RETENTION_MS_CONFIG = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES_CONFIG = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS_CONFIG = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES_CONFIG = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS_CONFIG = "log.retention.check.interval.ms";
    public static final String LOG_SEGMENT_DELETE_DELAY_MS_CONFIG = "log.segment.delete.delay.ms";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES_CONFIG = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS_CONFIG = "log.flush.interval.ms";
    public static final String LOG_FLUSH_SCHEDULER_INTERVAL_MS_CONFIG = "log.flush.scheduler.interval.ms";
    public static final String LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS_CONFIG = "log.flush.offset.checkpoint.interval.ms";
    public static final String LOG_INDEX_INTERVAL_BYTES_CONFIG = "log.index.interval.bytes";
    public static final String LOG_INDEX_SIZE_MAX_BYTES_CONFIG = "log.index.size.max.bytes";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE_CONFIG = "log.message.timestamp.type";
    public static final String LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG = "log.message.timestamp.before.max.ms";
    public static final String LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG = "log.message.timestamp.after.max.ms";
    public static final String LOG_MESSAGE_DOWNCONVERSION_ENABLE_CONFIG = "log.message.downconversion.enable";
    public static final String LOG_CLEANUP_POLICY_CONFIG = "log.cleanup.policy";
    public static final String LOG_CLEANER_DELETE_RETENTION_MS_CONFIG = "log.cleaner.delete.retention.ms";
    public static final String LOG_CLEANER_MIN_COMPACTION_LAG_MS_CONFIG = "log.cleaner.min.compaction.lag.ms";
    public static final String LOG_CLEANER_MAX_COMPACTION_LAG_MS_CONFIG = "log.cleaner.max.compaction.lag.ms";
    public static final String LOG_CLEANER_MIN_CLEANABLE_RATIO_CONFIG = "log.cleaner.min.cleanable.ratio";
    public static final String LOG_CLEANER_ENABLE_CONFIG = "log.cleaner.enable";
    public static final String LOG_CLEANER_THREADS_CONFIG = "log.cleaner.threads";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE_CONFIG = "log.cleaner.dedupe.buffer.size";
    public static final String LOG_CLEANER_IO_BUFFER_LOAD_FACTOR_CONFIG = "log.cleaner.io.buffer.load.factor";
    public static final String LOG_CLEANER_IO_BUFFER_SIZE_CONFIG = "log.cleaner.io.buffer.size";
    public static final String LOG_CLEANER_BACKOFF_MS_CONFIG = "log.cleaner.backoff.ms";
    public static final String LOG_CLEANER_IO_MAX_BYTES_PER_SECOND_CONFIG = "log.cleaner.io.max.bytes.per.second";
    public static final String LOG_PREALLOCATE_CONFIG = "log.preallocate";
    public static final String LOG_LOCAL_RETENTION_MS_CONFIG = "log.local.retention.ms";
    public static final String LOG_LOCAL_RETENTION_BYTES_CONFIG = "log.local.retention.bytes";
    public static final String COMPRESSION_TYPE_CONFIG = TopicConfig.COMPRESSION_TYPE_CONFIG;
    public static final String COMPRESSION_GZIP_LEVEL_CONFIG = TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG;
    public static final String COMPRESSION_LZ4_LEVEL_CONFIG = TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG;
    public static final String COMPRESSION_ZSTD_LEVEL_CONFIG = TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG;
    public static final String MIN_INSYNC_REPLICAS_CONFIG = TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG = TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG;

    // ---- Replication ----
    public static final String REPLICA_LAG_TIME_MAX_MS_CONFIG = "replica.lag.time.max.ms";
    public static final String REPLICA_FETCH_MAX_BYTES_CONFIG = "replica.fetch.max.bytes";
    public static final String REPLICA_FETCH_MIN_BYTES_CONFIG = "replica.fetch.min.bytes";
    public static final String REPLICA_FETCH_WAIT_MAX_MS_CONFIG = "replica.fetch.wait.max.ms";
    public static final String REPLICA_FETCH_BACKOFF_MS_CONFIG = "replica.fetch.backoff.ms";
    public static final String REPLICA_SOCKET_TIMEOUT_MS_CONFIG = "replica.socket.timeout.ms";
    public static final String NUM_REPLICA_FETCHERS_CONFIG = "num.replica.fetchers";
    public static final String CONTROLLED_SHUTDOWN_ENABLE_CONFIG = "controlled.shutdown.enable";
    public static final String CONTROLLED_SHUTDOWN_MAX_RETRIES_CONFIG = "controlled.shutdown.max.retries";
    public static final String CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS_CONFIG = "controlled.shutdown.retry.backoff.ms";
    public static final String AUTO_LEADER_REBALANCE_ENABLE_CONFIG = "auto.leader.rebalance.enable";
    public static final String LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS_CONFIG = "leader.imbalance.check.interval.seconds";
    public static final String LEADER_IMBALANCE_PER_BROKER_PERCENTAGE_CONFIG = "leader.imbalance.per.broker.percentage";
    public static final String REPLICA_FETCH_RESPONSE_MAX_BYTES_CONFIG = "replica.fetch.response.max.bytes";
    public static final String REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS_CONFIG =
            "replica.high.watermark.checkpoint.interval.ms";

    // ---- Replication quotas (Kafka's QuotaConfigs); the rates are dynamic per-broker configs ----
    public static final String LEADER_REPLICATION_THROTTLED_RATE_CONFIG = "leader.replication.throttled.rate";
    public static final String FOLLOWER_REPLICATION_THROTTLED_RATE_CONFIG = "follower.replication.throttled.rate";
    public static final String REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND_CONFIG =
            "replica.alter.log.dirs.io.max.bytes.per.second";
    public static final String REPLICATION_QUOTA_WINDOW_NUM_CONFIG = "replication.quota.window.num";
    public static final String REPLICATION_QUOTA_WINDOW_SIZE_SECONDS_CONFIG = "replication.quota.window.size.seconds";
    /** Kafka's default for the throttled rates: no bound. */
    public static final long QUOTA_UNLIMITED = Long.MAX_VALUE;

    // ---- Group coordinator and offsets ----
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS_CONFIG = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS_CONFIG = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE_CONFIG = "group.max.size";
    public static final String GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS_CONFIG = "group.consumer.heartbeat.interval.ms";
    public static final String GROUP_CONSUMER_SESSION_TIMEOUT_MS_CONFIG = "group.consumer.session.timeout.ms";
    public static final String GROUP_CONSUMER_MAX_SIZE_CONFIG = "group.consumer.max.size";
    public static final String GROUP_CONSUMER_ASSIGNORS_CONFIG = "group.consumer.assignors";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS_CONFIG = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES_CONFIG = "offsets.topic.segment.bytes";
    public static final String OFFSETS_RETENTION_MINUTES_CONFIG = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS_CONFIG = "offsets.retention.check.interval.ms";
    public static final String OFFSET_METADATA_MAX_BYTES_CONFIG = "offset.metadata.max.bytes";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS_CONFIG = "offsets.commit.timeout.ms";

    // ---- Transactions and producer state ----
    public static final String PRODUCER_ID_EXPIRATION_MS_CONFIG = "producer.id.expiration.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS_CONFIG = "transactional.id.expiration.ms";
    public static final String TRANSACTION_MAX_TIMEOUT_MS_CONFIG = "transaction.max.timeout.ms";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS_CONFIG = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR_CONFIG = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_STATE_LOG_MIN_ISR_CONFIG = "transaction.state.log.min.isr";
    public static final String TRANSACTION_STATE_LOG_SEGMENT_BYTES_CONFIG = "transaction.state.log.segment.bytes";
    public static final String TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS_CONFIG =
            "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTION_VERSION_CONFIG = "transaction.version";
    public static final String TRANSACTION_PARTITION_VERIFICATION_ENABLE_CONFIG =
            "transaction.partition.verification.enable";
    public static final String ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS_CONFIG = "add.partitions.to.txn.retry.backoff.ms";
    public static final String ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MAX_MS_CONFIG =
            "add.partitions.to.txn.retry.backoff.max.ms";
    public static final String TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS_CONFIG =
            "transaction.remove.expired.transaction.cleanup.interval.ms";

    /** Samsa's default for {@code log.dir}: relative to the working directory, unlike Kafka's /tmp path. */
    public static final String LOG_DIR_DEFAULT = "data/kafka-logs";
    public static final String LISTENERS_DEFAULT = "PLAINTEXT://:9092";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP_DEFAULT =
            "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";
    /** Kafka's 1 MiB payload plus the 12-byte log overhead (offset + size) of a batch. */
    public static final int MESSAGE_MAX_BYTES_DEFAULT = 1024 * 1024 + 12;
    /** Kafka 4.0 (KIP-1030) raised the minimum segment size from 14 bytes to 1 MiB. */
    public static final int SEGMENT_BYTES_MIN = 1024 * 1024;
    public static final List<String> COMPRESSION_TYPES =
            List.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer");

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BROKER_ID_CONFIG, INT, 0, atLeast(0), HIGH,
                    "The id of this broker, unique in the cluster. Samsa does not generate ids, so the default is 0 "
                            + "(Kafka's -1 asks for a generated id).")
            .define(BROKER_RACK_CONFIG, STRING, null, MEDIUM, "Rack of the broker, used for rack-aware replica placement.")
            .define(REPLICA_SELECTOR_CLASS_CONFIG, STRING, null, MEDIUM, "The ReplicaSelector a leader asks where a "
                    + "consumer with client.rack should read (KIP-392), such as "
                    + "org.apache.kafka.common.replica.RackAwareReplicaSelector. Unset: consumers read from leaders.")
            .define(LISTENERS_CONFIG, STRING, LISTENERS_DEFAULT, HIGH,
                    "Comma-separated NAME://host:port URIs the broker listens on. An empty host binds every interface; "
                            + "port 0 picks an ephemeral port.")
            .define(ADVERTISED_LISTENERS_CONFIG, STRING, null, HIGH,
                    "Listeners published to clients, if different from listeners. When unset, listeners are advertised.")
            .define(LISTENER_SECURITY_PROTOCOL_MAP_CONFIG, STRING, LISTENER_SECURITY_PROTOCOL_MAP_DEFAULT, LOW,
                    "Map from listener name to security protocol, as NAME:PROTOCOL pairs.")
            .define(SSL_KEYSTORE_TYPE_CONFIG, STRING, "JKS", MEDIUM, "Key store file format: JKS or PKCS12.")
            .define(SSL_KEYSTORE_LOCATION_CONFIG, STRING, null, HIGH,
                    "Key store with the broker's certificate and private key, for SSL listeners.")
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, PASSWORD, null, HIGH, "Password of the key store.")
            .define(SSL_KEY_PASSWORD_CONFIG, PASSWORD, null, HIGH,
                    "Password of the private key in the key store; the key store's password when unset.")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, STRING, "JKS", MEDIUM, "Trust store file format: JKS or PKCS12.")
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, STRING, null, HIGH,
                    "Trust store of the certificate authorities client certificates are checked against.")
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, PASSWORD, null, HIGH, "Password of the trust store.")
            .define(SSL_CLIENT_AUTH_CONFIG, STRING, "none", in("required", "requested", "none"), MEDIUM,
                    "Whether SSL listeners ask clients for a certificate: required, requested or none.")
            .define(SSL_ENABLED_PROTOCOLS_CONFIG, LIST, "TLSv1.2,TLSv1.3", MEDIUM, "TLS versions SSL listeners accept.")
            .define(SSL_CIPHER_SUITES_CONFIG, LIST, "", LOW,
                    "Cipher suites SSL listeners accept; empty means the engine's defaults.")
            .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, STRING, "https", LOW,
                    "How a broker checks another broker's host name when it connects over TLS (https, or empty).")
            .define(SSL_PRINCIPAL_MAPPING_RULES_CONFIG, STRING, "DEFAULT", LOW,
                    "Rules mapping a client certificate's distinguished name to a principal name, as Kafka's "
                            + "(RULE:pattern/replacement/[LU], DEFAULT keeps the whole name).")
            .define(INTER_BROKER_LISTENER_NAME_CONFIG, STRING, null, MEDIUM,
                    "Listener brokers use to reach each other (replication, transaction markers). When unset, the "
                            + "listener named by security.inter.broker.protocol. Must be advertised.")
            .define(SECURITY_INTER_BROKER_PROTOCOL_CONFIG, STRING, "PLAINTEXT", MEDIUM,
                    "Security protocol between brokers; its name is the inter-broker listener's name when "
                            + "inter.broker.listener.name is unset. Setting both is an error.")
            .define(AUTHORIZER_CLASS_NAME_CONFIG, STRING, "", LOW,
                    "Turns authorization on when set: Samsa's ACL authorizer, also named by Kafka's "
                            + "kafka.security.authorizer.AclAuthorizer or "
                            + "org.apache.kafka.metadata.authorizer.StandardAuthorizer. Empty: everyone may do all.")
            .define(SUPER_USERS_CONFIG, STRING, "", LOW,
                    "Semicolon-separated principals (User:name) allowed everything whatever the ACLs say.")
            .define(ALLOW_EVERYONE_IF_NO_ACL_FOUND_CONFIG, BOOLEAN, false, LOW,
                    "Whether a resource without any matching ACL is open to everyone.")
            .define(ZOOKEEPER_CONNECT_CONFIG, STRING, null, HIGH,
                    "ZooKeeper connection string host:port[,host:port...][/chroot]. When absent, Samsa starts an "
                            + "embedded ZooKeeper server and connects to it.")
            .define(ZOOKEEPER_SESSION_TIMEOUT_MS_CONFIG, INT, 18000, atLeast(1), HIGH, "ZooKeeper session timeout.")
            .define(ZOOKEEPER_CONNECTION_TIMEOUT_MS_CONFIG, INT, null, HIGH,
                    "Maximum time to wait to establish a ZooKeeper connection. If not set, "
                            + ZOOKEEPER_SESSION_TIMEOUT_MS_CONFIG + " is used.")
            .define(ZOOKEEPER_EMBEDDED_PORT_CONFIG, INT, 2181, between(0, 65535), MEDIUM,
                    "Client port of the embedded ZooKeeper server (Samsa only; 0 picks an ephemeral port).")
            .define(ZOOKEEPER_EMBEDDED_DATA_DIR_CONFIG, STRING, null, MEDIUM,
                    "Data directory of the embedded ZooKeeper server (Samsa only). Defaults to 'zookeeper' next to the "
                            + "first log directory.")
            .define(SOCKET_REQUEST_MAX_BYTES_CONFIG, INT, 100 * 1024 * 1024, atLeast(1), HIGH,
                    "The maximum number of bytes in a socket request.")
            .define(SOCKET_SEND_BUFFER_BYTES_CONFIG, INT, 100 * 1024, HIGH,
                    "SO_SNDBUF of the server sockets; -1 uses the OS default.")
            .define(SOCKET_RECEIVE_BUFFER_BYTES_CONFIG, INT, 100 * 1024, HIGH,
                    "SO_RCVBUF of the server sockets; -1 uses the OS default.")
            .define(NUM_NETWORK_THREADS_CONFIG, INT, 3, atLeast(1), HIGH,
                    "Threads that receive requests from the network and send responses.")
            .define(NUM_IO_THREADS_CONFIG, INT, 8, atLeast(1), HIGH, "Threads that process requests.")
            .define(QUEUED_MAX_REQUESTS_CONFIG, INT, 500, atLeast(1), HIGH,
                    "Requests allowed to queue for the I/O threads before the network threads stop reading.")
            .define(QUEUED_MAX_REQUEST_BYTES_CONFIG, LONG, -1L, atLeast(-1), MEDIUM,
                    "Bytes of requests being received or waiting for their response, across all connections, before "
                            + "connections stop being read. Unlike Kafka, where -1 means unbounded, -1 (or 0) means a "
                            + "quarter of the JVM's maximum direct memory. A positive value must be at least "
                            + SOCKET_REQUEST_MAX_BYTES_CONFIG + ", as in Kafka.")
            .define(MAX_CONNECTIONS_CONFIG, INT, Integer.MAX_VALUE, atLeast(0), MEDIUM,
                    "Connections the broker keeps at once; a new one waits until one closes. Per listener as "
                            + "listener.name.<name>.max.connections. The inter-broker listener is not held back by "
                            + "the broker-wide limit when there are other listeners.")
            .define(MAX_CONNECTIONS_PER_IP_CONFIG, INT, Integer.MAX_VALUE, atLeast(0), MEDIUM,
                    "Connections one IP address may have; more are closed at once.")
            .define(MAX_CONNECTIONS_PER_IP_OVERRIDES_CONFIG, STRING, "", MEDIUM,
                    "Per-IP or per-host overrides of max.connections.per.ip, as host:count,... (e.g. "
                            + "hostName:100,127.0.0.1:200).")
            .define(MAX_CONNECTION_CREATION_RATE_CONFIG, INT, Integer.MAX_VALUE, atLeast(0), MEDIUM,
                    "New connections accepted per second, broker-wide; faster ones are delayed. Per listener as "
                            + "listener.name.<name>.max.connection.creation.rate.")
            .define(QUOTA_WINDOW_NUM_CONFIG, INT, 11, atLeast(1), LOW,
                    "Samples kept in memory for client quotas and connection creation rates.")
            .define(QUOTA_WINDOW_SIZE_SECONDS_CONFIG, INT, 1, atLeast(1), LOW,
                    "Time span of each sample for client quotas and connection creation rates.")
            .define(SASL_ENABLED_MECHANISMS_CONFIG, LIST, "GSSAPI", MEDIUM,
                    "SASL mechanisms served on SASL listeners (Kafka's default, GSSAPI, is not served: set PLAIN, "
                            + "SCRAM-SHA-256 or SCRAM-SHA-512); listener.name.<l>.sasl.enabled.mechanisms per listener.")
            .define(SASL_JAAS_CONFIG, PASSWORD, null, MEDIUM,
                    "JAAS login context of the broker's SASL mechanisms; usually set per listener and mechanism as "
                            + "listener.name.<l>.<mechanism>.sasl.jaas.config.")
            .define(PASSWORD_ENCODER_SECRET_CONFIG, PASSWORD, null, MEDIUM,
                    "The secret that encrypts passwords of dynamic broker configs (TLS store passwords) in ZooKeeper.")
            .define(PASSWORD_ENCODER_KEYFACTORY_ALGORITHM_CONFIG, STRING, null, LOW,
                    "The SecretKeyFactory algorithm for those passwords; PBKDF2WithHmacSHA512 when available.")
            .define(PASSWORD_ENCODER_CIPHER_ALGORITHM_CONFIG, STRING, "AES/CBC/PKCS5Padding", LOW,
                    "The cipher for those passwords.")
            .define(PASSWORD_ENCODER_KEY_LENGTH_CONFIG, INT, 128, atLeast(8), LOW,
                    "The key length for those passwords.")
            .define(PASSWORD_ENCODER_ITERATIONS_CONFIG, INT, 4096, atLeast(1024), LOW,
                    "The iteration count for those passwords.")
            .define(CONNECTIONS_MAX_REAUTH_MS_CONFIG, LONG, 0L, atLeast(0), MEDIUM,
                    "How long a SASL session lasts before the client must re-authenticate on its connection "
                            + "(KIP-368); 0 for sessions that never expire. listener.name.<l>.<mechanism>."
                            + "connections.max.reauth.ms per listener and mechanism.")
            .define(SASL_SCRAM_ACCEPT_LIBRDKAFKA_NONCE_CONFIG, BOOLEAN, true, LOW,
                    "Accept the SCRAM client-final message of librdkafka before 2.6.1 (kcat and confluent-kafka on "
                            + "Debian 12), whose nonce repeats the client's nonce before the full nonce; the whole "
                            + "server nonce is still checked. Kafka 3.9 accepted it, Kafka 4 refuses it.")
            .define(CONNECTION_FAILED_AUTHENTICATION_DELAY_MS_CONFIG, INT, 100, atLeast(0), LOW,
                    "How long a failed SASL login waits before it is answered and the connection closed.")
            .define(CONNECTIONS_MAX_IDLE_MS_CONFIG, LONG, 10 * 60 * 1000L, atLeast(1), MEDIUM,
                    "A connection that neither sends nor receives a byte for this long, with no request in progress, "
                            + "is closed; this includes a connection stalled half-way through a request.")
            .define(MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS_CONFIG, INT, 1000, atLeast(0), MEDIUM,
                    "The most incremental fetch sessions the broker keeps.")
            .define(MAX_REQUEST_PARTITION_SIZE_LIMIT_CONFIG, INT, 2000, atLeast(1), MEDIUM,
                    "The most partitions one DescribeTopicPartitions response describes; the client pages on.")
            .define(FETCH_MAX_BYTES_CONFIG, INT, 55 * 1024 * 1024, atLeast(1024), MEDIUM,
                    "Maximum bytes returned for a fetch request. Must be at least 1024.")
            .define(NUM_PARTITIONS_CONFIG, INT, 1, atLeast(1), MEDIUM, "Default number of partitions per topic.")
            .define(DEFAULT_REPLICATION_FACTOR_CONFIG, INT, 1, atLeast(1), MEDIUM,
                    "Default replication factor of automatically created topics.")
            .define(AUTO_CREATE_TOPICS_ENABLE_CONFIG, BOOLEAN, true, HIGH, "Create a topic on first use.")
            .define(DELETE_TOPIC_ENABLE_CONFIG, BOOLEAN, true, HIGH, "Allow topics to be deleted.")
            .define(LOG_DIRS_CONFIG, LIST, null, HIGH,
                    "Comma-separated directories where the log data is stored. If not set, " + LOG_DIR_CONFIG + " is used.")
            .define(LOG_DIR_CONFIG, STRING, LOG_DIR_DEFAULT, HIGH,
                    "Directory where the log data is kept, used when " + LOG_DIRS_CONFIG + " is not set.")
            .define(NUM_RECOVERY_THREADS_PER_DATA_DIR_CONFIG, INT, 2, atLeast(1), HIGH,
                    "Threads per data directory for log recovery at start-up and flushing at shutdown.")
            .define(MESSAGE_MAX_BYTES_CONFIG, INT, MESSAGE_MAX_BYTES_DEFAULT, atLeast(0), HIGH,
                    "Largest record batch size allowed (after compression if compressed).")
            .define(LOG_SEGMENT_BYTES_CONFIG, INT, 1024 * 1024 * 1024, atLeast(SEGMENT_BYTES_MIN), HIGH,
                    "Maximum size of a single log segment file.")
            .define(LOG_ROLL_MS_CONFIG, LONG, null, HIGH,
                    "Maximum time before a new segment is rolled. If not set, " + LOG_ROLL_HOURS_CONFIG + " is used.")
            .define(LOG_ROLL_HOURS_CONFIG, INT, 168, atLeast(1), HIGH,
                    "Maximum time before a new segment is rolled, in hours; secondary to " + LOG_ROLL_MS_CONFIG + ".")
            .define(LOG_ROLL_JITTER_MS_CONFIG, LONG, null, HIGH,
                    "Maximum jitter subtracted from the roll time. If not set, " + LOG_ROLL_JITTER_HOURS_CONFIG
                            + " is used.")
            .define(LOG_ROLL_JITTER_HOURS_CONFIG, INT, 0, atLeast(0), HIGH,
                    "Maximum roll jitter in hours; secondary to " + LOG_ROLL_JITTER_MS_CONFIG + ".")
            .define(LOG_RETENTION_MS_CONFIG, LONG, null, HIGH,
                    "Time to keep a log segment before deleting it. If not set, " + LOG_RETENTION_MINUTES_CONFIG
                            + " is used. -1 means no time limit.")
            .define(LOG_RETENTION_MINUTES_CONFIG, INT, null, HIGH,
                    "Retention in minutes, secondary to " + LOG_RETENTION_MS_CONFIG + ". If not set, "
                            + LOG_RETENTION_HOURS_CONFIG + " is used.")
            .define(LOG_RETENTION_HOURS_CONFIG, INT, 168, HIGH,
                    "Retention in hours, tertiary to " + LOG_RETENTION_MS_CONFIG + ".")
            .define(LOG_RETENTION_BYTES_CONFIG, LONG, -1L, HIGH,
                    "Maximum size of a partition's log before old segments are deleted; -1 means no limit.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS_CONFIG, LONG, 5 * 60 * 1000L, atLeast(1), MEDIUM,
                    "How often the broker checks whether any log segment is eligible for deletion.")
            .define(LOG_SEGMENT_DELETE_DELAY_MS_CONFIG, LONG, 60000L, atLeast(0), HIGH,
                    "Time to wait before deleting a file from the file system.")
            .define(LOG_FLUSH_INTERVAL_MESSAGES_CONFIG, LONG, Long.MAX_VALUE, atLeast(1), HIGH,
                    "Messages accumulated on a partition before they are flushed to disk.")
            .define(LOG_FLUSH_INTERVAL_MS_CONFIG, LONG, null, HIGH,
                    "Maximum time a message stays unflushed. If not set, " + LOG_FLUSH_SCHEDULER_INTERVAL_MS_CONFIG
                            + " is used.")
            .define(LOG_FLUSH_SCHEDULER_INTERVAL_MS_CONFIG, LONG, Long.MAX_VALUE, HIGH,
                    "How often the flusher checks whether any log needs a flush.")
            .define(LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS_CONFIG, INT, 60000, atLeast(0), HIGH,
                    "How often the recovery point (last flushed offset) of each log is checkpointed.")
            .define(LOG_INDEX_INTERVAL_BYTES_CONFIG, INT, 4096, atLeast(0), MEDIUM,
                    "Bytes appended between two offset index entries.")
            .define(LOG_INDEX_SIZE_MAX_BYTES_CONFIG, INT, 10 * 1024 * 1024, atLeast(4), MEDIUM,
                    "Maximum size of an offset or time index file.")
            .define(LOG_MESSAGE_TIMESTAMP_TYPE_CONFIG, STRING, "CreateTime",
                    ConfigDef.ValidString.in("CreateTime", "LogAppendTime"), MEDIUM,
                    "Whether a record's timestamp is its create time or its log append time.")
            .define(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM,
                    "How far in the past a CreateTime timestamp may be, relative to the broker's clock.")
            // KIP-937 / KIP-1030: Kafka 4.0 changed this default from Long.MAX_VALUE to one hour.
            .define(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, LONG, 3600000L, atLeast(0), MEDIUM,
                    "How far in the future a CreateTime timestamp may be, relative to the broker's clock.")
            .define(LOG_MESSAGE_DOWNCONVERSION_ENABLE_CONFIG, BOOLEAN, true, LOW,
                    "No-op since Kafka 4.0 (down-conversion was removed); accepted for compatibility.")
            .define(LOG_CLEANUP_POLICY_CONFIG, LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                    ConfigDef.ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE), MEDIUM,
                    "Default cleanup policy: delete, compact, or both.")
            .define(LOG_CLEANER_DELETE_RETENTION_MS_CONFIG, LONG, 24 * 60 * 60 * 1000L, atLeast(0), MEDIUM,
                    "How long tombstones are kept in compacted topics.")
            .define(LOG_CLEANER_MIN_COMPACTION_LAG_MS_CONFIG, LONG, 0L, atLeast(0), MEDIUM,
                    "Minimum time a record stays uncompacted.")
            .define(LOG_CLEANER_MAX_COMPACTION_LAG_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                    "Maximum time a record may stay uncompacted.")
            .define(LOG_CLEANER_MIN_CLEANABLE_RATIO_CONFIG, DOUBLE, 0.5d, between(0, 1), MEDIUM,
                    "Minimum ratio of dirty log to total log for a log to be eligible for cleaning.")
            .define(LOG_CLEANER_ENABLE_CONFIG, BOOLEAN, true, MEDIUM,
                    "Run the log cleaner, which compacts topics whose cleanup.policy contains compact.")
            .define(LOG_CLEANER_THREADS_CONFIG, INT, 1, atLeast(0), MEDIUM, "Number of log cleaner threads.")
            .define(LOG_CLEANER_DEDUPE_BUFFER_SIZE_CONFIG, LONG, 128 * 1024 * 1024L, MEDIUM,
                    "Memory for the cleaners' offset maps (key hash to offset), shared by all cleaner threads.")
            .define(LOG_CLEANER_IO_BUFFER_LOAD_FACTOR_CONFIG, DOUBLE, 0.9d, MEDIUM,
                    "Share of an offset map's slots a clean may fill (despite the name, not about I/O buffers).")
            .define(LOG_CLEANER_IO_BUFFER_SIZE_CONFIG, INT, 512 * 1024, atLeast(0), MEDIUM,
                    "Memory for the cleaners' read and write buffers, shared by all cleaner threads.")
            .define(LOG_CLEANER_BACKOFF_MS_CONFIG, LONG, 15 * 1000L, atLeast(0), MEDIUM,
                    "How long a cleaner thread waits when no log is cleanable.")
            .define(LOG_CLEANER_IO_MAX_BYTES_PER_SECOND_CONFIG, DOUBLE, Double.MAX_VALUE, MEDIUM,
                    "The log cleaner will be throttled so that the sum of its read and write i/o will be less than "
                            + "this value on average")
            .define(LOG_PREALLOCATE_CONFIG, BOOLEAN, false, MEDIUM, "Preallocate the file of a new segment.")
            .define(LOG_LOCAL_RETENTION_MS_CONFIG, LONG, -2L, atLeast(-2), MEDIUM,
                    "Local retention of tiered topics; -2 means use the retention time. Samsa has no tiered storage.")
            .define(LOG_LOCAL_RETENTION_BYTES_CONFIG, LONG, -2L, atLeast(-2), MEDIUM,
                    "Local retention of tiered topics; -2 means use the retention size. Samsa has no tiered storage.")
            .define(COMPRESSION_TYPE_CONFIG, STRING, "producer",
                    ConfigDef.ValidString.in(COMPRESSION_TYPES.toArray(new String[0])), HIGH,
                    "Final compression of a topic's data; 'producer' keeps the producer's codec.")
            .define(COMPRESSION_GZIP_LEVEL_CONFIG, INT, CompressionType.GZIP.defaultLevel(),
                    CompressionType.GZIP.levelValidator(), MEDIUM, "Level used when compression.type is gzip.")
            .define(COMPRESSION_LZ4_LEVEL_CONFIG, INT, CompressionType.LZ4.defaultLevel(),
                    CompressionType.LZ4.levelValidator(), MEDIUM, "Level used when compression.type is lz4.")
            .define(COMPRESSION_ZSTD_LEVEL_CONFIG, INT, CompressionType.ZSTD.defaultLevel(),
                    CompressionType.ZSTD.levelValidator(), MEDIUM, "Level used when compression.type is zstd.")
            .define(MIN_INSYNC_REPLICAS_CONFIG, INT, 1, atLeast(1), HIGH,
                    "Minimum in-sync replicas that must acknowledge an acks=all write.")
            .define(UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, BOOLEAN, false, HIGH,
                    "Allow an out-of-sync replica to become leader as a last resort, losing data.")
            .define(REPLICA_LAG_TIME_MAX_MS_CONFIG, LONG, 30000L, HIGH,
                    "A follower that has not caught up within this time is removed from the ISR.")
            .define(REPLICA_FETCH_MAX_BYTES_CONFIG, INT, 1024 * 1024, atLeast(0), MEDIUM,
                    "Bytes a follower tries to fetch per partition.")
            .define(REPLICA_FETCH_MIN_BYTES_CONFIG, INT, 1, HIGH, "Minimum bytes expected for each follower fetch.")
            .define(REPLICA_FETCH_WAIT_MAX_MS_CONFIG, INT, 500, HIGH, "Maximum wait of a follower fetch.")
            .define(REPLICA_FETCH_BACKOFF_MS_CONFIG, INT, 1000, atLeast(0), MEDIUM,
                    "Sleep after a follower fetch error.")
            .define(REPLICA_SOCKET_TIMEOUT_MS_CONFIG, INT, 30000, HIGH,
                    "Socket timeout of follower fetch requests; at least " + REPLICA_FETCH_WAIT_MAX_MS_CONFIG + ".")
            .define(CONTROLLED_SHUTDOWN_ENABLE_CONFIG, BOOLEAN, true, MEDIUM,
                    "Move leadership away before a clean shutdown.")
            .define(CONTROLLED_SHUTDOWN_MAX_RETRIES_CONFIG, INT, 3, atLeast(1), MEDIUM,
                    "With controlled.shutdown.retry.backoff.ms, bounds how long a clean shutdown waits for "
                            + "leadership to move.")
            .define(CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS_CONFIG, LONG, 5000L, atLeast(0), MEDIUM,
                    "See controlled.shutdown.max.retries.")
            .define(AUTO_LEADER_REBALANCE_ENABLE_CONFIG, BOOLEAN, true, HIGH,
                    "Move leadership back to preferred replicas when brokers are imbalanced.")
            .define(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS_CONFIG, LONG, 300L, atLeast(1), HIGH,
                    "How often the controller checks for leader imbalance.")
            .define(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE_CONFIG, INT, 10, between(0, 100), HIGH,
                    "The share of non-preferred leaders a broker may have before a rebalance.")
            .define(NUM_REPLICA_FETCHERS_CONFIG, INT, 1, HIGH, "Fetcher threads per source broker.")
            .define(REPLICA_FETCH_RESPONSE_MAX_BYTES_CONFIG, INT, 10 * 1024 * 1024, atLeast(0), MEDIUM,
                    "Maximum bytes expected for the entire fetch response of a follower.")
            .define(REPLICA_HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS_CONFIG, LONG, 5000L, HIGH,
                    "How often high watermarks are checkpointed to disk.")
            .define(LEADER_REPLICATION_THROTTLED_RATE_CONFIG, LONG, QUOTA_UNLIMITED, atLeast(0), MEDIUM,
                    "Bytes per second this broker sends to followers for partitions in a topic's "
                            + "leader.replication.throttled.replicas. Usually set dynamically, by "
                            + "kafka-reassign-partitions --throttle.")
            .define(FOLLOWER_REPLICATION_THROTTLED_RATE_CONFIG, LONG, QUOTA_UNLIMITED, atLeast(0), MEDIUM,
                    "Bytes per second this broker copies as a follower for partitions in a topic's "
                            + "follower.replication.throttled.replicas. Usually set dynamically.")
            .define(REPLICA_ALTER_LOG_DIRS_IO_MAX_BYTES_PER_SECOND_CONFIG, LONG, QUOTA_UNLIMITED, atLeast(0), MEDIUM,
                    "Accepted for Kafka's tools; Samsa does not move replicas between log dirs.")
            .define(REPLICATION_QUOTA_WINDOW_NUM_CONFIG, INT, 11, atLeast(1), LOW,
                    "The number of samples kept for replication quotas.")
            .define(REPLICATION_QUOTA_WINDOW_SIZE_SECONDS_CONFIG, INT, 1, atLeast(1), LOW,
                    "The time span of each sample for replication quotas.")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, INT, 3000, MEDIUM,
                    "Wait for more members to join a new group before its first rebalance.")
            .define(GROUP_MIN_SESSION_TIMEOUT_MS_CONFIG, INT, 6000, MEDIUM, "Minimum allowed consumer session timeout.")
            .define(GROUP_MAX_SESSION_TIMEOUT_MS_CONFIG, INT, 1800000, MEDIUM, "Maximum allowed consumer session timeout.")
            .define(GROUP_MAX_SIZE_CONFIG, INT, Integer.MAX_VALUE, atLeast(1), MEDIUM, "Maximum members of a group.")
            .define(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS_CONFIG, INT, 5000, atLeast(1), MEDIUM,
                    "Heartbeat interval of consumer-protocol (KIP-848) group members.")
            .define(GROUP_CONSUMER_SESSION_TIMEOUT_MS_CONFIG, INT, 45000, atLeast(1), MEDIUM,
                    "Session timeout of consumer-protocol (KIP-848) group members.")
            .define(GROUP_CONSUMER_MAX_SIZE_CONFIG, INT, Integer.MAX_VALUE, atLeast(1), MEDIUM,
                    "Maximum members of a consumer-protocol group.")
            .define(GROUP_CONSUMER_ASSIGNORS_CONFIG, LIST, "uniform,range", MEDIUM,
                    "Server-side assignors of consumer-protocol groups (uniform, range); the first is the default.")
            .define(OFFSETS_TOPIC_NUM_PARTITIONS_CONFIG, INT, 50, atLeast(1), HIGH,
                    "Partitions of the offsets topic (do not change after deployment).")
            .define(OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, SHORT, (short) 3, atLeast(1), HIGH,
                    "Replication factor of the offsets topic; creation waits until enough brokers are alive.")
            .define(OFFSETS_TOPIC_SEGMENT_BYTES_CONFIG, INT, 100 * 1024 * 1024, atLeast(1), HIGH,
                    "segment.bytes of the offsets topic, kept small for faster compaction and group loading.")
            .define(OFFSETS_RETENTION_MINUTES_CONFIG, INT, 7 * 24 * 60, atLeast(1), HIGH,
                    "How long committed offsets of an empty group are kept.")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS_CONFIG, LONG, 600000L, atLeast(1), HIGH,
                    "How often stale offsets are looked for.")
            .define(OFFSET_METADATA_MAX_BYTES_CONFIG, INT, 4096, HIGH, "Maximum size of an offset commit's metadata.")
            .define(OFFSETS_COMMIT_TIMEOUT_MS_CONFIG, INT, 5000, atLeast(1), HIGH,
                    "How long a write to the offsets topic waits for the in-sync replicas before it fails.")
            .define(PRODUCER_ID_EXPIRATION_MS_CONFIG, INT, 86400000, atLeast(1), LOW,
                    "Time a producer id's state is kept after its last write.")
            .define(TRANSACTIONAL_ID_EXPIRATION_MS_CONFIG, INT, 604800000, atLeast(1), HIGH,
                    "Time a transactional id is kept without status updates.")
            .define(TRANSACTION_MAX_TIMEOUT_MS_CONFIG, INT, 900000, atLeast(1), HIGH,
                    "Maximum transaction timeout a producer may ask for.")
            .define(TRANSACTION_STATE_LOG_NUM_PARTITIONS_CONFIG, INT, 50, atLeast(1), HIGH,
                    "Partitions of the transaction state topic (do not change after deployment).")
            .define(TRANSACTION_STATE_LOG_REPLICATION_FACTOR_CONFIG, SHORT, (short) 3, atLeast(1), HIGH,
                    "Replication factor of the transaction state topic.")
            .define(TRANSACTION_STATE_LOG_MIN_ISR_CONFIG, INT, 2, atLeast(1), HIGH,
                    "min.insync.replicas of the transaction state topic.")
            .define(TRANSACTION_STATE_LOG_SEGMENT_BYTES_CONFIG, INT, 104857600, atLeast(1), HIGH,
                    "Segment size of the transaction state topic.")
            .define(TRANSACTION_ABORT_TIMED_OUT_INTERVAL_MS_CONFIG, INT, 10000, atLeast(1), LOW,
                    "How often transactions open longer than their timeout are looked for and aborted.")
            .define(TRANSACTION_REMOVE_EXPIRED_INTERVAL_MS_CONFIG, INT, 3600000, atLeast(1), LOW,
                    "How often transactional ids idle longer than transactional.id.expiration.ms are removed.")
            .define(TRANSACTION_VERSION_CONFIG, SHORT, (short) 2, between(0, 2), MEDIUM,
                    "The level of Kafka's transaction.version feature this broker finalizes in ApiVersions. 2: "
                    + "transactions v2 (KIP-890): partitions join a transaction through Produce, and every commit or "
                    + "abort bumps the producer epoch. 0 or 1: clients use the first protocol (AddPartitionsToTxn "
                    + "from the client). Every broker of a cluster should have the same value.")
            .define(TRANSACTION_PARTITION_VERIFICATION_ENABLE_CONFIG, BOOLEAN, true, LOW,
                    "Before a partition leader appends the first transactional batch of a transaction, it asks the "
                    + "transaction coordinator whether the partition is in that transaction (KIP-890 part 1).")
            .define(ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS_CONFIG, INT, 20, atLeast(1), LOW,
                    "How long a partition leader waits before asking the coordinator again after "
                    + "CONCURRENT_TRANSACTIONS (the previous transaction is still writing its markers).")
            .define(ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MAX_MS_CONFIG, INT, 100, atLeast(0), LOW,
                    "How long a partition leader keeps asking again after CONCURRENT_TRANSACTIONS before it "
                    + "answers the producer with a retriable error.");

    private BrokerConfigDef() {
    }

    /** A copy of the definition, safe to extend. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** The shared definition; callers in this package must not modify it. */
    static ConfigDef shared() {
        return CONFIG;
    }

    /**
     * The names that express the same setting as {@code name}, most precise first, as Kafka groups them for
     * DescribeConfigs synonyms ({@code log.retention.ms}, {@code .minutes}, {@code .hours}); a single-element list for
     * every other name.
     */
    static List<String> synonymGroup(String name) {
        switch (name) {
            case LOG_ROLL_MS_CONFIG:
            case LOG_ROLL_HOURS_CONFIG:
                return List.of(LOG_ROLL_MS_CONFIG, LOG_ROLL_HOURS_CONFIG);
            case LOG_ROLL_JITTER_MS_CONFIG:
            case LOG_ROLL_JITTER_HOURS_CONFIG:
                return List.of(LOG_ROLL_JITTER_MS_CONFIG, LOG_ROLL_JITTER_HOURS_CONFIG);
            case LOG_FLUSH_INTERVAL_MS_CONFIG:
                // log.flush.scheduler.interval.ms stands in for an unset log.flush.interval.ms, not the reverse.
                return List.of(LOG_FLUSH_INTERVAL_MS_CONFIG, LOG_FLUSH_SCHEDULER_INTERVAL_MS_CONFIG);
            case LOG_RETENTION_MS_CONFIG:
            case LOG_RETENTION_MINUTES_CONFIG:
            case LOG_RETENTION_HOURS_CONFIG:
                return List.of(LOG_RETENTION_MS_CONFIG, LOG_RETENTION_MINUTES_CONFIG, LOG_RETENTION_HOURS_CONFIG);
            default:
                return List.of(name);
        }
    }
}
