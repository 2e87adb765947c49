package io.samsa.coordinator.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of one internal topic that this broker coordinates, each loading or active, and the single thread
 * that owns their state.
 *
 * <p>{@link #elect} hands the partition to the loader thread ({@link Loader#load}, which may block reading the log);
 * the loaded shard is installed on the coordinator thread unless the partition was resigned (or re-elected) meanwhile.
 * {@link #onShard} runs an operation on the coordinator thread with the shard of a partition, or answers the error
 * that says why there is none: NOT_COORDINATOR (not led here), COORDINATOR_LOAD_IN_PROGRESS (loading),
 * COORDINATOR_NOT_AVAILABLE (closed). A bug in an operation answers UNKNOWN_SERVER_ERROR and never kills the thread.
 *
 * <p>Thread-safe: public methods enqueue work on the coordinator thread; shards are only touched there.
 *
 * @param <S> the state of one partition
 */
public final class CoordinatorShards<S extends CoordinatorShards.Shard> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorShards.class);
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    /** The loaded state of one partition. */
    public interface Shard {
        /** Called on the coordinator thread once the shard is installed: start timers, resume pending work. */
        void start();

        /** Called on the coordinator thread when the partition is resigned or the coordinator closes. */
        void unload();
    }

    /** Builds the shard of a partition; called on the loader thread, may block. */
    @FunctionalInterface
    public interface Loader<S> {
        S load(int partition, int coordinatorEpoch);
    }

    private final String name;
    private final Time time;
    private final Loader<S> loader;
    private final ExecutorService coordinatorThread;
    private final ExecutorService loaderThread;
    /** Coordinator thread only: partitions being loaded ({@code shard == null}) or active. */
    private final Map<Integer, State<S>> partitions = new HashMap<>();
    private final Set<Integer> activePartitions = ConcurrentHashMap.newKeySet();

    private static final class State<S> {
        final int epoch;
        S shard;
        /** Work that must see the shard as soon as it is loaded ({@link #whenLoaded}). */
        final List<Runnable> onLoaded = new ArrayList<>();

        State(int epoch) {
            this.epoch = epoch;
        }
    }

    /** @param name names the threads ({@code samsa-<name>-coordinator}, {@code samsa-<name>-loader}) and logs */
    public CoordinatorShards(String name, Time time, Loader<S> loader) {
        this.name = name;
        this.time = time;
        this.loader = loader;
        this.coordinatorThread = Executors.newSingleThreadExecutor(r -> daemon(r, "samsa-" + name + "-coordinator"));
        this.loaderThread = Executors.newSingleThreadExecutor(r -> daemon(r, "samsa-" + name + "-loader"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The coordinator thread, for continuations and timers that must run there. */
    public Executor coordinatorThread() {
        return coordinatorThread;
    }

    /**
     * This broker now leads the partition with {@code coordinatorEpoch} (its leader epoch): load it. A newer epoch
     * replaces a loaded or loading older one.
     */
    public void elect(int partition, int coordinatorEpoch) {
        execute(() -> {
            State<S> current = partitions.get(partition);
            if (current != null && current.epoch >= coordinatorEpoch) {
                return; // Already loading or loaded at this epoch.
            }
            if (current != null) {
                unload(partition, current);
            }
            State<S> state = new State<>(coordinatorEpoch);
            partitions.put(partition, state);
            try {
                loaderThread.execute(() -> load(partition, state));
            } catch (RejectedExecutionException e) {
                partitions.remove(partition);
            }
        });
    }

    private void load(int partition, State<S> state) {
        long startMs = time.milliseconds();
        S loaded = null;
        Throwable failure = null;
        try {
            loaded = loader.load(partition, state.epoch);
        } catch (Throwable t) {
            failure = t;
        }
        S shard = loaded;
        Throwable error = failure;
        execute(() -> {
            if (partitions.get(partition) != state) {
                if (shard != null) {
                    shard.unload();
                }
                return; // Resigned (maybe re-elected) while loading: this load is stale.
            }
            if (error != null) {
                log.error("Failed to load {} partition {}; it stays unavailable until elected again", name, partition,
                    error);
                partitions.remove(partition);
                state.onLoaded.forEach(Runnable::run);
                return;
            }
            state.shard = shard;
            shard.start();
            state.onLoaded.forEach(Runnable::run);
            state.onLoaded.clear();
            activePartitions.add(partition);
            log.info("Loaded {} partition {} (epoch {}) in {} ms", name, partition, state.epoch,
                time.milliseconds() - startMs);
        });
    }

    /** This broker no longer leads the partition: unload it. */
    public void resign(int partition) {
        execute(() -> {
            State<S> state = partitions.remove(partition);
            if (state != null) {
                unload(partition, state);
            }
        });
    }

    private void unload(int partition, State<S> state) {
        activePartitions.remove(partition);
        state.onLoaded.forEach(Runnable::run); // The shard is gone: waiters complete without it.
        state.onLoaded.clear();
        if (state.shard != null) {
            state.shard.unload();
            log.info("Unloaded {} partition {}", name, partition);
        }
    }

    /** True once the partition is loaded and until it is resigned. */
    public boolean isActive(int partition) {
        return activePartitions.contains(partition);
    }

    /** Runs {@code op} with the shard of {@code partition}, or completes with {@code error} of why there is none. */
    public <T> CompletableFuture<T> onShard(int partition, Function<Errors, T> error,
                                            BiConsumer<S, CompletableFuture<T>> op) {
        CompletableFuture<T> future = new CompletableFuture<>();
        boolean queued = tryExecute(() -> {
            State<S> state = partitions.get(partition);
            if (state == null) {
                future.complete(error.apply(Errors.NOT_COORDINATOR));
            } else if (state.shard == null) {
                future.complete(error.apply(Errors.COORDINATOR_LOAD_IN_PROGRESS));
            } else {
                try {
                    op.accept(state.shard, future);
                } catch (RuntimeException e) {
                    log.error("Operation on {} partition {} failed", name, partition, e);
                    future.complete(error.apply(Errors.UNKNOWN_SERVER_ERROR));
                }
            }
        });
        if (!queued) {
            future.complete(error.apply(Errors.COORDINATOR_NOT_AVAILABLE));
        }
        return future;
    }

    /**
     * Runs {@code op} on the coordinator thread with the shard of {@code partition} as soon as there is one: at once
     * if it is active, right after it is loaded (before any request sees it) if it is loading. Completes without
     * running {@code op} if this broker does not coordinate the partition, or stops before the load is done. For
     * events already in the log that a load in progress may have read past.
     */
    public CompletableFuture<Void> whenLoaded(int partition, Consumer<S> op) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = tryExecute(() -> {
            State<S> state = partitions.get(partition);
            if (state == null) {
                done.complete(null);
            } else if (state.shard == null) {
                state.onLoaded.add(() -> {
                    if (state.shard != null && partitions.get(partition) == state) {
                        runQuietly(partition, () -> op.accept(state.shard));
                    }
                    done.complete(null);
                });
            } else {
                runQuietly(partition, () -> op.accept(state.shard));
                done.complete(null);
            }
        });
        if (!queued) {
            done.complete(null);
        }
        return done;
    }

    private void runQuietly(int partition, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("Operation on {} partition {} failed", name, partition, e);
        }
    }

    /**
     * The active shards, or COORDINATOR_LOAD_IN_PROGRESS if a partition is loading (COORDINATOR_NOT_AVAILABLE once
     * closed); {@code query} runs on the coordinator thread.
     */
    public <T> CompletableFuture<List<T>> queryAll(Function<S, T> query, Function<Errors, List<T>> error) {
        CompletableFuture<List<T>> f = new CompletableFuture<>();
        if (!tryExecute(() -> {
            List<T> out = new ArrayList<>();
            for (State<S> state : partitions.values()) {
                if (state.shard == null) {
                    f.complete(error.apply(Errors.COORDINATOR_LOAD_IN_PROGRESS));
                    return;
                }
                out.add(query.apply(state.shard));
            }
            f.complete(out);
        })) {
            f.complete(error.apply(Errors.COORDINATOR_NOT_AVAILABLE));
        }
        return f;
    }

    private boolean tryExecute(Runnable task) {
        try {
            coordinatorThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("{} coordinator task failed", name, e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void execute(Runnable task) {
        tryExecute(task);
    }

    /** Unloads every partition and stops both threads. Later requests get COORDINATOR_NOT_AVAILABLE. */
    @Override
    public void close() {
        CompletableFuture<Void> unloaded = new CompletableFuture<>();
        if (tryExecute(() -> {
            partitions.forEach((p, s) -> unload(p, s));
            partitions.clear();
            unloaded.complete(null);
        })) {
            try {
                unloaded.get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("Timed out unloading the {} coordinator", name, e);
            }
        }
        coordinatorThread.shutdown();
        loaderThread.shutdownNow();
        try {
            if (!coordinatorThread.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                coordinatorThread.shutdownNow();
            }
            loaderThread.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
