package io.samsa.metadata.memory;

import io.samsa.metadata.MetadataListener;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executor;

/**
 * Tells one client's listeners what kinds of metadata changed: its {@link MetadataListener}s, as a task on the
 * client's executor, and its controller store's listener, through that listener's executor. One call per applied
 * batch of changes; nothing is coalesced, so a simulation sees every change.
 */
final class Announcer {
    private final Executor executor;
    private final List<MetadataListener> listeners;
    private final InMemoryControllerStore controllerStore;

    Announcer(Executor executor, List<MetadataListener> listeners, InMemoryControllerStore controllerStore) {
        this.executor = executor;
        this.listeners = listeners;
        this.controllerStore = controllerStore;
    }

    void announce(List<Change> applied) {
        if (applied.isEmpty()) {
            return;
        }
        boolean brokers = false;
        boolean topics = false;
        boolean controller = false;
        boolean shutdowns = false;
        TreeSet<String> configTopics = new TreeSet<>();
        for (Change change : applied) {
            switch (change.kind()) {
                case BROKER -> brokers = true;
                case TOPIC, STATE -> topics = true;
                case CONFIG -> configTopics.add((String) change.key());
                case CONTROLLER -> controller = true;
                case SHUTDOWN -> shutdowns = true;
                default -> {
                }
            }
        }
        fire(brokers, topics, controller, shutdowns, configTopics);
    }

    /** After a reload: everything may have changed. */
    void announceEverything(Collection<String> topics) {
        fire(true, true, true, true, new TreeSet<>(topics));
    }

    private void fire(boolean brokers, boolean topics, boolean controller, boolean shutdowns,
                      TreeSet<String> configTopics) {
        executor.execute(() -> {
            for (MetadataListener l : listeners) {
                if (brokers) {
                    l.onBrokersChanged();
                }
                if (topics) {
                    l.onTopicsChanged();
                }
                configTopics.forEach(l::onTopicConfigChanged);
                if (controller) {
                    l.onControllerChanged();
                }
                if (shutdowns) {
                    l.onControlledShutdownRequestsChanged();
                }
            }
        });
        controllerStore.changed(brokers, topics, controller, shutdowns, configTopics);
    }
}
