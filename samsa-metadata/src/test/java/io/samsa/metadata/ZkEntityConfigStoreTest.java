package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ZkEntityConfigStoreTest extends SharedZooKeeperTest {

    private EntityConfigStore store() {
        ZkMetadataStore metadata = ZkTestSupport.startStore(connect);
        toClose.add(metadata);
        EntityConfigStore configs = metadata.entityConfigStore();
        toClose.add(0, configs); // before the session it uses
        return configs;
    }

    @Test
    void readsKafkaWrittenEntitiesAndKeepsTheKeysItDoesNotChange() throws Exception {
        // As Kafka 3.9's kafka-configs wrote them: a user with a quota and a SCRAM credential, a user's client id.
        raw.create().creatingParentsIfNeeded().forPath(chroot + "/config/users/alice",
                ("{\"version\":1,\"config\":{\"producer_byte_rate\":\"1024\",\"SCRAM-SHA-256\":"
                        + "\"salt=c2FsdA==,stored_key=a2V5,server_key=a2V5,iterations=4096\"}}")
                        .getBytes(StandardCharsets.UTF_8));
        raw.create().creatingParentsIfNeeded().forPath(chroot + "/config/users/alice/clients/app-1",
                "{\"version\":1,\"config\":{\"consumer_byte_rate\":\"2048\"}}".getBytes(StandardCharsets.UTF_8));
        EntityConfigStore first = store();
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        Map<String, Map<String, String>> loaded = first.start(seen::put);
        assertThat(loaded).containsOnlyKeys("users/alice", "users/alice/clients/app-1");
        assertThat(loaded.get("users/alice")).containsEntry("producer_byte_rate", "1024").containsKey("SCRAM-SHA-256");

        EntityConfigStore second = store();
        second.start((e, c) -> { });
        second.update("users/alice", c -> {
            Map<String, String> next = new HashMap<>(c);
            next.remove("producer_byte_rate");
            return next;
        });
        await().atMost(ZkTestSupport.WAIT).until(() -> seen.containsKey("users/alice")
                && !seen.get("users/alice").containsKey("producer_byte_rate"));
        JsonNode json = ZkTestSupport.readJson(raw, chroot + "/config/users/alice");
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("config").get("SCRAM-SHA-256").asText()).startsWith("salt=");

        // Emptied, the user keeps its node while a client id lives under it; the client id's node goes.
        second.update("users/alice", c -> Map.of());
        second.update("users/alice/clients/app-1", c -> Map.of());
        assertThat(raw.checkExists().forPath(chroot + "/config/users/alice/clients/app-1")).isNull();
        await().atMost(ZkTestSupport.WAIT).untilAsserted(() -> {
            assertThat(seen.get("users/alice")).isEmpty();
            assertThat(seen.get("users/alice/clients/app-1")).isEmpty();
        });
    }

    @Test
    void writesDefaultsAndRefusesPathsThatAreNoEntity() throws Exception {
        EntityConfigStore configs = store();
        configs.start((e, c) -> { });
        configs.update("clients/<default>", c -> Map.of("request_percentage", "50.0"));
        assertThat(ZkTestSupport.readJson(raw, chroot + "/config/clients/<default>").get("config")
                .get("request_percentage").asText()).isEqualTo("50.0");
        assertThatThrownBy(() -> configs.update("topics/orders", c -> Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configs.update("users/alice/clients", c -> Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
