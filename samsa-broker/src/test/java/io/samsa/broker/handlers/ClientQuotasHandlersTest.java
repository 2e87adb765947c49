package io.samsa.broker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.EntityConfigs;
import io.samsa.broker.auth.Authorization;
import io.samsa.broker.auth.MapEntityConfigStore;
import io.samsa.broker.auth.ZkAclAuthorizer;
import io.samsa.network.ClientConnection;
import io.samsa.network.Request;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData.ComponentData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AlterClientQuotas and DescribeClientQuotas over an in-memory entity config store: Kafka's per-entry checks and
 * messages, what is stored where (defaults, sanitized names), filters, and the SCRAM keys beside quotas left alone.
 */
class ClientQuotasHandlersTest {
    private static final String USER = "user";
    private static final String CLIENT = "client-id";
    private static final String IP = "ip";

    private final MapEntityConfigStore store = new MapEntityConfigStore();
    private EntityConfigs configs;

    @BeforeEach
    void start() {
        store.entities.put("users/alice", Map.of("SCRAM-SHA-256", "salt=a,stored_key=b,server_key=c,iterations=4096"));
        configs = new EntityConfigs(store);
        configs.start();
    }

    @Test
    void setsAndRemovesQuotaKeysOnlyLeavingScramCredentials() {
        assertThat(alter(false, entry(entity(USER, "alice"), set("producer_byte_rate", 1048576.0),
                set("request_percentage", 12.5)))).containsExactly(ok());
        assertThat(store.entities.get("users/alice")).containsEntry("producer_byte_rate", "1048576")
                .containsEntry("request_percentage", "12.5").containsKey("SCRAM-SHA-256").hasSize(3);

        // The credential is no quota key: refusing it keeps this API off it.
        assertThat(alter(false, entry(entity(USER, "alice"), remove("SCRAM-SHA-256")))).containsExactly(
                error(Errors.INVALID_REQUEST, "Invalid configuration key SCRAM-SHA-256"));
        assertThat(alter(false, entry(entity(USER, "alice"), remove("producer_byte_rate"),
                remove("request_percentage")))).containsExactly(ok());
        assertThat(store.entities.get("users/alice")).containsOnlyKeys("SCRAM-SHA-256");

        // An entity left without keys is gone.
        alter(false, entry(entity(CLIENT, "app"), set("consumer_byte_rate", 10.0)));
        assertThat(store.entities).containsKey("clients/app");
        alter(false, entry(entity(CLIENT, "app"), remove("consumer_byte_rate")));
        assertThat(store.entities).doesNotContainKey("clients/app");
    }

    @Test
    void defaultsAndNamesAreStoredInKafkasZooKeeperLayout() {
        assertThat(alter(false,
                entry(entity(USER, null), set("producer_byte_rate", 1.0)),
                entry(entity(USER, null, CLIENT, null), set("consumer_byte_rate", 2.0)),
                entry(entity(USER, "CN=a b@x", CLIENT, "app/1"), set("controller_mutation_rate", 3.5)),
                entry(entity(CLIENT, null), set("request_percentage", 200.0)),
                entry(entity(IP, "10.0.0.7"), set("connection_creation_rate", 5.0)),
                entry(entity(IP, null), set("connection_creation_rate", 50.0))))
                .containsOnly(ok());
        assertThat(store.entities).containsEntry("users/<default>", Map.of("producer_byte_rate", "1"))
                .containsEntry("users/<default>/clients/<default>", Map.of("consumer_byte_rate", "2"))
                .containsEntry("users/CN%3Da%20b%40x/clients/app%2F1", Map.of("controller_mutation_rate", "3.5"))
                .containsEntry("clients/<default>", Map.of("request_percentage", "200.0"))
                .containsEntry("ips/10.0.0.7", Map.of("connection_creation_rate", "5"))
                .containsEntry("ips/<default>", Map.of("connection_creation_rate", "50"));
    }

    @Test
    void eachEntryFailsAloneWithKafkasMessagesAndNothingIsWrittenForIt() {
        AlterClientQuotasRequestData.EntryData duplicateType = entry(entity(USER, "a"), set("producer_byte_rate", 1.0));
        duplicateType.entity().add(new AlterClientQuotasRequestData.EntityData().setEntityType(USER)
                .setEntityName("b"));
        List<AlterClientQuotasResponseData.EntryData> results = alter(false,
                entry(entity(CLIENT, "good"), set("producer_byte_rate", 100.0)),
                entry(List.of(), set("producer_byte_rate", 1.0)),
                entry(entity("group", "g"), set("producer_byte_rate", 1.0)),
                duplicateType,
                entry(entity(USER, ""), set("producer_byte_rate", 1.0)),
                entry(entity(USER, "u1"), set("connection_creation_rate", 1.0)),
                entry(entity(CLIENT, "c1"), set("producer_byte_rate", 1.5)),
                entry(entity(CLIENT, "c2"), set("consumer_byte_rate", 0.0)),
                entry(entity(CLIENT, "c3"), set("request_percentage", -1.0)),
                entry(entity(CLIENT, "c4"), set("producer_byte_rate", 1e20)),
                entry(entity(CLIENT, "c5"), set("request_percentage", Double.NaN)),
                entry(entity(CLIENT, "c6"), set("producer_byte_rate", 1.0), remove("producer_byte_rate")),
                entry(entity(IP, "10.0.0.1", USER, "u2"), set("connection_creation_rate", 1.0)),
                entry(entity(IP, "not-an-ip.example"), set("connection_creation_rate", 1.0)),
                entry(entity(IP, "10.0.0.2"), set("connection_creation_rate", 3e9)),
                entry(entity(CLIENT, "c7"), set("producer_byte_rate", 1.0000001)));
        assertThat(results).containsExactly(
                ok(),
                error(Errors.INVALID_REQUEST, "Invalid empty client quota entity"),
                error(Errors.INVALID_REQUEST, "Unhandled client quota entity type: group"),
                error(Errors.INVALID_REQUEST, "Invalid client quota entity, duplicate entity entry user"),
                error(Errors.INVALID_REQUEST, "Empty user not supported"),
                error(Errors.INVALID_REQUEST, "Invalid configuration key connection_creation_rate"),
                error(Errors.INVALID_REQUEST, "producer_byte_rate cannot be a fractional value."),
                error(Errors.INVALID_REQUEST, "Quota consumer_byte_rate must be greater than 0"),
                error(Errors.INVALID_REQUEST, "Quota request_percentage must be greater than 0"),
                error(Errors.INVALID_REQUEST, "Proposed value for producer_byte_rate is too large for a LONG."),
                error(Errors.INVALID_REQUEST, "Quota request_percentage must be a finite number"),
                error(Errors.INVALID_REQUEST, "Duplicate quota key producer_byte_rate not updating quota for this "
                        + "entity ClientQuotaEntity(entries={client-id=c6})"),
                error(Errors.INVALID_REQUEST, "Invalid quota entity combination, IP entity should not be combined "
                        + "with User or ClientId"),
                error(Errors.INVALID_REQUEST, "not-an-ip.example is not a valid IP address"),
                error(Errors.INVALID_REQUEST, "Proposed value for connection_creation_rate is too large for an INT."),
                // Within Kafka's 1e-6 of a whole number.
                ok());
        assertThat(store.entities).containsOnlyKeys("users/alice", "clients/good", "clients/c7");
        assertThat(store.entities.get("clients/c7")).containsEntry("producer_byte_rate", "1");
    }

    @Test
    void anEntityTwiceInOneRequestIsRefusedInEveryEntry() {
        assertThat(alter(false,
                entry(entity(USER, "u", CLIENT, "c"), set("producer_byte_rate", 1.0)),
                entry(entity(CLIENT, "c", USER, "u"), set("consumer_byte_rate", 1.0))))
                .extracting(AlterClientQuotasResponseData.EntryData::errorCode)
                .containsOnly(Errors.INVALID_REQUEST.code());
        assertThat(store.entities).containsOnlyKeys("users/alice");
    }

    @Test
    void validateOnlyChecksAndWritesNothing() {
        assertThat(alter(true,
                entry(entity(CLIENT, "dry"), set("producer_byte_rate", 5.0)),
                entry(entity(CLIENT, "bad"), set("producer_byte_rate", 5.5))))
                .containsExactly(ok(),
                        error(Errors.INVALID_REQUEST, "producer_byte_rate cannot be a fractional value."));
        assertThat(store.entities).containsOnlyKeys("users/alice");
    }

    @Test
    void describeFiltersExactDefaultAnyAndStrict() {
        alter(false,
                entry(entity(USER, "alice"), set("producer_byte_rate", 1024.0)),
                entry(entity(USER, "alice", CLIENT, "app"), set("request_percentage", 25.5)),
                entry(entity(USER, null), set("consumer_byte_rate", 2048.0)),
                entry(entity(CLIENT, "app"), set("controller_mutation_rate", 7.0)),
                entry(entity(CLIENT, null), set("producer_byte_rate", 99.0)),
                entry(entity(IP, "10.0.0.7"), set("connection_creation_rate", 5.0)));
        // Kept by hand and unreadable: not a quota in force, so not described.
        store.update("clients/broken", c -> Map.of("producer_byte_rate", "lots"));

        Map<Map<String, String>, Map<String, Double>> all = describe(false);
        assertThat(all).hasSize(6).containsEntry(Map.of(USER, "alice"), Map.of("producer_byte_rate", 1024.0))
                .containsEntry(Map.of(USER, "alice", CLIENT, "app"), Map.of("request_percentage", 25.5))
                .containsEntry(nullable(USER), Map.of("consumer_byte_rate", 2048.0))
                .containsEntry(Map.of(CLIENT, "app"), Map.of("controller_mutation_rate", 7.0))
                .containsEntry(nullable(CLIENT), Map.of("producer_byte_rate", 99.0))
                .containsEntry(Map.of(IP, "10.0.0.7"), Map.of("connection_creation_rate", 5.0));

        assertThat(describe(false, exact(USER, "alice")).keySet())
                .containsExactlyInAnyOrder(Map.of(USER, "alice"), Map.of(USER, "alice", CLIENT, "app"));
        assertThat(describe(true, exact(USER, "alice")).keySet()).containsExactly(Map.of(USER, "alice"));
        assertThat(describe(false, of(USER, DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT)).keySet())
                .containsExactly(nullable(USER));
        assertThat(describe(true, of(USER, DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED)).keySet())
                .containsExactlyInAnyOrder(Map.of(USER, "alice"), nullable(USER));
        assertThat(describe(false, of(CLIENT, DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED)).keySet())
                .containsExactlyInAnyOrder(Map.of(USER, "alice", CLIENT, "app"), Map.of(CLIENT, "app"),
                        nullable(CLIENT));
        assertThat(describe(true, exact(USER, "alice"), exact(CLIENT, "app")).keySet())
                .containsExactly(Map.of(USER, "alice", CLIENT, "app"));
        assertThat(describe(false, exact(CLIENT, "nobody"))).isEmpty();
    }

    @Test
    void describeRefusesMalformedFiltersWholeAsKafkaDoes() {
        assertDescribeError(Errors.INVALID_REQUEST, "Entity type user cannot appear more than once in the filter.",
                exact(USER, "a"), exact(USER, "b"));
        assertDescribeError(Errors.INVALID_REQUEST,
                "Request specified MATCH_TYPE_DEFAULT, but also specified a match string.",
                of(USER, DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT).setMatch("a"));
        assertDescribeError(Errors.INVALID_REQUEST,
                "Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.",
                of(USER, DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED).setMatch("a"));
        assertDescribeError(Errors.INVALID_REQUEST, "Request specified MATCH_TYPE_EXACT, but set match string to null.",
                of(USER, DescribeClientQuotasRequest.MATCH_TYPE_EXACT));
        assertDescribeError(Errors.INVALID_REQUEST, "Unknown match type 7", of(USER, (byte) 7));
        assertDescribeError(Errors.INVALID_REQUEST, "Invalid empty entity type.", exact("", "a"));
        assertDescribeError(Errors.UNSUPPORTED_VERSION, "Unsupported entity type group", exact("group", "a"));
        assertDescribeError(Errors.INVALID_REQUEST, "Invalid entity filter component combination. IP filter "
                + "component should not be used with user or clientId filter component.",
                exact(IP, "10.0.0.1"), exact(USER, "a"));
    }

    @Test
    void bothNeedTheirOperationOnTheCluster() {
        // Never started, so it holds no ACLs and needs no store; with allow-everyone-if-no-ACL off it denies all.
        Authorization denyAll = new Authorization(new ZkAclAuthorizer(null, List.of(), false));
        BrokerContext ctx = context(denyAll);
        assertThatThrownBy(() -> new AlterClientQuotasHandler(ctx).handle(request(ApiKeys.ALTER_CLIENT_QUOTAS,
                new AlterClientQuotasRequest(new AlterClientQuotasRequestData(), (short) 1))))
                .isInstanceOf(ClusterAuthorizationException.class).hasMessageContaining("ALTER_CONFIGS");
        assertThatThrownBy(() -> new DescribeClientQuotasHandler(ctx).handle(request(ApiKeys.DESCRIBE_CLIENT_QUOTAS,
                new DescribeClientQuotasRequest(new DescribeClientQuotasRequestData(), (short) 1))))
                .isInstanceOf(ClusterAuthorizationException.class).hasMessageContaining("DESCRIBE_CONFIGS");
    }

    private List<AlterClientQuotasResponseData.EntryData> alter(boolean validateOnly,
            AlterClientQuotasRequestData.EntryData... entries) {
        AlterClientQuotasRequestData data = new AlterClientQuotasRequestData().setValidateOnly(validateOnly)
                .setEntries(new ArrayList<>(List.of(entries)));
        AlterClientQuotasResponseData response = (AlterClientQuotasResponseData) new AlterClientQuotasHandler(
                context(Authorization.OFF)).handle(request(ApiKeys.ALTER_CLIENT_QUOTAS,
                new AlterClientQuotasRequest(data, (short) 1))).join();
        // Entities are echoed back as sent; only the outcome matters here.
        response.entries().forEach(e -> e.setEntity(new ArrayList<>()));
        return response.entries();
    }

    private DescribeClientQuotasResponseData describeResponse(boolean strict, ComponentData... components) {
        DescribeClientQuotasRequestData data = new DescribeClientQuotasRequestData().setStrict(strict)
                .setComponents(List.of(components));
        return (DescribeClientQuotasResponseData) new DescribeClientQuotasHandler(context(Authorization.OFF))
                .handle(request(ApiKeys.DESCRIBE_CLIENT_QUOTAS, new DescribeClientQuotasRequest(data, (short) 1)))
                .join();
    }

    private Map<Map<String, String>, Map<String, Double>> describe(boolean strict, ComponentData... components) {
        DescribeClientQuotasResponseData response = describeResponse(strict, components);
        assertThat(response.errorCode()).as(response.errorMessage()).isZero();
        Map<Map<String, String>, Map<String, Double>> byEntity = new LinkedHashMap<>();
        for (DescribeClientQuotasResponseData.EntryData e : response.entries()) {
            Map<String, String> entity = new LinkedHashMap<>();
            e.entity().forEach(d -> entity.put(d.entityType(), d.entityName()));
            Map<String, Double> values = new LinkedHashMap<>();
            e.values().forEach(v -> values.put(v.key(), v.value()));
            byEntity.put(entity, values);
        }
        return byEntity;
    }

    private void assertDescribeError(Errors error, String message, ComponentData... components) {
        DescribeClientQuotasResponseData response = describeResponse(false, components);
        assertThat(response.errorCode()).isEqualTo(error.code());
        assertThat(response.errorMessage()).isEqualTo(message);
        assertThat(response.entries()).isNull();
    }

    private BrokerContext context(Authorization authorization) {
        return new BrokerContext(0, "cluster", null, null, null, null, null, null, null, null, null, null, null,
                Runnable::run, Time.SYSTEM, null, null, authorization, null, configs, null);
    }

    private static Request request(ApiKeys key, AbstractRequest body) {
        return new Request(new RequestHeader(key, body.version(), "test", 1), body, new ClientConnection("1",
                new InetSocketAddress("127.0.0.1", 5000), "PLAINTEXT", SecurityProtocol.PLAINTEXT,
                new KafkaPrincipal("User", "mallory")));
    }

    private static AlterClientQuotasRequestData.EntryData entry(List<AlterClientQuotasRequestData.EntityData> entity,
            AlterClientQuotasRequestData.OpData... ops) {
        return new AlterClientQuotasRequestData.EntryData().setEntity(new ArrayList<>(entity))
                .setOps(List.of(ops));
    }

    /** Entity type, name pairs; a null name is the default. */
    private static List<AlterClientQuotasRequestData.EntityData> entity(String... typesAndNames) {
        List<AlterClientQuotasRequestData.EntityData> entity = new ArrayList<>();
        for (int i = 0; i < typesAndNames.length; i += 2) {
            entity.add(new AlterClientQuotasRequestData.EntityData().setEntityType(typesAndNames[i])
                    .setEntityName(typesAndNames[i + 1]));
        }
        return entity;
    }

    private static Map<String, String> nullable(String type) {
        Map<String, String> entity = new LinkedHashMap<>();
        entity.put(type, null);
        return entity;
    }

    private static AlterClientQuotasRequestData.OpData set(String key, double value) {
        return new AlterClientQuotasRequestData.OpData().setKey(key).setValue(value);
    }

    private static AlterClientQuotasRequestData.OpData remove(String key) {
        return new AlterClientQuotasRequestData.OpData().setKey(key).setRemove(true);
    }

    private static ComponentData exact(String type, String name) {
        return of(type, DescribeClientQuotasRequest.MATCH_TYPE_EXACT).setMatch(name);
    }

    private static ComponentData of(String type, byte matchType) {
        return new ComponentData().setEntityType(type).setMatchType(matchType).setMatch(null);
    }

    private static AlterClientQuotasResponseData.EntryData ok() {
        return new AlterClientQuotasResponseData.EntryData().setErrorCode(Errors.NONE.code()).setEntity(
                new ArrayList<>());
    }

    private static AlterClientQuotasResponseData.EntryData error(Errors error, String message) {
        return ok().setErrorCode(error.code()).setErrorMessage(message);
    }
}
