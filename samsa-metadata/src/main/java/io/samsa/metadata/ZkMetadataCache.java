package io.samsa.metadata;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory copy of the cluster metadata that the store's reads are served from: live brokers (with their
 * epochs), topics, partition states, topic configs, dynamic broker configs, the active controller and controlled-shutdown requests,
 * decoded once and held per znode with its zxids and data version.
 *
 * <p>Five {@link CuratorCache}s (persistent recursive watches on {@code /brokers}, {@code /config/topics},
 * {@code /config/brokers}, {@code /controller} and {@code /samsa/controlled_shutdown}) keep it current with every writer's changes; the store's own writes are applied here too, as soon as
 * ZooKeeper accepted them, so a write is visible to this store's reads when the write method returns. The two
 * sources may arrive in either order; {@link VersionedEntries} keeps the newest. A znode whose JSON cannot be
 * decoded is logged and left out.
 *
 * <p>Changes found after the initial load are announced through the {@link MetadataEventDispatcher}, after the
 * lock is released. The initial load itself is not announced: read the store after {@code start()}.
 *
 * <p>Crash behaviour: nothing here is persistent; a restarted store rebuilds the copy from ZooKeeper.
 * Thread-safe: updates are serialized by one lock, held only while applying (never while calling ZooKeeper or
 * a listener); reads take no lock and may see one update half applied across kinds (a new topic before its
 * partition states), never a torn value.
 */
final class ZkMetadataCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkMetadataCache.class);

    /** The key under which the single {@code /controller} entry is held. */
    private static final String CONTROLLER_KEY = "controller";

    /**
     * One znode as this store wrote it: {@code value} is the decoded value (a {@link BrokerRegistration},
     * {@link TopicZNode.Data}, {@link PartitionState}, config map, controller id or
     * {@link ControlledShutdownRequest}) or null when the znode was deleted, in which case {@code czxid} names the
     * incarnation removed ({@code -1}: whatever is held).
     */
    record Write(ZkPaths.Ref ref, Object value, long czxid, long mzxid, int version) {
        static Write removed(ZkPaths.Ref ref, long czxid) {
            return new Write(ref, null, czxid, -1, -1);
        }

        /** A znode written with the given resulting Stat. */
        static Write of(ZkPaths.Ref ref, Object value, Stat stat) {
            return new Write(ref, value, stat.getCzxid(), stat.getMzxid(), stat.getVersion());
        }

        /** A znode created by a transaction at {@code zxid} (creates in a transaction return no Stat). */
        static Write created(ZkPaths.Ref ref, Object value, long zxid) {
            return new Write(ref, value, zxid, zxid, 0);
        }
    }

    private final Object lock = new Object();
    private final VersionedEntries<Integer, BrokerRegistration> brokers =
        new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<String, TopicZNode.Data> topics = new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<TopicPartition, PartitionState> states = new VersionedEntries<>(PartitionOrder.INSTANCE);
    private final VersionedEntries<String, Map<String, String>> configs =
        new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<String, Map<String, String>> brokerConfigs =
        new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<String, Integer> controller = new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<Integer, ControlledShutdownRequest> shutdownRequests =
        new VersionedEntries<>(Comparator.naturalOrder());

    private final CacheViews views = new CacheViews(topics, states);
    /** The live brokers with the registrations' modification count they reflect (read before building). */
    private record BrokersView(long modifications, List<BrokerRegistration> brokers) {
    }

    private volatile BrokersView brokersView = new BrokersView(-1, List.of());
    private final MetadataEventDispatcher events;
    private final IntConsumer brokerDeletedByWatch;
    private final List<CuratorCache> watches;
    private final CountDownLatch initialized;
    private volatile boolean announce;

    /**
     * @param brokerDeletedByWatch told (outside the lock, on a Curator thread) when a watch reports a broker
     *                             registration gone, so the registrar can restore its own
     */
    ZkMetadataCache(CuratorFramework client, MetadataEventDispatcher events, IntConsumer brokerDeletedByWatch) {
        this.events = events;
        this.brokerDeletedByWatch = brokerDeletedByWatch;
        List<String> roots = List.of(ZkPaths.BROKERS, ZkPaths.CONFIG_TOPICS, ZkPaths.CONFIG_BROKERS,
            ZkPaths.CONTROLLER, ZkPaths.CONTROLLED_SHUTDOWN);
        this.initialized = new CountDownLatch(roots.size());
        this.watches = roots.stream().map(root -> watch(client, root)).toList();
    }

    private CuratorCache watch(CuratorFramework client, String path) {
        CuratorCache cache = CuratorCache.builder(client, path)
            .withStorage(new IncarnationAwareStorage())
            .withExceptionHandler(e -> LOG.warn("Watch on {} failed, will reload on reconnect: {}", path, e.toString()))
            .build();
        cache.listenable().addListener(new CuratorCacheListener() {
            @Override
            public void event(Type type, ChildData oldData, ChildData data) {
                onWatchEvent(type, oldData, data);
            }

            @Override
            public void initialized() {
                initialized.countDown();
            }
        });
        return cache;
    }

    /** Starts the watches and waits until every watched subtree is loaded. */
    void start(long timeoutMs) {
        watches.forEach(CuratorCache::start);
        try {
            if (!initialized.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("Timed out after " + timeoutMs + " ms loading /brokers, "
                    + "/config/topics, /config/brokers, /controller and /samsa/controlled_shutdown from ZooKeeper");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("Interrupted while loading metadata from ZooKeeper", e);
        }
        announce = true;
    }

    @Override
    public void close() {
        announce = false;
        watches.forEach(CuratorCache::close);
    }

    // ---- reads

    Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(topics.get(name)).map(TopicZNode.Data::topic);
    }

    /** The topic znode as decoded, with the zxids it was read at; null if unknown. */
    VersionedEntries.Entry<TopicZNode.Data> topicEntry(String name) {
        return topics.entry(name);
    }

    SortedMap<String, TopicMetadata> topics() {
        return views.topics();
    }

    Optional<TopicMetadata> topicById(org.apache.kafka.common.Uuid id) {
        return views.topicById(id);
    }

    /** See {@link CacheViews#partitionStates}. */
    SortedMap<Integer, PartitionState> partitionStates(String topic) {
        return views.partitionStates(topic);
    }

    /** Partition-state keys held for {@code topic} (whether or not the topic itself is held). */
    List<TopicPartition> statePartitions(String topic) {
        return states.keys(first(topic), last(topic));
    }

    VersionedEntries.Entry<PartitionState> stateEntry(TopicPartition partition) {
        return states.entry(partition);
    }

    Map<String, String> topicConfig(String topic) {
        Map<String, String> config = configs.get(topic);
        return config == null ? Map.of() : config;
    }

    VersionedEntries.Entry<Map<String, String>> configEntry(String topic) {
        return configs.entry(topic);
    }

    /** Dynamic broker configs of {@code entity} (a broker id or {@code <default>}), empty if none. */
    Map<String, String> brokerConfig(String entity) {
        Map<String, String> config = brokerConfigs.get(entity);
        return config == null ? Map.of() : config;
    }

    /** Live brokers by id, the same list until a registration changes (followers' fetches check it each time). */
    List<BrokerRegistration> liveBrokers() {
        BrokersView view = brokersView;
        long mods = brokers.modifications();
        if (view.modifications() != mods) {
            view = new BrokersView(mods, List.copyOf(brokers.values().values()));
            brokersView = view;
        }
        return view.brokers();
    }

    /** The registration of {@code brokerId}, if it is live. */
    Optional<BrokerRegistration> liveBroker(int brokerId) {
        return Optional.ofNullable(brokers.get(brokerId));
    }

    /** The broker id in {@code /controller}, if a controller is registered. */
    Optional<Integer> controllerId() {
        return Optional.ofNullable(controller.get(CONTROLLER_KEY));
    }

    VersionedEntries.Entry<Integer> controllerEntry() {
        return controller.entry(CONTROLLER_KEY);
    }

    SortedMap<Integer, ControlledShutdownRequest> controlledShutdownRequests() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(shutdownRequests.values()));
    }

    VersionedEntries.Entry<ControlledShutdownRequest> controlledShutdownEntry(int brokerId) {
        return shutdownRequests.entry(brokerId);
    }

    /** Every topic znode in the controller's form, with its version, by name (see {@link CacheViews}). */
    SortedMap<String, Versioned<TopicAssignment>> topicAssignments() {
        return views.topicAssignments();
    }

    /** The topic's partition states with their versions, by partition (see {@link CacheViews}). */
    SortedMap<Integer, Versioned<PartitionState>> versionedStates(String topic) {
        return views.versionedStates(topic);
    }

    static TopicPartition first(String topic) {
        return new TopicPartition(topic, Integer.MIN_VALUE);
    }

    static TopicPartition last(String topic) {
        return new TopicPartition(topic, Integer.MAX_VALUE);
    }

    // ---- updates

    /** Applies this store's own writes, which ZooKeeper has accepted. */
    void apply(List<Write> writes) {
        Changes changes = new Changes();
        synchronized (lock) {
            for (Write write : writes) {
                apply(write.ref(), write.value(), write.czxid(), write.mzxid(), write.version(), false, changes);
            }
        }
        changes.announce();
    }

    private void onWatchEvent(CuratorCacheListener.Type type, ChildData oldData, ChildData data) {
        ChildData node = data != null ? data : oldData;
        if (node == null) {
            return;
        }
        ZkPaths.Ref ref = ZkPaths.parse(node.getPath());
        if (ref == null) {
            return;
        }
        Changes changes = new Changes();
        try {
            synchronized (lock) {
                Stat stat = node.getStat();
                if (type == CuratorCacheListener.Type.NODE_DELETED) {
                    apply(ref, null, stat.getCzxid(), -1, -1, true, changes);
                } else {
                    Object value = decode(ref, node.getData(), stat);
                    apply(ref, value, stat.getCzxid(), stat.getMzxid(), stat.getVersion(), true, changes);
                }
            }
        } catch (KafkaException e) {
            LOG.error("Ignoring znode {}: {}", node.getPath(), e.getMessage());
            return;
        }
        changes.announce();
        if (type == CuratorCacheListener.Type.NODE_DELETED && ref instanceof ZkPaths.BrokerRef broker) {
            brokerDeletedByWatch.accept(broker.brokerId());
        }
    }

    private static Object decode(ZkPaths.Ref ref, byte[] data, Stat stat) {
        if (ref instanceof ZkPaths.BrokerRef b) {
            // The broker epoch is the registration's czxid (KIP-380), as in ZooKeeper-mode Kafka.
            return BrokerIdZNode.decode(b.brokerId(), data).withEpoch(stat.getCzxid());
        } else if (ref instanceof ZkPaths.TopicRef t) {
            return TopicZNode.decode(t.topic(), data);
        } else if (ref instanceof ZkPaths.PartitionStateRef p) {
            return PartitionStateZNode.decode(p.partition(), data);
        } else if (ref instanceof ZkPaths.TopicConfigRef c) {
            return TopicConfigZNode.decode(c.topic(), data);
        } else if (ref instanceof ZkPaths.BrokerConfigRef b) {
            return TopicConfigZNode.decodeAt(ZkPaths.brokerConfig(b.entity()), data);
        } else if (ref instanceof ZkPaths.ControllerRef) {
            return ControllerZNode.decode(data);
        } else {
            return ControlledShutdownZNode.decode(((ZkPaths.ControlledShutdownRef) ref).brokerId(), data);
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(ZkPaths.Ref ref, Object value, long czxid, long mzxid, int version, boolean fromWatch,
                       Changes changes) {
        Stamp stamp = new Stamp(czxid, mzxid, version, fromWatch);
        boolean changed;
        if (ref instanceof ZkPaths.BrokerRef b) {
            changed = update(brokers, b.brokerId(), (BrokerRegistration) value, stamp);
        } else if (ref instanceof ZkPaths.TopicRef t) {
            changed = update(topics, t.topic(), (TopicZNode.Data) value, stamp);
        } else if (ref instanceof ZkPaths.PartitionStateRef p) {
            changed = update(states, p.partition(), (PartitionState) value, stamp);
        } else if (ref instanceof ZkPaths.TopicConfigRef c) {
            changed = update(configs, c.topic(), (Map<String, String>) value, stamp);
        } else if (ref instanceof ZkPaths.BrokerConfigRef b) {
            changed = update(brokerConfigs, b.entity(), (Map<String, String>) value, stamp);
        } else if (ref instanceof ZkPaths.ControllerRef) {
            changed = update(controller, CONTROLLER_KEY, (Integer) value, stamp);
        } else {
            changed = update(shutdownRequests, ((ZkPaths.ControlledShutdownRef) ref).brokerId(),
                (ControlledShutdownRequest) value, stamp);
        }
        if (changed) {
            changes.add(ref);
        }
    }

    /** Where an update comes from and which znode version it is. */
    private record Stamp(long czxid, long mzxid, int version, boolean fromWatch) {
    }

    private static <K, V> boolean update(VersionedEntries<K, V> entries, K key, V value, Stamp stamp) {
        long czxid = stamp.czxid();
        boolean fromWatch = stamp.fromWatch();
        if (value != null) {
            return entries.put(key, new VersionedEntries.Entry<>(value, czxid, stamp.mzxid(), stamp.version()));
        }
        return czxid < 0 ? entries.removeCurrent(key) : entries.remove(key, czxid, fromWatch);
    }

    /** What one update changed, announced once the lock is released. */
    private final class Changes {
        private boolean topicsChanged;
        private boolean brokersChanged;
        private boolean controllerChanged;
        private boolean shutdownRequestsChanged;
        private Set<String> configTopics;
        private Set<String> brokerConfigEntities;

        void add(ZkPaths.Ref ref) {
            if (ref instanceof ZkPaths.BrokerRef) {
                brokersChanged = true;
            } else if (ref instanceof ZkPaths.ControllerRef) {
                controllerChanged = true;
            } else if (ref instanceof ZkPaths.ControlledShutdownRef) {
                shutdownRequestsChanged = true;
            } else if (ref instanceof ZkPaths.TopicConfigRef c) {
                if (configTopics == null) {
                    configTopics = new HashSet<>();
                }
                configTopics.add(c.topic());
            } else if (ref instanceof ZkPaths.BrokerConfigRef b) {
                if (brokerConfigEntities == null) {
                    brokerConfigEntities = new HashSet<>();
                }
                brokerConfigEntities.add(b.entity());
            } else {
                topicsChanged = true; // a topic or a partition state
            }
        }

        void announce() {
            if (!announce) {
                return;
            }
            if (brokersChanged) {
                events.brokersChanged();
            }
            if (topicsChanged) {
                events.topicsChanged();
            }
            if (configTopics != null) {
                configTopics.forEach(events::topicConfigChanged);
            }
            if (brokerConfigEntities != null) {
                brokerConfigEntities.forEach(events::brokerConfigChanged);
            }
            if (controllerChanged) {
                events.controllerChanged();
            }
            if (shutdownRequestsChanged) {
                events.controlledShutdownRequestsChanged();
            }
        }
    }
}
