package io.samsa.metadata.controller;

import io.samsa.common.Scheduler;
import io.samsa.metadata.ControllerEpoch;
import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.SessionState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: every broker runs one; the one that holds {@code /controller} is active and keeps the cluster's
 * partition states right. It competes for {@code /controller} at start and whenever it disappears, and, when
 * active, reacts to every change it hears of through the {@link ControllerStore}: brokers leaving, returning or
 * bouncing, topics and partitions appearing or going, controlled-shutdown requests, config changes, and operator
 * requests (preferred and unclean elections, reassignments). What it writes per partition is
 * {@link PartitionChange}; how it writes is {@link StateWriter}: conditional on the version read and fenced by the
 * controller epoch, so a controller that has been replaced cannot write.
 *
 * <p><b>Wiring (for the broker).</b> Construct with {@link #create} (its own thread, {@code samsa-controller}) or
 * with an {@link Executor} of the caller's (a simulation's queue), after {@code registerBroker}; call
 * {@link #start()}. On a clean stop: {@link ControlledShutdownClient#requestAndAwait} first (this controller may be
 * the one that answers it), then {@link #close()}, then close the store, so that another broker takes over at once.
 * Handlers call {@link #electLeaders}, {@link #alterPartitionReassignments} and {@link #listPartitionReassignments};
 * their futures complete on the event loop, exceptionally with {@link NotControllerException} when this broker is
 * not the active controller (answer NOT_CONTROLLER). Call {@link #configChanged()} when a broker default of
 * {@link ElectionConfigs} changes; topic overrides arrive through the store.
 *
 * <p><b>Threading.</b> One event loop owns all state ({@link ControllerContext}); every event, including the
 * store's, runs on it, one at a time. Handlers block only on ZooKeeper. Public methods may be called from any
 * thread. Time comes from the injected {@code Time} and timers from the {@link Scheduler}, so a simulation drives
 * both.
 *
 * <p><b>Sessions</b>, as Curator advises: SUSPENDED stops all action (operator requests get NOT_CONTROLLER);
 * RECONNECTED resumes if {@code /controller} is still this session's, else resigns; LOST resigns at once. A write
 * found fenced resigns too.
 *
 * <p><b>Crash behaviour.</b> Nothing is kept outside ZooKeeper. A controller that dies mid-event leaves every write
 * it made complete and conditional; its successor loads the state from ZooKeeper and applies the same rules, which
 * finish the work (they are idempotent).
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final ControllerConfig config;
    private final ControllerStore store;
    private final Scheduler scheduler;
    private final Executor loop;
    private final ExecutorService ownThread;
    private final ControllerContext context;
    private final PartitionReconciler reconciler;
    private final PreferredLeaders preferredLeaders;
    private final Reassignments reassignments;
    private final ControlledShutdowns shutdowns;
    private final AtomicBoolean changeQueued = new AtomicBoolean();
    private final AtomicBoolean retryQueued = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean active;
    private volatile int activeEpoch = -1;
    /** The session is suspended, so act on nothing (written by the event loop only). */
    private volatile boolean suspended;
    /** Event loop only: the rebalance timer has been scheduled (the Scheduler cannot cancel, so once). */
    private boolean rebalanceScheduled;

    /**
     * @param config   this broker's controller settings
     * @param store    the controller's port to ZooKeeper (the broker's store's {@code controllerStore()})
     * @param configs  per-topic {@code min.insync.replicas} and {@code unclean.leader.election.enable}
     * @param scheduler timers: the leader-imbalance check and retries after ZooKeeper failures
     * @param loop     the event loop: runs every event, one at a time, in order
     */
    public Controller(ControllerConfig config, ControllerStore store, ElectionConfigs configs, Scheduler scheduler,
                      Executor loop) {
        this(config, store, configs, scheduler, loop, null);
    }

    private Controller(ControllerConfig config, ControllerStore store, ElectionConfigs configs, Scheduler scheduler,
                       Executor loop, ExecutorService ownThread) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.ownThread = ownThread;
        this.context = new ControllerContext(config.brokerId());
        StateWriter writer = new StateWriter(store, context);
        this.reconciler = new PartitionReconciler(context, writer, Objects.requireNonNull(configs, "configs"));
        this.preferredLeaders = new PreferredLeaders(context, writer, reconciler);
        this.reassignments = new Reassignments(store, context, writer, reconciler);
        this.shutdowns = new ControlledShutdowns(store, context);
    }

    /** The production controller, with its own event-loop thread {@code samsa-controller}, stopped by close(). */
    public static Controller create(ControllerConfig config, ControllerStore store, ElectionConfigs configs,
                                    Scheduler scheduler) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "samsa-controller");
            t.setDaemon(true);
            return t;
        });
        return new Controller(config, store, configs, scheduler, thread, thread);
    }

    /** Listens to the store and competes for {@code /controller}. Call once, after the broker registered. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("Controller already started");
        }
        store.setListener(new StoreEvents(), loop);
        submit("start", this::maybeElect);
    }

    /**
     * Whether this broker is the active controller, as of the last event handled: false while its ZooKeeper
     * session is suspended, since it may have lost {@code /controller} without knowing.
     */
    public boolean isActive() {
        return active && !suspended;
    }

    /** The epoch this controller won, or -1 while not active. */
    public int activeEpoch() {
        return activeEpoch;
    }

    /**
     * ElectLeaders: elects preferred (or, UNCLEAN, any eligible) leaders for {@code partitions} (empty: all), with
     * per-partition results as Kafka gives them; see {@link PreferredLeaders}.
     */
    public CompletableFuture<Map<TopicPartition, ApiError>> electLeaders(ElectionType type,
                                                                        Optional<Set<TopicPartition>> partitions) {
        return call("electLeaders", () -> {
            beginPass();
            SortedMap<TopicPartition, ApiError> results = preferredLeaders.elect(type, partitions);
            afterWrites();
            return results;
        });
    }

    /** AlterPartitionReassignments: target replicas per partition, or empty to cancel; see {@link Reassignments}. */
    public CompletableFuture<Map<TopicPartition, ApiError>> alterPartitionReassignments(
        Map<TopicPartition, Optional<List<Integer>>> reassignments) {
        return call("alterPartitionReassignments", () -> {
            beginPass();
            SortedMap<TopicPartition, ApiError> results = this.reassignments.alter(reassignments);
            afterWrites();
            return results;
        });
    }

    /** ListPartitionReassignments: the partitions being reassigned among {@code partitions} (empty: all). */
    public CompletableFuture<Map<TopicPartition, ReplicaAssignment>> listPartitionReassignments(
        Optional<Set<TopicPartition>> partitions) {
        return call("listPartitionReassignments", () -> {
            beginPass();
            return reassignments.list(partitions);
        });
    }

    /** A broker-level election config changed: apply the rules again (unclean elections may now be allowed). */
    public void configChanged() {
        changed();
    }

    /** Resigns ({@code /controller} is deleted if held, so another broker takes over now) and stops. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.execute(() -> {
                if (active) {
                    try {
                        store.resign(config.brokerId());
                    } catch (RuntimeException e) {
                        LOG.warn("Could not delete /controller while closing: {}", e.toString());
                    }
                    resign("the broker is shutting down");
                }
            });
        } catch (RejectedExecutionException e) {
            // the loop is already gone
        }
        if (ownThread != null) {
            ownThread.shutdown();
            try {
                if (!ownThread.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("The controller's event loop did not stop within 30 s");
                    ownThread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ownThread.shutdownNow();
            }
        }
    }

    // ---- for tests in this package

    ControllerContext context() {
        return context;
    }

    // ---- events (event loop only from here on)

    /** The store's events, delivered on the event loop. */
    private final class StoreEvents implements ControllerStore.Listener {
        @Override
        public void onBrokersChanged() {
            changed();
        }

        @Override
        public void onTopicsChanged() {
            changed();
        }

        @Override
        public void onTopicConfigChanged(String topic) {
            changed();
        }

        @Override
        public void onControlledShutdownRequestsChanged() {
            changed();
        }

        @Override
        public void onControllerChanged() {
            guarded("controller change", Controller.this::onControllerChanged);
        }

        @Override
        public void onSessionStateChanged(SessionState state) {
            guarded("session " + state, () -> onSession(state));
        }
    }

    /** Something in the metadata changed: one pass over everything, however many changes arrive meanwhile. */
    private void changed() {
        if (changeQueued.compareAndSet(false, true)) {
            submit("metadata change", () -> {
                changeQueued.set(false);
                if (active && !suspended) {
                    fullPass();
                }
            });
        }
    }

    private void maybeElect() {
        if (closed || suspended || active) {
            return;
        }
        Optional<ControllerEpoch> won = store.tryBecomeController(config.brokerId());
        if (won.isEmpty()) {
            LOG.debug("Broker {} lost the controller election; broker {} is controller", config.brokerId(),
                store.controllerId().isPresent() ? store.controllerId().getAsInt() : "(unknown)");
            return;
        }
        context.activate(won.get());
        active = true;
        activeEpoch = won.get().epoch();
        LOG.info("Broker {} is the active controller at controller epoch {}", config.brokerId(), won.get().epoch());
        fullPass();
        scheduleRebalance();
    }

    /** Reloads the context, and forgets per-pass caches (configs may have changed). */
    private void beginPass() {
        context.refresh(store);
        reconciler.newPass();
    }

    /** Loads everything and applies every rule: what activation does, and every event after it. */
    private void fullPass() {
        beginPass();
        reconciler.reconcileAll();
        afterWrites();
    }

    /** Work that follows any state change: reassignments that may complete, shutdown requests to answer. */
    private void afterWrites() {
        reassignments.completeAll();
        shutdowns.update();
        context.syncStatuses();
    }

    private void onControllerChanged() {
        if (active && !suspended && !store.holdsController(config.brokerId())) {
            resign("/controller is no longer this broker's");
        }
        maybeElect();
    }

    private void onSession(SessionState state) {
        switch (state) {
            case SUSPENDED -> {
                suspended = true;
                if (active) {
                    LOG.warn("ZooKeeper connection suspended: controller {} stops acting until it knows whether it "
                        + "still holds /controller", config.brokerId());
                }
            }
            case RECONNECTED -> {
                suspended = false;
                if (active && !store.holdsController(config.brokerId())) {
                    resign("/controller was lost while the ZooKeeper connection was suspended");
                } else if (active) {
                    LOG.info("ZooKeeper connection back; controller {} resumes", config.brokerId());
                    fullPass();
                }
                maybeElect();
            }
            case LOST -> {
                suspended = false;
                if (active) {
                    resign("the ZooKeeper session was lost, and /controller with it");
                }
            }
        }
    }

    private void resign(String why) {
        if (!active) {
            return;
        }
        LOG.warn("Broker {} resigns as controller (epoch {}): {}", config.brokerId(), activeEpoch, why);
        active = false;
        activeEpoch = -1;
        context.deactivate();
    }

    private void scheduleRebalance() {
        if (rebalanceScheduled || !config.autoLeaderRebalanceEnable()) {
            return;
        }
        rebalanceScheduled = true;
        long interval = config.leaderImbalanceCheckIntervalMs();
        scheduler.schedule("controller-leader-rebalance", () -> submit("leader rebalance", () -> {
            if (active && !suspended) {
                beginPass();
                preferredLeaders.rebalance(config.leaderImbalancePerBrokerPercentage());
                afterWrites();
            }
        }), interval, interval);
    }

    // ---- plumbing

    private void submit(String what, Runnable event) {
        try {
            loop.execute(() -> guarded(what, event));
        } catch (RejectedExecutionException e) {
            LOG.debug("Controller event {} dropped: the event loop is stopped", what);
        }
    }

    /** Runs an event so that nothing escapes to kill the loop: fenced resigns; a failure retries after a backoff. */
    private void guarded(String what, Runnable event) {
        if (closed) {
            return;
        }
        try {
            event.run();
        } catch (ControllerFencedException e) {
            onFenced(e);
        } catch (RuntimeException e) {
            LOG.error("Controller event '{}' failed; trying again in {} ms", what, config.retryBackoffMs(), e);
            scheduleRetry();
        }
    }

    private void onFenced(ControllerFencedException e) {
        resign(e.getMessage());
        try {
            store.resign(config.brokerId()); // if this session still holds /controller, free it for a new election
        } catch (RuntimeException ignored) {
            // ZooKeeper unreachable: the session's expiry frees it
        }
    }

    private void scheduleRetry() {
        if (retryQueued.compareAndSet(false, true)) {
            scheduler.schedule("controller-retry", () -> submit("retry", () -> {
                retryQueued.set(false);
                if (active && !suspended) {
                    fullPass();
                } else {
                    maybeElect();
                }
            }), config.retryBackoffMs(), 0);
        }
    }

    private <T> CompletableFuture<T> call(String what, Supplier<T> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                if (!active || suspended || closed) {
                    result.completeExceptionally(notController());
                    return;
                }
                try {
                    result.complete(request.get());
                } catch (ControllerFencedException e) {
                    onFenced(e);
                    result.completeExceptionally(notController());
                } catch (RuntimeException e) {
                    LOG.error("Controller request {} failed", what, e);
                    result.completeExceptionally(e);
                    scheduleRetry();
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(notController());
        }
        return result;
    }

    private NotControllerException notController() {
        return new NotControllerException("Broker " + config.brokerId() + " is not the active controller");
    }
}
