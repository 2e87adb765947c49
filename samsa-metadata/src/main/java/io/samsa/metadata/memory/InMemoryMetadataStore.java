package io.samsa.metadata.memory;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.SessionState;
import io.samsa.metadata.TopicAssignment;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session of an {@link InMemoryEnsemble}: the {@link MetadataStore} a simulated broker uses, with the
 * same contract as the ZooKeeper store. Reads come from this client's copy ({@link ClientView}), which changes
 * only when a watch event delivered to {@code executor} runs, or when this client writes (it reads its own
 * writes). Listeners run on {@code executor} too.
 *
 * <p>Sessions, as the ZooKeeper store lives them: while suspended, writes fail with {@link TimeoutException},
 * reads serve the stale copy and missed events are held back; on resume they are delivered. If the session
 * expired meanwhile (or while connected), the client hears LOST, gets a new session, reloads its copy and
 * re-registers its broker (a new broker epoch), then hears RECONNECTED. A broker id still held by another session
 * is registered again when that znode is deleted.
 *
 * <p>Differences from the ZooKeeper store, on purpose: {@link #registerBroker} does not wait for a previous
 * session of the same id (it throws {@link DuplicateBrokerRegistrationException} at once; a simulation expires the
 * previous session first, as the wait would); listeners are not coalesced.
 *
 * <p>Thread-safe; deterministic when the executors are.
 */
public final class InMemoryMetadataStore implements MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryMetadataStore.class);

    private final InMemoryEnsemble ensemble;
    private final Executor executor;
    private final ClientView view = new ClientView();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final InMemoryControllerStore controllerStore;
    private final Announcer announcer;
    private final Object lock = new Object();
    private long session;
    private boolean suspended;
    private boolean expiredUnnoticed;
    private boolean closed;
    private final List<List<Change>> heldBack = new ArrayList<>();
    private BrokerRegistration registration;

    InMemoryMetadataStore(InMemoryEnsemble ensemble, Executor executor, long session) {
        this.ensemble = ensemble;
        this.executor = executor;
        this.session = session;
        this.controllerStore = new InMemoryControllerStore(ensemble, this, view);
        this.announcer = new Announcer(executor, listeners, controllerStore);
    }

    long session() {
        synchronized (lock) {
            return session;
        }
    }

    // ---- reads

    @Override
    public String clusterId() {
        return ensemble.clusterId();
    }

    @Override
    public List<BrokerRegistration> liveBrokers() {
        return view.liveBrokers();
    }

    @Override
    public OptionalInt controllerId() {
        return view.controllerId();
    }

    @Override
    public Map<String, TopicMetadata> topics() {
        return view.topics();
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        ZNode<TopicAssignment> node = view.topic(name);
        return node == null ? Optional.empty() : Optional.of(node.value().metadata());
    }

    @Override
    public Optional<TopicMetadata> topicById(Uuid id) {
        return view.topics().values().stream().filter(t -> t.topicId().equals(id)).findFirst();
    }

    @Override
    public Map<Integer, PartitionState> partitionStates(String topic) {
        TreeMap<Integer, PartitionState> out = new TreeMap<>();
        view.states(topic).forEach((p, v) -> out.put(p, v.value()));
        return out;
    }

    @Override
    public Optional<Versioned<PartitionState>> partitionState(TopicPartition partition) {
        return Optional.ofNullable(view.state(partition));
    }

    @Override
    public SortedMap<Integer, Versioned<PartitionState>> versionedPartitionStates(String topic) {
        return view.states(topic);
    }

    @Override
    public Map<String, String> topicConfig(String topic) {
        return view.topicConfig(topic);
    }

    @Override
    public SortedMap<Integer, ControlledShutdownRequest> controlledShutdownRequests() {
        TreeMap<Integer, ControlledShutdownRequest> out = new TreeMap<>();
        view.shutdownRequests().forEach((id, v) -> out.put(id, v.value()));
        return out;
    }

    @Override
    public ControllerStore controllerStore() {
        return controllerStore;
    }

    // ---- writes

    /** @throws DuplicateBrokerRegistrationException if another live session holds the id (see class doc) */
    @Override
    public BrokerRegistration registerBroker(BrokerRegistration broker) {
        synchronized (lock) {
            if (registration != null && registration.brokerId() != broker.brokerId()) {
                throw new IllegalStateException("This store already registered broker.id "
                    + registration.brokerId() + "; cannot also register " + broker.brokerId());
            }
        }
        BrokerRegistration registered = ensemble.transact(this, txn -> TopicWrites.register(txn, broker));
        synchronized (lock) {
            registration = broker;
        }
        return registered;
    }

    @Override
    public void createTopic(TopicMetadata topic, Map<Integer, PartitionState> states, Map<String, String> configs) {
        ensemble.transact(this, txn -> TopicWrites.createTopic(txn, topic, states, configs));
    }

    @Override
    public void deleteTopic(String name) {
        ensemble.transact(this, txn -> TopicWrites.deleteTopic(txn, name));
    }

    @Override
    public void addPartitions(String topic, SortedMap<Integer, List<Integer>> newPartitions,
                              Map<Integer, PartitionState> states) {
        ensemble.transact(this, txn -> TopicWrites.addPartitions(txn, topic, newPartitions, states));
    }

    @Override
    public void setTopicConfig(String topic, Map<String, String> configs) {
        ensemble.transact(this, txn -> TopicWrites.setConfig(txn, topic, configs));
    }

    @Override
    public WriteResult<PartitionState> updatePartitionState(TopicPartition partition, PartitionState state,
                                                            int expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("A leader updates an existing state; expected version "
                + expectedVersion);
        }
        return ensemble.transact(this, txn -> TopicWrites.updateState(txn, partition, state, expectedVersion));
    }

    @Override
    public void requestControlledShutdown(int brokerId, long brokerEpoch) {
        ControlledShutdownRequest request = ControlledShutdownRequest.requested(brokerId, brokerEpoch);
        ensemble.transact(this, txn -> {
            if (txn.get(Kind.SHUTDOWN, brokerId) == null) {
                txn.create(Kind.SHUTDOWN, brokerId, request, true);
            } else {
                txn.set(Kind.SHUTDOWN, brokerId, request);
            }
            return null;
        });
    }

    @Override
    public long allocateProducerIdBlock(int brokerId, int blockSize) {
        ensureConnected();
        return ensemble.allocateProducerIds(blockSize);
    }

    @Override
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    /** Closes the session: its ephemeral znodes (registration, controller, shutdown request) go at once. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ensemble.endSession(session());
        ensemble.disconnect(this);
    }

    // ---- sessions and watch events, driven by the ensemble

    /** The process died: nothing more runs here (see {@link InMemoryEnsemble#crash}). */
    void crashed() {
        synchronized (lock) {
            closed = true;
            heldBack.clear();
        }
    }

    void ensureConnected() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("InMemoryMetadataStore is closed");
            }
            if (suspended) {
                throw new TimeoutException("ZooKeeper unavailable: in-memory session 0x" + Long.toHexString(session)
                    + " is suspended");
            }
        }
    }

    void resync(ZNodeTables tree) {
        view.replaceWith(tree);
    }

    /** This client's own committed writes: visible to its reads at once, announced like any change. */
    void applyOwn(List<Change> changes) {
        announce(view.apply(changes));
    }

    /** A watch event from the ensemble: runs on the executor, or is held back while suspended. */
    void deliver(List<Change> changes) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (suspended) {
                heldBack.add(changes);
                return;
            }
        }
        executor.execute(() -> onChanges(changes));
    }

    private void onChanges(List<Change> changes) {
        List<Change> applied = view.apply(changes);
        announce(applied);
        BrokerRegistration mine;
        synchronized (lock) {
            mine = registration;
        }
        for (Change change : applied) {
            if (mine != null && change.kind() == Kind.BROKER && change.node() == null
                && change.key().equals(mine.brokerId())) {
                reRegister(); // deleted by an operator, or the previous holder's session ended
            }
        }
    }

    void suspend() {
        synchronized (lock) {
            if (suspended || closed) {
                return;
            }
            suspended = true;
        }
        executor.execute(() -> controllerStore.sessionStateChanged(SessionState.SUSPENDED));
    }

    void resume(boolean sessionAlive) {
        List<List<Change>> missed;
        synchronized (lock) {
            if (!suspended || closed) {
                return;
            }
            suspended = false;
            missed = new ArrayList<>(heldBack);
            heldBack.clear();
            if (!sessionAlive) {
                expiredUnnoticed = true;
            }
        }
        if (!sessionAlive) {
            startNewSession();
            return;
        }
        missed.forEach(changes -> executor.execute(() -> onChanges(changes)));
        executor.execute(() -> controllerStore.sessionStateChanged(SessionState.RECONNECTED));
    }

    /** The server expired this session; a connected client hears it now, a suspended one when it resumes. */
    void sessionExpired() {
        synchronized (lock) {
            if (closed || suspended) {
                return;
            }
            expiredUnnoticed = true;
        }
        startNewSession();
    }

    private void startNewSession() {
        synchronized (lock) {
            if (!expiredUnnoticed) {
                return;
            }
            expiredUnnoticed = false;
            heldBack.clear();
        }
        // Outside this client's lock: the ensemble calls into clients while holding its own.
        long fresh = ensemble.newSession();
        synchronized (lock) {
            session = fresh;
        }
        executor.execute(() -> controllerStore.sessionStateChanged(SessionState.LOST));
        executor.execute(() -> {
            view.replaceWith(ensemble.snapshot());
            announceEverything();
            reRegister();
            controllerStore.sessionStateChanged(SessionState.RECONNECTED);
        });
    }

    private void reRegister() {
        BrokerRegistration broker;
        synchronized (lock) {
            broker = registration;
            if (broker == null || closed || suspended) {
                return;
            }
        }
        try {
            ensemble.transact(this, txn -> TopicWrites.register(txn, broker));
        } catch (DuplicateBrokerRegistrationException e) {
            LOG.info("Cannot re-register yet ({}); will retry when that registration goes", e.getMessage());
        }
    }

    private void announce(List<Change> applied) {
        announcer.announce(applied);
    }

    private void announceEverything() {
        announcer.announceEverything(view.topics().keySet());
    }
}
