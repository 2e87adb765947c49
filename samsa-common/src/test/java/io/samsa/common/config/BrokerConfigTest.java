package io.samsa.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerConfigTest {

    @Test
    void defaultsMatchKafka() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.brokerId()).isZero();
        assertThat(config.brokerRack()).isEmpty();
        assertThat(config.listeners()).containsExactly(new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "", 9092));
        assertThat(config.interBrokerListenerName()).isEqualTo("PLAINTEXT");
        assertThat(config.logDirs()).containsExactly(new File("data/kafka-logs"));
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.defaultReplicationFactor()).isEqualTo(1);
        assertThat(config.autoCreateTopicsEnable()).isTrue();
        assertThat(config.deleteTopicEnable()).isTrue();
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104857600);
        assertThat(config.socketSendBufferBytes()).isEqualTo(102400);
        assertThat(config.socketReceiveBufferBytes()).isEqualTo(102400);
        assertThat(config.numNetworkThreads()).isEqualTo(3);
        assertThat(config.numIoThreads()).isEqualTo(8);
        assertThat(config.numRecoveryThreadsPerDataDir()).isEqualTo(2);
        assertThat(config.queuedMaxRequests()).isEqualTo(500);
        assertThat(config.fetchMaxBytes()).isEqualTo(57671680);
        assertThat(config.messageMaxBytes()).isEqualTo(1048588);
        assertThat(config.logSegmentBytes()).isEqualTo(1073741824);
        assertThat(config.logRollMs()).isEqualTo(168 * 3600_000L);
        assertThat(config.logRollJitterMs()).isZero();
        assertThat(config.logRetentionMs()).isEqualTo(168 * 3600_000L);
        assertThat(config.logRetentionBytes()).isEqualTo(-1L);
        assertThat(config.logRetentionCheckIntervalMs()).isEqualTo(300000L);
        assertThat(config.logSegmentDeleteDelayMs()).isEqualTo(60000L);
        assertThat(config.logFlushIntervalMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logFlushIntervalMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logFlushSchedulerIntervalMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logFlushOffsetCheckpointIntervalMs()).isEqualTo(60000);
        assertThat(config.logIndexIntervalBytes()).isEqualTo(4096);
        assertThat(config.logIndexSizeMaxBytes()).isEqualTo(10485760);
        assertThat(config.logMessageTimestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(config.logMessageTimestampBeforeMaxMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logMessageTimestampAfterMaxMs()).isEqualTo(3600000L);
        assertThat(config.logCleanupPolicy()).containsExactly("delete");
        assertThat(config.logCleanerDeleteRetentionMs()).isEqualTo(86400000L);
        assertThat(config.logCleanerMinCompactionLagMs()).isZero();
        assertThat(config.logCleanerMaxCompactionLagMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.logCleanerMinCleanableRatio()).isEqualTo(0.5d);
        assertThat(config.logPreallocate()).isFalse();
        assertThat(config.compressionType()).isEqualTo("producer");
        assertThat(config.minInsyncReplicas()).isEqualTo(1);
        assertThat(config.uncleanLeaderElectionEnable()).isFalse();
        assertThat(config.producerIdExpirationMs()).isEqualTo(86400000);
        assertThat(config.offsetsTopicNumPartitions()).isEqualTo(50);
        assertThat(config.offsetsTopicReplicationFactor()).isEqualTo((short) 3);
        assertThat(config.transactionStateLogNumPartitions()).isEqualTo(50);
        assertThat(config.groupInitialRebalanceDelayMs()).isEqualTo(3000);
        assertThat(config.groupMinSessionTimeoutMs()).isEqualTo(6000);
        assertThat(config.groupMaxSessionTimeoutMs()).isEqualTo(1800000);
        assertThat(config.groupMaxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.offsetsRetentionMinutes()).isEqualTo(10080);
        assertThat(config.replicaLagTimeMaxMs()).isEqualTo(30000L);
        assertThat(config.replicaFetchMaxBytes()).isEqualTo(1048576);
    }

    @Test
    void logCleanerDefaultsMatchKafka() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.logCleanerEnable()).isTrue();
        assertThat(config.logCleanerThreads()).isEqualTo(1);
        assertThat(config.logCleanerDedupeBufferSize()).isEqualTo(134217728L);
        assertThat(config.logCleanerIoBufferLoadFactor()).isEqualTo(0.9);
        assertThat(config.logCleanerIoBufferSize()).isEqualTo(524288);
        assertThat(config.logCleanerBackoffMs()).isEqualTo(15000L);
    }

    @Test
    void zookeeperDefaultsToEmbeddedServerNextToTheLogs() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("log.dirs", "/var/samsa/logs,/disk2/logs"));

        assertThat(config.zookeeperConnect()).isEmpty();
        assertThat(config.zookeeperEmbeddedPort()).isEqualTo(2181);
        assertThat(config.zookeeperEmbeddedDataDir()).isEqualTo(new File("/var/samsa/zookeeper"));
        assertThat(config.zookeeperSessionTimeoutMs()).isEqualTo(18000);
        assertThat(config.zookeeperConnectionTimeoutMs()).isEqualTo(18000);
        assertThat(BrokerConfig.defaults().zookeeperEmbeddedDataDir()).isEqualTo(new File("data/zookeeper"));
    }

    @Test
    void zookeeperConnectAndTimeoutsWhenSet() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of(
                "zookeeper.connect", "zk1:2181,zk2:2181/samsa",
                "zookeeper.session.timeout.ms", "6000",
                "zookeeper.connection.timeout.ms", "2000"));

        assertThat(config.zookeeperConnect()).contains("zk1:2181,zk2:2181/samsa");
        assertThat(config.zookeeperSessionTimeoutMs()).isEqualTo(6000);
        assertThat(config.zookeeperConnectionTimeoutMs()).isEqualTo(2000);
    }

    @ParameterizedTest(name = "ms={0} minutes={1} hours={2} -> {3}")
    @CsvSource({
        ",,,604800000",
        ",,1,3600000",
        ",5,1,300000",
        "1234,5,1,1234",
        "-1,,,-1",
        ",,-5,-1",
        ",-3,,-1",
    })
    void retentionResolvesMillisBeforeMinutesBeforeHours(Long ms, Integer minutes, Integer hours, long expected) {
        Map<String, String> props = new java.util.HashMap<>();
        if (ms != null) {
            props.put("log.retention.ms", ms.toString());
        }
        if (minutes != null) {
            props.put("log.retention.minutes", minutes.toString());
        }
        if (hours != null) {
            props.put("log.retention.hours", hours.toString());
        }

        assertThat(BrokerConfig.fromProperties(props).logRetentionMs()).isEqualTo(expected);
    }

    @Test
    void zeroRetentionIsRejected() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.retention.minutes", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 0 for configuration log.retention.minutes");
    }

    @Test
    void rollAndFlushResolveTheirSynonyms() {
        BrokerConfig hours = BrokerConfig.fromProperties(Map.of("log.roll.hours", "2", "log.roll.jitter.hours", "1",
                "log.flush.scheduler.interval.ms", "3000"));
        BrokerConfig millis = BrokerConfig.fromProperties(Map.of("log.roll.ms", "500", "log.roll.hours", "2",
                "log.flush.interval.ms", "1000", "log.flush.scheduler.interval.ms", "3000"));

        assertThat(hours.logRollMs()).isEqualTo(7_200_000L);
        assertThat(hours.logRollJitterMs()).isEqualTo(3_600_000L);
        assertThat(hours.logFlushIntervalMs()).isEqualTo(3000L);
        assertThat(millis.logRollMs()).isEqualTo(500L);
        assertThat(millis.logFlushIntervalMs()).isEqualTo(1000L);
    }

    @Test
    void invalidValueNamesKeyAndValue() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("num.partitions", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value abc for configuration num.partitions: Not a number of type INT");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.segment.bytes", "1000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 1000 for configuration log.segment.bytes");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.cleanup.policy", "shred")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.cleanup.policy");
    }

    @Test
    void unknownKeysAreKeptButIgnored() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("no.such.config", "x", "num.partitions", 3));

        assertThat(config.originals()).containsEntry("no.such.config", "x").containsEntry("num.partitions", "3");
        assertThat(config.isExplicitlySet("no.such.config")).isTrue();
        assertThat(config.isExplicitlySet("num.io.threads")).isFalse();
        assertThat(config.numPartitions()).isEqualTo(3);
    }

    @Test
    void logDirsWinsOverLogDir() {
        BrokerConfig both = BrokerConfig.fromProperties(Map.of("log.dirs", "/a, /b", "log.dir", "/c"));
        BrokerConfig dirOnly = BrokerConfig.fromProperties(Map.of("log.dir", "/c"));

        assertThat(both.logDirs()).containsExactly(new File("/a"), new File("/b"));
        assertThat(dirOnly.logDirs()).containsExactly(new File("/c"));
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.dirs", "/a,/a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("log.dirs");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.dirs", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("At least one log directory");
    }

    @Test
    void advertisedListenersDefaultToListeners() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:19092"));

        assertThat(config.advertisedListeners())
                .containsExactly(new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 19092));
    }

    @Test
    void wildcardBindHostIsAdvertisedAsLocalhost() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://0.0.0.0:9093"));

        assertThat(config.listeners().get(0).host()).isEqualTo("0.0.0.0");
        assertThat(config.advertisedListeners())
                .containsExactly(new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "localhost", 9093));
    }

    @Test
    void severalNamedListenersWithAnInterBrokerOne() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of(
                "listeners", "INTERNAL://:9094,CLIENT://:9092",
                "advertised.listeners", "INTERNAL://10.0.0.5:9094,CLIENT://broker1.example.com:19092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,CLIENT:PLAINTEXT",
                "inter.broker.listener.name", "internal"));

        assertThat(config.listeners()).extracting(Endpoint::listener).containsExactly("INTERNAL", "CLIENT");
        assertThat(config.advertisedListeners()).containsExactly(
                new Endpoint("INTERNAL", SecurityProtocol.PLAINTEXT, "10.0.0.5", 9094),
                new Endpoint("CLIENT", SecurityProtocol.PLAINTEXT, "broker1.example.com", 19092));
        assertThat(config.interBrokerListenerName()).isEqualTo("INTERNAL");
    }

    @Test
    void interBrokerListenerMustBeAdvertisedAndNamedOnce() {
        Map<String, String> twoListeners = Map.of("listeners", "INTERNAL://:9094,CLIENT://:9092",
                "advertised.listeners", "CLIENT://h:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,CLIENT:PLAINTEXT");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(twoListeners))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.inter.broker.protocol")
                .hasMessageContaining("PLAINTEXT must be one of the advertised listeners [CLIENT]");
        Map<String, String> internal = new java.util.HashMap<>(twoListeners);
        internal.put("inter.broker.listener.name", "INTERNAL");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(internal))
                .isInstanceOf(ConfigException.class).hasMessageContaining("inter.broker.listener.name");
        internal.put("inter.broker.listener.name", "CLIENT");
        internal.put("security.inter.broker.protocol", "PLAINTEXT");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(internal))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Only one of");
    }

    @Test
    void connectionLimitsWithListenerPrefixesAndPerIpOverrides() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of(
                "listeners", "INTERNAL://:9094,EXTERNAL://:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL",
                "max.connections", "1000",
                "listener.name.external.max.connections", "200",
                "listener.name.external.max.connection.creation.rate", "50",
                "max.connections.per.ip", "10",
                "max.connections.per.ip.overrides", "hostName:100, 127.0.0.1:200"));

        assertThat(config.maxConnections(Optional.empty())).isEqualTo(1000);
        assertThat(config.maxConnections(Optional.of("EXTERNAL"))).isEqualTo(200);
        assertThat(config.maxConnections(Optional.of("INTERNAL"))).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.maxConnectionCreationRate(Optional.of("EXTERNAL"))).isEqualTo(50);
        assertThat(config.maxConnectionCreationRate(Optional.empty())).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.maxConnectionsPerIp()).isEqualTo(10);
        assertThat(config.maxConnectionsPerIpOverrides()).containsExactly(Map.entry("hostName", 100),
                Map.entry("127.0.0.1", 200));

        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("max.connections.per.ip.overrides", "host")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("host:count");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("max.connections.per.ip", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.connections.per.ip.overrides");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listener.name.plaintext.max.connections", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listener.name.plaintext.max.connections");
    }

    @Test
    void aListenersOwnTlsSettingsComeBeforeTheBrokers() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of(
                "listeners", "PLAINTEXT://:9092,SSL://:9093,INTERNAL_TLS://:9094",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL,INTERNAL_TLS:SSL",
                "ssl.keystore.location", "/broker.p12",
                "ssl.keystore.password", "secret",
                "listener.name.internal_tls.ssl.keystore.location", "/internal.p12",
                "listener.name.internal_tls.ssl.client.auth", "required"));

        assertThat(config.sslSettings("SSL")).containsEntry("ssl.keystore.location", "/broker.p12")
                .containsEntry("ssl.keystore.password", "secret").containsEntry("ssl.client.auth", "none")
                .containsEntry("ssl.enabled.protocols", "TLSv1.2,TLSv1.3").doesNotContainKey("ssl.truststore.location");
        assertThat(config.sslSettings("INTERNAL_TLS")).containsEntry("ssl.keystore.location", "/internal.p12")
                .containsEntry("ssl.keystore.password", "secret").containsEntry("ssl.client.auth", "required");
    }

    @Test
    void badListenersAreRejected() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://host")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://:99999")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://:9092,SSL://:9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SSL listener SSL needs a key store");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners",
                "PLAINTEXT://:9092,SASL_PLAINTEXT://:9094")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SASL listener SASL_PLAINTEXT enables [GSSAPI]; Samsa serves");
        assertThat(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://:9092,SASL_PLAINTEXT://:9094",
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512"))
                .saslEnabledMechanisms("SASL_PLAINTEXT")).containsExactly("PLAIN", "SCRAM-SHA-512");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "SSL://:9093",
                "ssl.keystore.location", "/k.p12")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("The inter-broker listener PLAINTEXT must be")
                .hasMessageContaining("security.inter.broker.protocol");
        assertThat(BrokerConfig.fromProperties(Map.of("listeners", "SSL://:9093", "ssl.keystore.location", "/k.p12",
                "security.inter.broker.protocol", "SSL")).interBrokerListenerName()).isEqualTo("SSL");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("advertised.listeners", "PLAINTEXT://0.0.0.0:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("advertised.listeners");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("advertised.listeners", "OTHER://h:1",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not in listeners");
    }

    @Test
    void replicaFetchWaitMustFitTheTimeouts() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("replica.fetch.wait.max.ms", "40000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replica.socket.timeout.ms");
    }

    @Test
    void describeReportsStaticAndDefaultSources() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("num.partitions", "3", "log.retention.hours", "24"));
        Map<String, ConfigEntryView> entries = byName(config.describe());

        ConfigEntryView partitions = entries.get("num.partitions");
        assertThat(partitions.value()).isEqualTo("3");
        assertThat(partitions.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(partitions.readOnly()).isTrue();
        assertThat(partitions.configType()).isEqualTo(ConfigType.INT);
        assertThat(partitions.configType().id()).isEqualTo((byte) 3);
        assertThat(partitions.synonyms()).containsExactly(
                new SynonymView("num.partitions", "3", ConfigSource.STATIC_BROKER_CONFIG),
                new SynonymView("num.partitions", "1", ConfigSource.DEFAULT_CONFIG));

        ConfigEntryView ioThreads = entries.get("num.io.threads");
        assertThat(ioThreads.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(ioThreads.value()).isEqualTo("8");

        ConfigEntryView hours = entries.get("log.retention.hours");
        assertThat(hours.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(hours.synonyms()).extracting(SynonymView::value).containsExactly("24", "168");

        // As in Kafka: an unset key without default has no value and no synonyms.
        ConfigEntryView millis = entries.get("log.retention.ms");
        assertThat(millis.value()).isNull();
        assertThat(millis.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(millis.synonyms()).isEmpty();
    }

    @Test
    void describeListsEveryDefinedConfig() {
        List<ConfigEntryView> entries = BrokerConfig.defaults().describe();

        assertThat(entries).extracting(ConfigEntryView::name)
                .containsAll(BrokerConfigDef.configDef().names())
                .isSorted();
        assertThat(ConfigEntryView.wireType(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD).id())
                .isEqualTo((byte) 9);
    }

    @Test
    void listenerPrefixedSettingsAreDescribedFromEachSourceWithSecretsHidden() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of(
                "listeners", "PLAINTEXT://:9092,SSL://:9093",
                "listener.name.ssl.ssl.keystore.location", "/etc/old.p12",
                "listener.name.ssl.ssl.keystore.password", "static-secret",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", "PlainLoginModule required user_a=\"x\";"));
        Map<String, ConfigEntryView> entries = byName(config.describe(
                Map.of("listener.name.ssl.ssl.keystore.location", "/etc/new.p12"), Map.of()));

        ConfigEntryView location = entries.get("listener.name.ssl.ssl.keystore.location");
        assertThat(location.value()).isEqualTo("/etc/new.p12");
        assertThat(location.source()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(location.readOnly()).as("TLS stores reload dynamically").isFalse();
        assertThat(location.synonyms()).extracting(SynonymView::value).containsExactly("/etc/new.p12",
                "/etc/old.p12");
        ConfigEntryView password = entries.get("listener.name.ssl.ssl.keystore.password");
        assertThat(password.sensitive()).isTrue();
        assertThat(password.value()).isNull();
        assertThat(password.synonyms()).extracting(SynonymView::value).containsOnlyNulls();
        ConfigEntryView jaas = entries.get("listener.name.sasl_plaintext.plain.sasl.jaas.config");
        assertThat(jaas.sensitive()).isTrue();
        assertThat(jaas.value()).isNull();
        assertThat(jaas.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(jaas.readOnly()).isTrue();
    }

    private static Map<String, ConfigEntryView> byName(List<ConfigEntryView> entries) {
        Map<String, ConfigEntryView> map = new java.util.HashMap<>();
        entries.forEach(entry -> map.put(entry.name(), entry));
        return map;
    }
}
