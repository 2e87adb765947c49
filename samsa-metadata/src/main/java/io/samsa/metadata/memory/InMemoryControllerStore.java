package io.samsa.metadata.memory;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.ControllerEpoch;
import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.SessionState;
import io.samsa.metadata.StateUpdate;
import io.samsa.metadata.TopicAssignment;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.WriteResult;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;

/**
 * The in-memory {@link ControllerStore} of one {@link InMemoryMetadataStore} client: reads from the client's copy,
 * elections and fenced writes as transactions on the ensemble, with the ZooKeeper store's outcomes (a controller
 * epoch whose version moved fences the whole batch; each partition write is conditional on its version).
 *
 * <p>Thread-safe; events go to the listener's executor in the order the client saw the changes.
 */
public final class InMemoryControllerStore implements ControllerStore {
    private final InMemoryEnsemble ensemble;
    private final InMemoryMetadataStore client;
    private final ClientView view;
    private volatile Listener listener;
    private volatile Executor listenerExecutor;

    InMemoryControllerStore(InMemoryEnsemble ensemble, InMemoryMetadataStore client, ClientView view) {
        this.ensemble = ensemble;
        this.client = client;
        this.view = view;
    }

    // ---- reads

    @Override
    public SortedMap<Integer, BrokerRegistration> liveBrokers() {
        TreeMap<Integer, BrokerRegistration> out = new TreeMap<>();
        view.liveBrokers().forEach(b -> out.put(b.brokerId(), b));
        return out;
    }

    @Override
    public SortedMap<String, Versioned<TopicAssignment>> topics() {
        return view.topicAssignments();
    }

    @Override
    public SortedMap<Integer, Versioned<PartitionState>> partitionStates(String topic) {
        return view.states(topic);
    }

    @Override
    public SortedMap<Integer, Versioned<ControlledShutdownRequest>> controlledShutdownRequests() {
        return view.shutdownRequests();
    }

    @Override
    public OptionalInt controllerId() {
        return view.controllerId();
    }

    @Override
    public Map<TopicPartition, Versioned<PartitionState>> readPartitionStates(Collection<TopicPartition> partitions) {
        client.ensureConnected();
        Map<TopicPartition, Versioned<PartitionState>> out = new LinkedHashMap<>();
        java.util.List<Change> fresh = new java.util.ArrayList<>();
        ensemble.read(tree -> {
            for (TopicPartition tp : partitions) {
                ZNode<PartitionState> node = tree.get(Kind.STATE, tp);
                if (node != null) {
                    out.put(tp, ClientView.versioned(node));
                    fresh.add(Change.written(Kind.STATE, tp, node));
                }
            }
            return null;
        });
        client.applyOwn(fresh);
        return out;
    }

    // ---- election

    @Override
    public Optional<ControllerEpoch> tryBecomeController(int brokerId) {
        return ensemble.transact(client, txn -> {
            if (txn.get(Kind.CONTROLLER, Kind.SINGLE) != null) {
                return Optional.empty();
            }
            ZNode<Integer> epoch = txn.get(Kind.CONTROLLER_EPOCH, Kind.SINGLE);
            if (epoch == null) {
                epoch = txn.create(Kind.CONTROLLER_EPOCH, Kind.SINGLE, 0, false);
            }
            txn.create(Kind.CONTROLLER, Kind.SINGLE, brokerId, true);
            ZNode<Integer> next = txn.set(Kind.CONTROLLER_EPOCH, Kind.SINGLE, epoch.value() + 1);
            return Optional.of(new ControllerEpoch(next.value(), next.version()));
        });
    }

    @Override
    public void resign(int brokerId) {
        ensemble.transact(client, txn -> {
            ZNode<Integer> node = txn.get(Kind.CONTROLLER, Kind.SINGLE);
            if (node != null && node.ephemeralOwner() == txn.session() && node.value() == brokerId) {
                txn.delete(Kind.CONTROLLER, Kind.SINGLE);
            }
            return null;
        });
    }

    @Override
    public boolean holdsController(int brokerId) {
        client.ensureConnected();
        long session = client.session();
        return ensemble.read(tree -> {
            ZNode<Integer> node = tree.get(Kind.CONTROLLER, Kind.SINGLE);
            return node != null && node.ephemeralOwner() == session && node.value() == brokerId;
        });
    }

    // ---- writes

    @Override
    public Map<TopicPartition, WriteResult<PartitionState>> writePartitionStates(
        ControllerEpoch epoch, Map<TopicPartition, StateUpdate> updates) {
        TreeMap<TopicPartition, StateUpdate> sorted = new TreeMap<>(Kind.STATE.<TopicPartition>order());
        sorted.putAll(updates);
        return ensemble.transact(client, txn -> {
            Map<TopicPartition, WriteResult<PartitionState>> results = new LinkedHashMap<>();
            boolean fenced = isFenced(txn, epoch);
            for (Map.Entry<TopicPartition, StateUpdate> e : sorted.entrySet()) {
                results.put(e.getKey(), fenced ? WriteResult.fenced() : writeState(txn, e.getKey(), e.getValue()));
            }
            return results;
        });
    }

    private static WriteResult<PartitionState> writeState(Txn txn, TopicPartition tp, StateUpdate update) {
        ZNode<PartitionState> current = txn.get(Kind.STATE, tp);
        if (update.expectedVersion() == StateUpdate.ABSENT) {
            if (current != null) {
                return WriteResult.conflict();
            }
            if (txn.get(Kind.TOPIC, tp.topic()) == null) {
                return WriteResult.notFound();
            }
            return WriteResult.written(ClientView.versioned(txn.create(Kind.STATE, tp, update.state(), false)));
        }
        if (current == null) {
            return WriteResult.notFound();
        }
        if (current.version() != update.expectedVersion()) {
            return WriteResult.conflict();
        }
        return WriteResult.written(ClientView.versioned(txn.set(Kind.STATE, tp, update.state())));
    }

    @Override
    public WriteResult<TopicAssignment> writeTopicAssignment(ControllerEpoch epoch, TopicAssignment topic,
                                                             int expectedVersion) {
        return fencedSet(epoch, Kind.TOPIC, topic.name(), topic, expectedVersion);
    }

    @Override
    public WriteResult<ControlledShutdownRequest> writeControlledShutdown(ControllerEpoch epoch,
                                                                          ControlledShutdownRequest request,
                                                                          int expectedVersion) {
        return fencedSet(epoch, Kind.SHUTDOWN, request.brokerId(), request, expectedVersion);
    }

    private <T> WriteResult<T> fencedSet(ControllerEpoch epoch, Kind kind, Object key, T value, int expectedVersion) {
        return ensemble.transact(client, txn -> {
            if (isFenced(txn, epoch)) {
                return WriteResult.fenced();
            }
            ZNode<T> current = txn.get(kind, key);
            if (current == null) {
                return WriteResult.notFound();
            }
            if (current.version() != expectedVersion) {
                return WriteResult.conflict();
            }
            return WriteResult.written(ClientView.versioned(txn.set(kind, key, value)));
        });
    }

    private static boolean isFenced(Txn txn, ControllerEpoch epoch) {
        ZNode<Integer> current = txn.get(Kind.CONTROLLER_EPOCH, Kind.SINGLE);
        return current == null || current.version() != epoch.zkVersion();
    }

    // ---- events

    @Override
    public void setListener(Listener newListener, Executor executor) {
        if (listener != null) {
            throw new IllegalStateException("A controller store has one listener");
        }
        this.listenerExecutor = executor;
        this.listener = newListener;
    }

    /** Called by the client after its copy changed. */
    void changed(boolean brokers, boolean topics, boolean controller, boolean shutdowns, TreeSet<String> configs) {
        Listener l = listener;
        if (l == null) {
            return;
        }
        Executor e = listenerExecutor;
        if (brokers) {
            e.execute(l::onBrokersChanged);
        }
        if (topics) {
            e.execute(l::onTopicsChanged);
        }
        for (String topic : configs) {
            e.execute(() -> l.onTopicConfigChanged(topic));
        }
        if (controller) {
            e.execute(l::onControllerChanged);
        }
        if (shutdowns) {
            e.execute(l::onControlledShutdownRequestsChanged);
        }
    }

    /** Called by the client, on its executor, when its session changes state. */
    void sessionStateChanged(SessionState state) {
        Listener l = listener;
        if (l != null) {
            listenerExecutor.execute(() -> l.onSessionStateChanged(state));
        }
    }
}
