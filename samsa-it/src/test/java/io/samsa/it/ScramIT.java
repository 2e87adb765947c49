package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.DuplicateResourceException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCRAM-SHA-256 and SCRAM-SHA-512 (issue 12, point 3) over SASL_PLAINTEXT and SASL_SSL: credentials created with Kafka's kafka-configs and Admin,
 * stored in ZooKeeper (they survive a restart), used by the official Java client and by kcat, whose librdkafka
 * (before 2.6.1) sends the client-final nonce form Kafka 4 refuses.
 */
class ScramIT {
    @TempDir
    Path dir;

    private Map<String, String> broker(boolean acceptLibrdkafkaNonce) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0");
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://localhost:0,SASL_SSL://localhost:0");
        Path keyStore = dir.resolve("broker.p12");
        if (!keyStore.toFile().exists()) {
            TestKeyStores.keyStore(dir, "broker", "PKCS12");
            TestKeyStores.trustStore(dir, "client-trust", "broker");
        }
        c.put("ssl.keystore.location", keyStore.toString());
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.password", TestKeyStores.PASSWORD);
        c.put("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
        c.put("samsa.sasl.scram.accept.librdkafka.nonce", Boolean.toString(acceptLibrdkafkaNonce));
        return c;
    }

    private static Map<String, Object> scramClient(TestBroker broker, String mechanism, String user,
                                                   String password) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + broker.broker().port("SASL_PLAINTEXT"));
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        c.put(SaslConfigs.SASL_MECHANISM, mechanism);
        c.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return c;
    }

    /** Logs in with {@code mechanism} and lists the cluster's nodes; the failure, if the login is refused. */
    private static Throwable login(TestBroker broker, String mechanism, String user, String password) {
        try (Admin admin = Admin.create(scramClient(broker, mechanism, user, password))) {
            assertThat(admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).hasSize(1);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private CliTools.Result kafkaConfigs(TestBroker broker, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrap()));
        all.addAll(List.of(args));
        return CliTools.runKafkaCore(dir, Duration.ofSeconds(120), "kafka.admin.ConfigCommand",
                all.toArray(String[]::new));
    }

    @Test
    void credentialsFromKafkaConfigsLogInUntilDeletedAndSurviveARestart() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), broker(true))) {
            CliTools.Result added = kafkaConfigs(broker, "--alter", "--entity-type", "users", "--entity-name",
                    "alice", "--add-config",
                    "SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]");
            assertThat(added.status()).as("kafka-configs --add-config\n%s", added).isZero();
            assertThat(added.out()).contains("Completed updating config for user alice.");

            assertThat(login(broker, "SCRAM-SHA-256", "alice", "alice-secret")).isNull();
            assertThat(login(broker, "SCRAM-SHA-512", "alice", "alice-secret")).isNull();
            Map<String, Object> overTls = scramClient(broker, "SCRAM-SHA-512", "alice", "alice-secret");
            overTls.putAll(TestKeyStores.clientTls("localhost:" + broker.broker().port("SASL_SSL"),
                    dir.resolve("client-trust.p12")));
            overTls.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
            try (Admin admin = Admin.create(overTls)) {
                assertThat(admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("SCRAM over SASL_SSL").hasSize(1);
            }
            assertThat(login(broker, "SCRAM-SHA-256", "alice", "wrong"))
                    .isInstanceOf(SaslAuthenticationException.class);
            assertThat(login(broker, "SCRAM-SHA-256", "mallory", "alice-secret"))
                    .isInstanceOf(SaslAuthenticationException.class);

            try (Admin admin = broker.adminClient()) {
                UserScramCredentialsDescription alice = admin.describeUserScramCredentials(List.of("alice"))
                        .description("alice").get();
                assertThat(alice.credentialInfos()).containsExactlyInAnyOrder(
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));
                assertThatThrownBy(() -> admin.describeUserScramCredentials(List.of("bob")).description("bob")
                        .get()).hasCauseInstanceOf(ResourceNotFoundException.class);
                assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                        "bob", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 100), "pw"))).all().get())
                        .hasCauseInstanceOf(UnacceptableCredentialException.class)
                        .hasMessageContaining("Too few iterations");

                // Kafka's per-user errors, each user judged whole, in one request.
                var results = admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion("carol",
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw"),
                        new UserScramCredentialUpsertion("carol",
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw2"),
                        new UserScramCredentialDeletion("dave", ScramMechanism.SCRAM_SHA_512),
                        new UserScramCredentialUpsertion("erin",
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 20_000), "pw"))).values();
                assertThatThrownBy(() -> results.get("carol").get())
                        .hasCauseInstanceOf(DuplicateResourceException.class);
                assertThatThrownBy(() -> results.get("dave").get())
                        .hasCauseInstanceOf(ResourceNotFoundException.class);
                assertThatThrownBy(() -> results.get("erin").get()).hasMessageContaining("Too many iterations");
                assertThat(admin.describeUserScramCredentials().all().get()).containsOnlyKeys("alice");

                admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_256))).all().get();
            }
            assertThat(login(broker, "SCRAM-SHA-256", "alice", "alice-secret"))
                    .as("a deleted credential no longer logs in").isInstanceOf(SaslAuthenticationException.class);

            broker.restart();
            assertThat(login(broker, "SCRAM-SHA-512", "alice", "alice-secret"))
                    .as("the stored credential after a restart").isNull();
            assertThat(login(broker, "SCRAM-SHA-256", "alice", "alice-secret"))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void kcatLogsInWithScramUnlessTheLibrdkafkaNonceIsRefused() throws Exception {
        Assumptions.assumeTrue(CliTools.onPath("kcat"), "kcat is not on the PATH");
        for (boolean accept : new boolean[] {true, false}) {
            try (TestBroker broker = TestBroker.start(dir.resolve("broker-" + accept), broker(accept))) {
                try (Admin admin = broker.adminClient()) {
                    admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "alice-secret"),
                            new UserScramCredentialUpsertion("alice",
                                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "alice-secret")))
                            .all().get();
                }
                for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
                    CliTools.Result listed = CliTools.runProcess(dir, Duration.ofSeconds(60), List.of("kcat",
                            "-b", "localhost:" + broker.broker().port("SASL_PLAINTEXT"),
                            "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=" + mechanism,
                            "-X", "sasl.username=alice", "-X", "sasl.password=alice-secret", "-m", "10", "-L"),
                            null);
                    if (accept) {
                        assertThat(listed.status()).as("kcat %s\n%s", mechanism, listed).isZero();
                        assertThat(listed.out()).contains("1 brokers:");
                    } else {
                        assertThat(listed.status()).as("kcat %s, nonce refused\n%s", mechanism, listed)
                                .isNotZero();
                        assertThat(listed.err()).contains("Authentication failed");
                    }
                }
            }
        }
    }
}
