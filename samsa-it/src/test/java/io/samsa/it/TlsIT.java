package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSL listeners (issue 12, point 2) with the official Java client and with kcat: a broker serving PLAINTEXT and
 * SSL side by side, Kafka's {@code ssl.*} settings with PKCS12 and JKS stores, mutual TLS, and brokers replicating
 * over an SSL inter-broker listener. Fetches larger than
 * one TLS chunk check that log segment bytes, which plaintext sends with sendfile, arrive whole through TLS.
 */
class TlsIT {
    private static final String TOPIC = "over-tls";
    private static final int RECORDS = 200;
    private static final int VALUE_BYTES = 10_000;

    @TempDir
    Path dir;

    private Map<String, String> brokerTls(Path keyStore, String type) {
        Map<String, String> c = new HashMap<>();
        c.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0");
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SSL://localhost:0");
        c.put("ssl.keystore.location", keyStore.toString());
        c.put("ssl.keystore.type", type);
        c.put("ssl.keystore.password", TestKeyStores.PASSWORD);
        c.put("ssl.key.password", TestKeyStores.PASSWORD);
        return c;
    }

    private static Map<String, Object> clientTls(TestBroker broker, Path trustStore) {
        return TestKeyStores.clientTls("localhost:" + broker.broker().port("SSL"), trustStore);
    }

    @Test
    void javaClientsProduceAndConsumeOverTlsBesidePlaintext() throws Exception {
        Path keyStore = TestKeyStores.keyStore(dir, "broker", "PKCS12");
        Path trustStore = TestKeyStores.trustStore(dir, "client-trust", "broker");
        try (TestBroker broker = TestBroker.start(dir, brokerTls(keyStore, "PKCS12"))) {
            Map<String, Object> tls = clientTls(broker, trustStore);
            try (Admin admin = Admin.create(tls)) {
                assertThat(admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                        .singleElement().satisfies(n -> assertThat(n.port()).isEqualTo(broker.broker().port("SSL")));
                Clients.createTopic(admin, TOPIC, 1);
            }
            produce(tls);
            assertThat(consume(tls)).as("read over TLS").isEqualTo(RECORDS);
            assertThat(Clients.readFromBeginning(broker.consumer(), List.of(new TopicPartition(TOPIC, 0))))
                    .as("read over PLAINTEXT").hasSize(RECORDS);
        }
    }

    /** Whether a new TLS connection with {@code tls}'s trust store gets through the handshake. */
    private static boolean tlsConnects(Map<String, Object> tls) {
        Map<String, Object> c = new HashMap<>(tls);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(c)) {
            admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aRotatedKeyStoreIsReloadedWithKafkaConfigsAndABadOneChangesNothing() throws Exception {
        Path live = dir.resolve("live.p12");
        Files.copy(TestKeyStores.keyStore(dir, "broker", "PKCS12"), live);
        Path rotated = TestKeyStores.keyStore(dir, "rotated", "PKCS12");
        Map<String, String> config = brokerTls(live, "PKCS12");
        try (TestBroker broker = TestBroker.start(dir, config)) {
            Map<String, Object> trustsOld = clientTls(broker, TestKeyStores.trustStore(dir, "trust-old", "broker"));
            Map<String, Object> trustsNew = clientTls(broker, TestKeyStores.trustStore(dir, "trust-new", "rotated"));
            assertThat(tlsConnects(trustsOld)).isTrue();
            assertThat(tlsConnects(trustsNew)).as("before the rotation").isFalse();

            Files.copy(rotated, live, StandardCopyOption.REPLACE_EXISTING); // the new certificate, same path
            ConfigResource brokerZero = new ConfigResource(ConfigResource.Type.BROKER, "0");
            try (Admin admin = broker.adminClient()) {
                admin.incrementalAlterConfigs(Map.of(brokerZero, List.of(new AlterConfigOp(new ConfigEntry(
                        "listener.name.ssl.ssl.keystore.location", live.toString()), AlterConfigOp.OpType.SET))))
                        .all().get();
                await().atMost(TIMEOUT).until(() -> tlsConnects(trustsNew));
                assertThat(tlsConnects(trustsOld)).as("the old certificate is gone").isFalse();

                assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(brokerZero, List.of(new AlterConfigOp(
                        new ConfigEntry("listener.name.ssl.ssl.keystore.location", dir.resolve("none.p12")
                                .toString()), AlterConfigOp.OpType.SET)))).all().get())
                        .hasCauseInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("none.p12");
                assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                        new ConfigResource(ConfigResource.Type.BROKER, ""), List.of(new AlterConfigOp(
                                new ConfigEntry("ssl.keystore.location", live.toString()),
                                AlterConfigOp.OpType.SET)))).all().get())
                        .hasCauseInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("broker id must be specified");
                assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(brokerZero, List.of(new AlterConfigOp(
                        new ConfigEntry("listener.name.ssl.ssl.keystore.password", "other"),
                        AlterConfigOp.OpType.SET)))).all().get())
                        .hasCauseInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("password.encoder.secret");
            }
            assertThat(tlsConnects(trustsNew)).as("after the refused changes").isTrue();
        }
    }

    @Test
    void aKeyStoreWithANewPasswordIsLoadedWithThePasswordEncryptedInZooKeeperAndAfterARestart() throws Exception {
        Path rotated = TestKeyStores.keyStore(dir, "rotated", "PKCS12");
        Path moved = dir.resolve("rotated-new-password.p12");
        Files.copy(rotated, moved);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-storepasswd", "-keystore", moved.toString(), "-storetype", "PKCS12", "-storepass",
                TestKeyStores.PASSWORD, "-new", "another-secret").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool -storepasswd").isTrue();
        Map<String, String> config = brokerTls(TestKeyStores.keyStore(dir, "broker", "PKCS12"), "PKCS12");
        config.put("password.encoder.secret", "encoder-secret");
        try (TestBroker broker = TestBroker.start(dir, config)) {
            Map<String, Object> trustsNew = clientTls(broker, TestKeyStores.trustStore(dir, "trust-new", "rotated"));
            assertThat(tlsConnects(trustsNew)).isFalse();
            ConfigResource brokerZero = new ConfigResource(ConfigResource.Type.BROKER, "0");
            try (Admin admin = broker.adminClient()) {
                admin.incrementalAlterConfigs(Map.of(brokerZero, List.of(
                        new AlterConfigOp(new ConfigEntry("listener.name.ssl.ssl.keystore.location",
                                moved.toString()), AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry("listener.name.ssl.ssl.keystore.password",
                                "another-secret"), AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry("listener.name.ssl.ssl.key.password", "another-secret"),
                                AlterConfigOp.OpType.SET)))).all().get();
            }
            await().atMost(TIMEOUT).until(() -> tlsConnects(trustsNew));
            broker.restart();
            assertThat(tlsConnects(trustsNew)).as("the stored store and its encrypted password after a restart")
                    .isTrue();
        }
    }

    @Test
    void requiredClientAuthAdmitsOnlyClientsWithATrustedCertificate() throws Exception {
        Path keyStore = TestKeyStores.keyStore(dir, "broker", "JKS");
        Path clientKeyStore = TestKeyStores.keyStore(dir, "client", "PKCS12");
        Path clientTrust = TestKeyStores.trustStore(dir, "client-trust", "broker");
        Path brokerTrust = TestKeyStores.trustStore(dir, "broker-trust", "client");
        Map<String, String> config = brokerTls(keyStore, "JKS");
        config.put("listener.name.ssl.ssl.client.auth", "required");
        config.put("listener.name.ssl.ssl.truststore.location", brokerTrust.toString());
        config.put("listener.name.ssl.ssl.truststore.type", "PKCS12");
        config.put("listener.name.ssl.ssl.truststore.password", TestKeyStores.PASSWORD);
        try (TestBroker broker = TestBroker.start(dir, config)) {
            Map<String, Object> anonymous = clientTls(broker, clientTrust);
            anonymous.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            anonymous.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            try (Admin admin = Admin.create(anonymous)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS)).hasCauseInstanceOf(SslAuthenticationException.class);
            }

            Map<String, Object> mutual = clientTls(broker, clientTrust);
            mutual.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, clientKeyStore.toString());
            mutual.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            mutual.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TestKeyStores.PASSWORD);
            mutual.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, TestKeyStores.PASSWORD);
            try (Admin admin = Admin.create(mutual)) {
                Clients.createTopic(admin, TOPIC, 1);
            }
            produce(mutual);
            assertThat(consume(mutual)).isEqualTo(RECORDS);
        }
    }

    @Test
    void kcatReadsWhatTheJavaClientWroteOverTls() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(CliTools.onPath("kcat"), "kcat is not on the PATH");
        Path keyStore = TestKeyStores.keyStore(dir, "broker", "PKCS12");
        Path trustStore = TestKeyStores.trustStore(dir, "client-trust", "broker");
        try (TestBroker broker = TestBroker.start(dir, brokerTls(keyStore, "PKCS12"))) {
            Map<String, Object> tls = clientTls(broker, trustStore);
            try (Admin admin = Admin.create(tls)) {
                Clients.createTopic(admin, TOPIC, 1);
            }
            produce(tls);
            CliTools.Result r = CliTools.runProcess(dir, Duration.ofSeconds(60), List.of("kcat",
                    "-b", "localhost:" + broker.broker().port("SSL"), "-X", "security.protocol=ssl",
                    "-X", "ssl.ca.location=" + dir.resolve("broker.pem"), "-C", "-t", TOPIC, "-o", "beginning", "-e",
                    "-f", "%o %S\\n"), null);
            assertThat(r.status()).as("kcat\n%s", r).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(RECORDS);
            assertThat(lines).allSatisfy(l -> assertThat(l).endsWith(" " + VALUE_BYTES));
        }
    }

    @Test
    void brokersReplicateOverAnSslInterBrokerListenerWithMutualTls() throws Exception {
        Path keyStore = TestKeyStores.keyStore(dir, "broker", "PKCS12");
        Path trustStore = TestKeyStores.trustStore(dir, "broker-trust", "broker");
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0");
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0");
        config.put("inter.broker.listener.name", "SSL");
        config.put("offsets.topic.replication.factor", "2");
        config.put("ssl.keystore.location", keyStore.toString());
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.password", TestKeyStores.PASSWORD);
        config.put("ssl.truststore.location", trustStore.toString());
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.password", TestKeyStores.PASSWORD);
        config.put("ssl.client.auth", "required");
        try (InProcessCluster cluster = InProcessCluster.start(dir.resolve("cluster"), 2, config);
             Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.of((short) 2))
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Object> plaintext = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"));
            produce(plaintext);
            assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().get(0)
                    .isr()).as("the follower in sync, fetching over TLS").hasSize(2);
            Map<String, Object> read = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrap()));
            assertThat(consume(read)).isEqualTo(RECORDS);
        }
    }

    private static void produce(Map<String, Object> tls) throws Exception {
        Map<String, Object> c = new HashMap<>(tls);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = new byte[VALUE_BYTES];
                Arrays.fill(value, (byte) ('a' + i % 26));
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value));
            }
            producer.flush();
        }
    }

    /** Reads the topic from the beginning over TLS; returns how many records had their exact bytes. */
    private static int consume(Map<String, Object> tls) {
        Map<String, Object> c = new HashMap<>(tls);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            int intact = 0;
            for (ConsumerRecord<byte[], byte[]> r : Clients.readFromBeginning(consumer,
                    List.of(new TopicPartition(TOPIC, 0)))) {
                byte[] expected = new byte[VALUE_BYTES];
                Arrays.fill(expected, (byte) ('a' + r.offset() % 26));
                intact += Arrays.equals(expected, r.value()) ? 1 : 0;
            }
            return intact;
        }
    }
}
