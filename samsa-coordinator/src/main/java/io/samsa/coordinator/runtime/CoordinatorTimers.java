package io.samsa.coordinator.runtime;

import io.samsa.common.DelayTimer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed timeouts of one shard, run on the coordinator thread: scheduling a key replaces its previous timeout (a
 * heartbeat pushes the member's session deadline), cancelling all of them unloads the shard.
 *
 * <p>The {@link DelayTimer} fires on its own thread; the task is handed to the coordinator executor, and runs only if
 * its entry is still the one registered under the key. So a timeout that fired while the coordinator thread was
 * rescheduling or cancelling it is a no-op, never a stale action. Not thread-safe: call on the coordinator thread.
 */
public final class CoordinatorTimers {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorTimers.class);

    private final DelayTimer timer;
    private final Executor coordinatorThread;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        DelayTimer.Timeout timeout;
    }

    public CoordinatorTimers(DelayTimer timer, Executor coordinatorThread) {
        this.timer = timer;
        this.coordinatorThread = coordinatorThread;
    }

    public void schedule(String key, long delayMs, Runnable task) {
        cancel(key);
        Entry entry = new Entry();
        entries.put(key, entry);
        entry.timeout = timer.schedule(Math.max(0, delayMs), () -> {
            try {
                coordinatorThread.execute(() -> fire(key, entry, task));
            } catch (RejectedExecutionException e) {
                // The coordinator is closing: nothing left to time out.
            }
        });
    }

    private void fire(String key, Entry entry, Runnable task) {
        if (entries.get(key) != entry) {
            return;
        }
        entries.remove(key);
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("Timeout {} failed", key, e);
        }
    }

    public void cancel(String key) {
        Entry e = entries.remove(key);
        if (e != null && e.timeout != null) {
            e.timeout.cancel();
        }
    }

    public boolean isScheduled(String key) {
        return entries.containsKey(key);
    }

    public void cancelAll() {
        entries.values().forEach(e -> {
            if (e.timeout != null) {
                e.timeout.cancel();
            }
        });
        entries.clear();
    }
}
