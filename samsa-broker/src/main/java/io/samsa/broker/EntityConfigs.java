package io.samsa.broker;

import io.samsa.metadata.EntityConfigStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The broker's one running {@link EntityConfigStore} (users', client ids' and IPs' configs), shared by the parts
 * that read it: quotas and SCRAM credentials each {@link #subscribe} and are first told of every entity stored,
 * then of each change, so each owner keeps its own view and ignores the keys it does not own. Writers go through
 * {@link #update}, which changes only what its operator changes. Started and closed by {@link Broker}.
 *
 * <p>Subscribing and delivering a change hold one lock, so a subscriber sees every entity exactly once in order:
 * the snapshot it is given already holds any change delivered before it subscribed. Listeners run on the store's
 * notification thread (or the subscriber's, for the snapshot) and must not block. Thread-safe.
 */
public final class EntityConfigs implements AutoCloseable {

    /** Told of an entity's configs: its whole current map, empty once the entity is removed. */
    @FunctionalInterface
    public interface Listener {
        void onEntityConfigs(String entityPath, Map<String, String> configs);
    }

    private final EntityConfigStore store;
    private final Object lock = new Object();
    private final Map<String, Map<String, String>> current = new HashMap<>();
    private final List<Listener> listeners = new ArrayList<>();

    public EntityConfigs(EntityConfigStore store) {
        this.store = store;
    }

    /** Loads every stored entity and starts watching; called once, before any listener subscribes. */
    public void start() {
        Map<String, Map<String, String>> initial = store.start(this::changed);
        synchronized (lock) {
            // A change already delivered by the watch is newer than the load's copy of that entity.
            initial.forEach((path, configs) -> current.putIfAbsent(path, Map.copyOf(configs)));
        }
    }

    /** Tells {@code listener} of every entity now stored, then of each later change. */
    public void subscribe(Listener listener) {
        synchronized (lock) {
            current.forEach(listener::onEntityConfigs);
            listeners.add(listener);
        }
    }

    /** Every entity now stored, by entity path (a copy). */
    public Map<String, Map<String, String>> snapshot() {
        synchronized (lock) {
            return new HashMap<>(current);
        }
    }

    /** See {@link EntityConfigStore#update}; the change reaches the listeners through the store's watch. */
    public Map<String, String> update(String entityPath, UnaryOperator<Map<String, String>> change) {
        return store.update(entityPath, change);
    }

    private void changed(String entityPath, Map<String, String> configs) {
        synchronized (lock) {
            if (configs.isEmpty()) {
                current.remove(entityPath);
            } else {
                current.put(entityPath, Map.copyOf(configs));
            }
            for (Listener l : listeners) {
                l.onEntityConfigs(entityPath, configs);
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
