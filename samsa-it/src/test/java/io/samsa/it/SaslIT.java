package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL listeners (issue 12, point 3) with the official Java client: PLAIN over SASL_PLAINTEXT and SASL_SSL, users
 * from the listener's JAAS setting ({@code user_<name>="<password>"}), and a wrong password answered with
 * SASL_AUTHENTICATION_FAILED; kcat (librdkafka) with PLAIN.
 */
class SaslIT {
    private static final String PLAIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";";

    @TempDir
    Path dir;

    private Map<String, String> broker(Path keyStore) {
        Map<String, String> c = new HashMap<>();
        c.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0");
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://localhost:0,SASL_SSL://localhost:0");
        c.put("sasl.enabled.mechanisms", "PLAIN");
        c.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_JAAS);
        c.put("listener.name.sasl_ssl.plain.sasl.jaas.config", PLAIN_JAAS);
        c.put("ssl.keystore.location", keyStore.toString());
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.password", TestKeyStores.PASSWORD);
        c.put("ssl.key.password", TestKeyStores.PASSWORD);
        return c;
    }

    private static Map<String, Object> client(TestBroker broker, String listener, String mechanism, String user,
                                              String password, Path trustStore) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + broker.broker().port(listener));
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, listener);
        c.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        c.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\"" + password
                + "\";");
        if (listener.equals("SASL_SSL")) {
            c.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString());
            c.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            c.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestKeyStores.PASSWORD);
        }
        return c;
    }

    @Test
    void plainUsersProduceOverSaslPlaintextAndSaslSslAndAWrongPasswordFails() throws Exception {
        Path keyStore = TestKeyStores.keyStore(dir, "broker", "PKCS12");
        Path trustStore = TestKeyStores.trustStore(dir, "client-trust", "broker");
        try (TestBroker broker = TestBroker.start(dir, broker(keyStore))) {
            for (String listener : List.of("SASL_PLAINTEXT", "SASL_SSL")) {
                String topic = "plain-" + listener.toLowerCase();
                Map<String, Object> alice = client(broker, listener, "PLAIN", "alice", "alice-secret", trustStore);
                try (Admin admin = Admin.create(alice)) {
                    Clients.createTopic(admin, topic, 1);
                }
                produce(alice, topic, 10);
                assertThat(Clients.readFromBeginning(broker.consumer(), List.of(new TopicPartition(topic, 0))))
                        .as("records alice wrote over " + listener).hasSize(10);

                Map<String, Object> wrong = client(broker, listener, "PLAIN", "alice", "not-her-password",
                        trustStore);
                wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
                try (Admin admin = Admin.create(wrong)) {
                    assertThatThrownBy(() -> admin.describeCluster().nodes().get(TIMEOUT.toMillis(),
                            TimeUnit.MILLISECONDS))
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(SaslAuthenticationException.class)
                            .hasMessageContaining("Invalid username or password");
                }
            }
        }
    }

    @Test
    void clientsReauthenticateOnTheirConnectionWithinConnectionsMaxReauthMs() throws Exception {
        Map<String, String> config = broker(TestKeyStores.keyStore(dir, "broker", "PKCS12"));
        config.put("listener.name.sasl_plaintext.plain.connections.max.reauth.ms", "1500");
        try (TestBroker broker = TestBroker.start(dir, config)) {
            String topic = "reauth";
            Map<String, Object> alice = client(broker, "SASL_PLAINTEXT", "PLAIN", "alice", "alice-secret", null);
            try (Admin admin = Admin.create(alice)) {
                Clients.createTopic(admin, topic, 1);
            }
            Map<String, Object> c = new HashMap<>(alice);
            c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            int sent = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end) { // bounded: 5 s of one record per send round trip
                    producer.send(new ProducerRecord<>(topic, ("r" + sent).getBytes(StandardCharsets.UTF_8)))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    sent++;
                }
            }
            assertThat(broker.networkMetric("Reauthentications"))
                    .as("sessions renewed on their connections").isGreaterThanOrEqualTo(2);
            assertThat(broker.networkMetric("ExpiredConnectionsKilled"))
                    .as("connections closed for an expired session").isZero();
            assertThat(Clients.readFromBeginning(broker.consumer(), List.of(new TopicPartition(topic, 0))))
                    .hasSize(sent);
        }
    }

    @Test
    void kcatProducesAndConsumesWithPlainAndIsRefusedWithAWrongPassword() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(CliTools.onPath("kcat"), "kcat is not on the PATH");
        try (TestBroker broker = TestBroker.start(dir, broker(TestKeyStores.keyStore(dir, "broker", "PKCS12")))) {
            String topic = "plain-kcat";
            try (Admin admin = broker.adminClient()) {
                Clients.createTopic(admin, topic, 1);
            }
            CliTools.Result produced = kcat(broker, "alice-secret", List.of("-P", "-t", topic), "one\ntwo\n");
            assertThat(produced.status()).as("kcat -P\n%s", produced).isZero();
            CliTools.Result consumed = kcat(broker, "alice-secret",
                    List.of("-C", "-t", topic, "-o", "beginning", "-e"), null);
            assertThat(consumed.status()).as("kcat -C\n%s", consumed).isZero();
            assertThat(consumed.out().lines().toList()).containsExactly("one", "two");
            CliTools.Result refused = kcat(broker, "guess", List.of("-L"), null);
            assertThat(refused.status()).as("kcat with a wrong password\n%s", refused).isNotZero();
            assertThat(refused.err()).contains("Authentication failed");
        }
    }

    private CliTools.Result kcat(TestBroker broker, String password, List<String> args, String stdin)
            throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kcat", "-b",
                "localhost:" + broker.broker().port("SASL_PLAINTEXT"), "-X", "security.protocol=SASL_PLAINTEXT",
                "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=alice", "-X", "sasl.password=" + password,
                "-m", "10"));
        command.addAll(args);
        return CliTools.runProcess(dir, java.time.Duration.ofSeconds(60), command, stdin);
    }

    private static void produce(Map<String, Object> config, String topic, int records) throws Exception {
        Map<String, Object> c = new HashMap<>(config);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
