package io.samsa.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.samsa.metadata.EntityConfigStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EntityConfigsTest {

    /** An in-memory store whose watch is called by the test. */
    private static final class FakeStore implements EntityConfigStore {
        final Map<String, Map<String, String>> stored = new HashMap<>();
        BiConsumer<String, Map<String, String>> watch;
        boolean closed;

        @Override
        public Map<String, Map<String, String>> start(BiConsumer<String, Map<String, String>> onChange) {
            watch = onChange;
            return Map.copyOf(stored);
        }

        @Override
        public Map<String, String> update(String entityPath, UnaryOperator<Map<String, String>> change) {
            Map<String, String> now = change.apply(stored.getOrDefault(entityPath, Map.of()));
            stored.put(entityPath, now);
            watch.accept(entityPath, now);
            return now;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachSubscriberGetsTheSnapshotThenEveryChange() {
        FakeStore store = new FakeStore();
        store.stored.put("users/alice", Map.of("producer_byte_rate", "1024", "SCRAM-SHA-256", "x"));
        EntityConfigs configs = new EntityConfigs(store);
        configs.start();

        List<String> quotas = new ArrayList<>();
        configs.subscribe((path, c) -> quotas.add(path + "=" + c.get("producer_byte_rate")));
        configs.update("clients/app", c -> Map.of("consumer_byte_rate", "5"));
        List<String> scram = new ArrayList<>();
        configs.subscribe((path, c) -> scram.add(path + "=" + c.get("SCRAM-SHA-256")));
        configs.update("users/alice", c -> Map.of());

        assertEquals(List.of("users/alice=1024", "clients/app=null", "users/alice=null"), quotas);
        // The late subscriber sees both entities in its snapshot (in any order), then only the removal.
        assertEquals(3, scram.size());
        assertEquals(true, scram.subList(0, 2).containsAll(List.of("users/alice=x", "clients/app=null")));
        assertEquals("users/alice=null", scram.get(2));
        scram.clear();
        configs.subscribe((path, c) -> scram.add(path));
        assertEquals(List.of("clients/app"), scram, "a removed entity is not replayed");
        configs.close();
        assertEquals(true, store.closed);
    }
}
