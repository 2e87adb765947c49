package io.samsa.broker.auth;

import io.samsa.metadata.EntityConfigStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/** An {@link EntityConfigStore} in a map, for tests that need no ZooKeeper: updates reach the listener at once. */
public final class MapEntityConfigStore implements EntityConfigStore {
    public final Map<String, Map<String, String>> entities = new ConcurrentHashMap<>();
    private BiConsumer<String, Map<String, String>> listener = (e, c) -> { };

    @Override
    public Map<String, Map<String, String>> start(BiConsumer<String, Map<String, String>> onChange) {
        listener = onChange;
        return new HashMap<>(entities);
    }

    @Override
    public synchronized Map<String, String> update(String entityPath, UnaryOperator<Map<String, String>> change) {
        Map<String, String> next = Map.copyOf(change.apply(entities.getOrDefault(entityPath, Map.of())));
        if (next.isEmpty()) {
            entities.remove(entityPath);
        } else {
            entities.put(entityPath, next);
        }
        listener.accept(entityPath, next);
        return next;
    }

    @Override
    public void close() {
    }
}
