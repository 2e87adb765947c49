package io.samsa.metadata;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link MetadataListener}s on one event thread ({@code samsa-metadata-events}), so that listeners never
 * run on a ZooKeeper or Curator thread nor under a lock that a writer holds.
 *
 * <p>Notifications are coalesced: while a "topics changed" call is queued and not yet started, further changes
 * add nothing; likewise per topic for config changes. A listener that throws is logged and the others still
 * run. Thread-safe.
 */
final class MetadataEventDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataEventDispatcher.class);

    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Thread eventThread;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "samsa-metadata-events");
        t.setDaemon(true);
        eventThread = t;
        return t;
    });
    private final AtomicBoolean topicsQueued = new AtomicBoolean();
    private final AtomicBoolean brokersQueued = new AtomicBoolean();
    private final AtomicBoolean controllerQueued = new AtomicBoolean();
    private final AtomicBoolean shutdownRequestsQueued = new AtomicBoolean();
    private final Set<String> configsQueued = ConcurrentHashMap.newKeySet();
    private final Set<String> brokerConfigsQueued = ConcurrentHashMap.newKeySet();

    void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    void topicsChanged() {
        if (topicsQueued.compareAndSet(false, true)) {
            submit(() -> {
                topicsQueued.set(false);
                forEach(MetadataListener::onTopicsChanged);
            });
        }
    }

    void brokersChanged() {
        if (brokersQueued.compareAndSet(false, true)) {
            submit(() -> {
                brokersQueued.set(false);
                forEach(MetadataListener::onBrokersChanged);
            });
        }
    }

    void controllerChanged() {
        if (controllerQueued.compareAndSet(false, true)) {
            submit(() -> {
                controllerQueued.set(false);
                forEach(MetadataListener::onControllerChanged);
            });
        }
    }

    void controlledShutdownRequestsChanged() {
        if (shutdownRequestsQueued.compareAndSet(false, true)) {
            submit(() -> {
                shutdownRequestsQueued.set(false);
                forEach(MetadataListener::onControlledShutdownRequestsChanged);
            });
        }
    }

    void topicConfigChanged(String topic) {
        if (configsQueued.add(topic)) {
            submit(() -> {
                configsQueued.remove(topic);
                forEach(l -> l.onTopicConfigChanged(topic));
            });
        }
    }

    void brokerConfigChanged(String entity) {
        if (brokerConfigsQueued.add(entity)) {
            submit(() -> {
                brokerConfigsQueued.remove(entity);
                forEach(l -> l.onBrokerConfigChanged(entity));
            });
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nobody is listening any more
        }
    }

    private void forEach(Consumer<MetadataListener> call) {
        for (MetadataListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("Metadata listener {} failed", listener, e);
            }
        }
    }

    /** Stops the event thread; a notification already queued is dropped. Waits briefly for a running one. */
    @Override
    public void close() {
        executor.shutdownNow();
        if (Thread.currentThread() == eventThread) {
            return; // closed by a listener: cannot wait for itself
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("A metadata listener is still running 5 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
