package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client quotas managed as a Kafka user manages them (issue 12, point 5): AdminClient's alterClientQuotas and
 * describeClientQuotas, and Kafka's own kafka-configs; stored beside a user's SCRAM credentials without touching
 * them, filtered as Kafka filters, and refused with Kafka's errors when malformed.
 */
class ClientQuotasAdminIT {
    @TempDir
    Path dir;

    @Test
    void adminClientSetsDescribesAndRemovesQuotasWithDefaultsAndFilters() throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            Admin admin = broker.adminClient();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "alice-secret"))).all()
                    .get(30, TimeUnit.SECONDS);

            ClientQuotaEntity alice = entity(ClientQuotaEntity.USER, "alice");
            ClientQuotaEntity aliceApp = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "alice",
                    ClientQuotaEntity.CLIENT_ID, "app"));
            Map<String, String> defaultUserMap = new HashMap<>();
            defaultUserMap.put(ClientQuotaEntity.USER, null);
            ClientQuotaEntity defaultUser = new ClientQuotaEntity(defaultUserMap);
            admin.alterClientQuotas(List.of(
                    new ClientQuotaAlteration(alice, List.of(op("producer_byte_rate", 1048576.0),
                            op("request_percentage", 25.5))),
                    new ClientQuotaAlteration(aliceApp, List.of(op("consumer_byte_rate", 2097152.0))),
                    new ClientQuotaAlteration(defaultUser, List.of(op("controller_mutation_rate", 10.0))),
                    new ClientQuotaAlteration(entity(ClientQuotaEntity.IP, "10.0.0.7"),
                            List.of(op("connection_creation_rate", 5.0))))).all().get(30, TimeUnit.SECONDS);

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(describe(admin, ClientQuotaFilter.all()))
                    .containsEntry(alice, Map.of("producer_byte_rate", 1048576.0, "request_percentage", 25.5))
                    .containsEntry(aliceApp, Map.of("consumer_byte_rate", 2097152.0))
                    .containsEntry(defaultUser, Map.of("controller_mutation_rate", 10.0))
                    .containsEntry(entity(ClientQuotaEntity.IP, "10.0.0.7"), Map.of("connection_creation_rate", 5.0))
                    .hasSize(4));
            // Filters: exact, default, any of a kind, strict.
            assertThat(describe(admin, ClientQuotaFilter.containsOnly(List.of(
                    ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "alice"))))).containsOnlyKeys(alice);
            assertThat(describe(admin, ClientQuotaFilter.contains(List.of(
                    ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "alice")))))
                    .containsOnlyKeys(alice, aliceApp);
            assertThat(describe(admin, ClientQuotaFilter.contains(List.of(
                    ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.USER))))).containsOnlyKeys(defaultUser);
            assertThat(describe(admin, ClientQuotaFilter.containsOnly(List.of(
                    ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.USER)))))
                    .containsOnlyKeys(alice, defaultUser);
            // The quotas beside alice's SCRAM credential left it alone.
            assertThat(admin.describeUserScramCredentials(List.of("alice")).description("alice")
                    .get(30, TimeUnit.SECONDS).credentialInfos()).hasSize(1);

            // Removing the last value removes the entity; the credential stays.
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(alice, List.of(
                    op("producer_byte_rate", null), op("request_percentage", null))))).all()
                    .get(30, TimeUnit.SECONDS);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(describe(admin, ClientQuotaFilter.all()))
                    .doesNotContainKey(alice).hasSize(3));
            assertThat(admin.describeUserScramCredentials(List.of("alice")).description("alice")
                    .get(30, TimeUnit.SECONDS).credentialInfos()).hasSize(1);

            // Kafka's refusals, each for its own entry, and nothing written.
            assertThatThrownBy(() -> admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    entity(ClientQuotaEntity.CLIENT_ID, "x"), List.of(op("connection_creation_rate", 1.0)))))
                    .all().get(30, TimeUnit.SECONDS)).cause().isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("connection_creation_rate");
            assertThatThrownBy(() -> admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    entity(ClientQuotaEntity.CLIENT_ID, "x"), List.of(op("producer_byte_rate", 1.5)))))
                    .all().get(30, TimeUnit.SECONDS)).cause().isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("producer_byte_rate cannot be a fractional value");
            assertThatThrownBy(() -> admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    entity(ClientQuotaEntity.CLIENT_ID, "x"), List.of(op("consumer_byte_rate", 0.0)))))
                    .all().get(30, TimeUnit.SECONDS)).cause().isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("Quota consumer_byte_rate must be greater than 0");
            assertThatThrownBy(() -> admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    entity(ClientQuotaEntity.IP, "not-an-ip.example"), List.of(op("connection_creation_rate", 1.0)))))
                    .all().get(30, TimeUnit.SECONDS)).cause().isInstanceOf(InvalidRequestException.class);
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(ClientQuotaEntity.CLIENT_ID, "dry"),
                    List.of(op("producer_byte_rate", 5.0)))), new AlterClientQuotasOptions().validateOnly(true))
                    .all().get(30, TimeUnit.SECONDS);
            assertThat(describe(admin, ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(
                    ClientQuotaEntity.CLIENT_ID, "dry"))))).isEmpty();
        }
    }

    @Test
    void kafkaConfigsAltersAndDescribesClientAndUserQuotas() throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            CliTools.Result added = kafkaConfigs(broker, "--alter", "--entity-type", "clients", "--entity-name",
                    "app", "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152");
            assertThat(added.status()).as("%s", added).isZero();
            assertThat(added.out()).contains("Completed updating config for client app.");
            CliTools.Result userClient = kafkaConfigs(broker, "--alter", "--entity-type", "users", "--entity-name",
                    "alice", "--entity-type", "clients", "--entity-name", "app", "--add-config",
                    "request_percentage=50");
            assertThat(userClient.status()).as("%s", userClient).isZero();

            await().atMost(TIMEOUT).untilAsserted(() -> {
                CliTools.Result described = kafkaConfigs(broker, "--describe", "--entity-type", "clients",
                        "--entity-name", "app");
                assertThat(described.status()).as("%s", described).isZero();
                assertThat(described.out()).contains("Quota configs for client-id 'app' are")
                        .contains("producer_byte_rate=1048576.0").contains("consumer_byte_rate=2097152.0");
            });
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafkaConfigs(broker, "--describe",
                    "--entity-type", "users", "--entity-name", "alice", "--entity-type", "clients", "--entity-name",
                    "app").out()).contains("request_percentage=50.0"));
            // What the CLI stored governs a client at once.
            await().atMost(TIMEOUT).until(() -> broker.broker().context().clientQuotas().configs()
                    .resolve(io.samsa.broker.quota.QuotaType.PRODUCE, "bob", "app").isPresent());
        }
    }

    private CliTools.Result kafkaConfigs(TestBroker broker, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrap()));
        all.addAll(List.of(args));
        return CliTools.runKafkaCore(dir, Duration.ofSeconds(120), "kafka.admin.ConfigCommand",
                all.toArray(String[]::new));
    }

    private static ClientQuotaEntity entity(String type, String name) {
        return new ClientQuotaEntity(Map.of(type, name));
    }

    private static ClientQuotaAlteration.Op op(String key, Double value) {
        return new ClientQuotaAlteration.Op(key, value);
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> describe(Admin admin, ClientQuotaFilter filter)
            throws Exception {
        return admin.describeClientQuotas(filter).entities().get(30, TimeUnit.SECONDS);
    }
}
