package io.samsa.metadata;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper {@link ControllerStore}: the controller's view of a {@link ZkMetadataStore}, sharing its session,
 * its watched copy ({@link ZkMetadataCache}) and its event thread. Reads come from the copy; elections go through
 * {@link ZkControllerElection}; partition states through {@link PartitionStateWriter}; topic znodes and
 * controlled-shutdown requests are rewritten here, each in a transaction with the {@code /controller_epoch}
 * check.
 *
 * <p>Events: the store's coalesced change notifications and Curator's connection states, handed to the listener's
 * executor. Curator's SUSPENDED, RECONNECTED and LOST become {@link SessionState}s; CONNECTED (the first
 * connection, before any listener exists) and READ_ONLY (not enabled) are not forwarded.
 *
 * <p>Thread-safe. Lifecycle: that of the store that made it.
 */
final class ZkControllerStore implements ControllerStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZkControllerStore.class);

    private final CuratorFramework client;
    private final ZkMetadataCache cache;
    private final MetadataEventDispatcher events;
    private final ZkControllerElection election;
    private final PartitionStateWriter stateWriter;
    private volatile boolean listenerSet;

    ZkControllerStore(CuratorFramework client, ZkMetadataCache cache, MetadataEventDispatcher events,
                      ZkControllerElection election, PartitionStateWriter stateWriter) {
        this.client = client;
        this.cache = cache;
        this.events = events;
        this.election = election;
        this.stateWriter = stateWriter;
    }

    // ---- reads

    @Override
    public SortedMap<Integer, BrokerRegistration> liveBrokers() {
        TreeMap<Integer, BrokerRegistration> out = new TreeMap<>();
        cache.liveBrokers().forEach(b -> out.put(b.brokerId(), b));
        return out;
    }

    @Override
    public SortedMap<String, Versioned<TopicAssignment>> topics() {
        return cache.topicAssignments();
    }

    @Override
    public SortedMap<Integer, Versioned<PartitionState>> partitionStates(String topic) {
        return cache.versionedStates(topic);
    }

    @Override
    public SortedMap<Integer, Versioned<ControlledShutdownRequest>> controlledShutdownRequests() {
        TreeMap<Integer, Versioned<ControlledShutdownRequest>> out = new TreeMap<>();
        for (Integer brokerId : cache.controlledShutdownRequests().keySet()) {
            VersionedEntries.Entry<ControlledShutdownRequest> entry = cache.controlledShutdownEntry(brokerId);
            if (entry != null) {
                out.put(brokerId, entry.versioned());
            }
        }
        return out;
    }

    @Override
    public OptionalInt controllerId() {
        return cache.controllerId().map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    @Override
    public Map<TopicPartition, Versioned<PartitionState>> readPartitionStates(Collection<TopicPartition> partitions) {
        return ZkErrors.call("reading " + partitions.size() + " partition states", () -> {
            Map<TopicPartition, Versioned<PartitionState>> out = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat)
                        .forPath(ZkPaths.partitionState(tp.topic(), tp.partition()));
                } catch (KeeperException.NoNodeException e) {
                    continue;
                }
                PartitionState state = PartitionStateZNode.decode(tp, data);
                cache.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.PartitionStateRef(tp), state, stat)));
                out.put(tp, new Versioned<>(state, stat.getVersion(), stat.getMzxid()));
            }
            return out;
        });
    }

    // ---- election

    @Override
    public Optional<ControllerEpoch> tryBecomeController(int brokerId) {
        return election.tryBecomeController(brokerId);
    }

    @Override
    public void resign(int brokerId) {
        election.resign(brokerId);
    }

    @Override
    public boolean holdsController(int brokerId) {
        return election.holds(brokerId);
    }

    // ---- writes

    @Override
    public Map<TopicPartition, WriteResult<PartitionState>> writePartitionStates(
        ControllerEpoch epoch, Map<TopicPartition, StateUpdate> updates) {
        return stateWriter.write(epoch, updates);
    }

    @Override
    public WriteResult<TopicAssignment> writeTopicAssignment(ControllerEpoch epoch, TopicAssignment topic,
                                                             int expectedVersion) {
        TopicZNode.Data data = TopicZNode.Data.of(topic);
        return fencedSetData(epoch, ZkPaths.topic(topic.name()), TopicZNode.encode(data), expectedVersion,
            new ZkPaths.TopicRef(topic.name()), data, topic);
    }

    @Override
    public WriteResult<ControlledShutdownRequest> writeControlledShutdown(ControllerEpoch epoch,
                                                                          ControlledShutdownRequest request,
                                                                          int expectedVersion) {
        return fencedSetData(epoch, ZkPaths.controlledShutdown(request.brokerId()),
            ControlledShutdownZNode.encode(request), expectedVersion,
            new ZkPaths.ControlledShutdownRef(request.brokerId()), request, request);
    }

    /** A setData conditional on {@code expectedVersion}, in one transaction with the controller-epoch check. */
    private <T> WriteResult<T> fencedSetData(ControllerEpoch epoch, String path, byte[] bytes, int expectedVersion,
                                             ZkPaths.Ref ref, Object cached, T value) {
        return ZkErrors.call("writing " + path, () -> {
            List<CuratorTransactionResult> results;
            try {
                results = client.transaction().forOperations(
                    client.transactionOp().check().withVersion(epoch.zkVersion()).forPath(ZkPaths.CONTROLLER_EPOCH),
                    client.transactionOp().setData().withVersion(expectedVersion).forPath(path, bytes));
            } catch (KeeperException e) {
                ZkErrors.MultiFailure failure = ZkErrors.MultiFailure.of(e);
                if (failure.index() == 0) {
                    return WriteResult.fenced();
                } else if (failure.index() == 1 && failure.code() == KeeperException.Code.NONODE) {
                    return WriteResult.notFound();
                } else if (failure.index() == 1 && failure.code() == KeeperException.Code.BADVERSION) {
                    return WriteResult.conflict();
                }
                throw e;
            }
            Stat stat = results.get(1).getResultStat();
            cache.apply(List.of(ZkMetadataCache.Write.of(ref, cached, stat)));
            return WriteResult.written(new Versioned<>(value, stat.getVersion(), stat.getMzxid()));
        });
    }

    // ---- events

    @Override
    public void setListener(Listener listener, Executor executor) {
        if (listenerSet) {
            throw new IllegalStateException("A controller store has one listener");
        }
        listenerSet = true;
        events.addListener(new MetadataListener() {
            @Override
            public void onTopicsChanged() {
                run(executor, listener::onTopicsChanged);
            }

            @Override
            public void onTopicConfigChanged(String topic) {
                run(executor, () -> listener.onTopicConfigChanged(topic));
            }

            @Override
            public void onBrokersChanged() {
                run(executor, listener::onBrokersChanged);
            }

            @Override
            public void onControllerChanged() {
                run(executor, listener::onControllerChanged);
            }

            @Override
            public void onControlledShutdownRequestsChanged() {
                run(executor, listener::onControlledShutdownRequestsChanged);
            }
        });
        client.getConnectionStateListenable().addListener((ConnectionStateListener) (c, state) -> {
            SessionState mapped = map(state);
            if (mapped != null) {
                run(executor, () -> listener.onSessionStateChanged(mapped));
            }
        });
    }

    private static SessionState map(ConnectionState state) {
        return switch (state) {
            case SUSPENDED -> SessionState.SUSPENDED;
            case RECONNECTED -> SessionState.RECONNECTED;
            case LOST -> SessionState.LOST;
            default -> null;
        };
    }

    private static void run(Executor executor, Runnable event) {
        try {
            executor.execute(event);
        } catch (RejectedExecutionException e) {
            LOG.debug("Controller event dropped: its executor is shut down");
        }
    }
}
