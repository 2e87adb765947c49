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
import java.util.concurrent.ConcurrentHashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory copy of the cluster metadata that the store's reads are served from: live brokers, topics,
 * partition states and topic configs, decoded once and held per znode with its zxids.
 *
 * <p>Two {@link CuratorCache}s (persistent recursive watches on {@code /brokers} and {@code /config/topics})
 * keep it current with every writer's changes; the store's own writes are applied here too, as soon as
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
    private static final Comparator<TopicPartition> PARTITION_ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /**
     * One znode as this store wrote it: {@code value} is the decoded value (a {@link BrokerRegistration},
     * {@link TopicZNode.Data}, {@link PartitionState} or config map) or null when the znode was deleted, in
     * which case {@code czxid} names the incarnation removed ({@code -1}: whatever is held).
     */
    record Write(ZkPaths.Ref ref, Object value, long czxid, long mzxid) {
        static Write removed(ZkPaths.Ref ref, long czxid) {
            return new Write(ref, null, czxid, -1);
        }
    }

    private final Object lock = new Object();
    private final VersionedEntries<Integer, BrokerRegistration> brokers =
        new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<String, TopicZNode.Data> topics = new VersionedEntries<>(Comparator.naturalOrder());
    private final VersionedEntries<TopicPartition, PartitionState> states = new VersionedEntries<>(PARTITION_ORDER);
    private final VersionedEntries<String, Map<String, String>> configs =
        new VersionedEntries<>(Comparator.naturalOrder());

    private final MetadataEventDispatcher events;
    private final IntConsumer brokerDeletedByWatch;
    private final CuratorCache brokersCache;
    private final CuratorCache topicConfigsCache;
    private final CountDownLatch initialized = new CountDownLatch(2);
    private volatile boolean announce;

    /**
     * @param brokerDeletedByWatch told (outside the lock, on a Curator thread) when a watch reports a broker
     *                             registration gone, so the registrar can restore its own
     */
    ZkMetadataCache(CuratorFramework client, MetadataEventDispatcher events, IntConsumer brokerDeletedByWatch) {
        this.events = events;
        this.brokerDeletedByWatch = brokerDeletedByWatch;
        this.brokersCache = watch(client, ZkPaths.BROKERS);
        this.topicConfigsCache = watch(client, ZkPaths.CONFIG_TOPICS);
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

    /** Starts the watches and waits until both subtrees are loaded. */
    void start(long timeoutMs) {
        brokersCache.start();
        topicConfigsCache.start();
        try {
            if (!initialized.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("Timed out after " + timeoutMs + " ms loading /brokers and "
                    + "/config/topics from ZooKeeper");
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
        brokersCache.close();
        topicConfigsCache.close();
    }

    // ---- reads

    Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(topics.get(name)).map(TopicZNode.Data::topic);
    }

    /** The topic znode as decoded, with the zxids it was read at; null if unknown. */
    VersionedEntries.Entry<TopicZNode.Data> topicEntry(String name) {
        return topics.entry(name);
    }

    /** Immutable views of the topics, rebuilt only after a topic changed: Produce and Fetch read them per request. */
    private record TopicsView(long modifications, SortedMap<String, TopicMetadata> byName,
                              Map<org.apache.kafka.common.Uuid, TopicMetadata> byId) {
    }

    private volatile TopicsView topicsView = new TopicsView(-1, Collections.emptySortedMap(), Map.of());

    /** Per topic, its partition states as last built, with the states' modification count they reflect. */
    private record StatesView(long modifications, SortedMap<Integer, PartitionState> states) {
    }

    private final ConcurrentHashMap<String, StatesView> statesViews = new ConcurrentHashMap<>();

    private TopicsView topicsView() {
        TopicsView view = topicsView;
        long mods = topics.modifications();
        if (view.modifications() == mods) {
            return view;
        }
        TreeMap<String, TopicMetadata> byName = new TreeMap<>();
        Map<org.apache.kafka.common.Uuid, TopicMetadata> byId = new java.util.HashMap<>();
        topics.values().forEach((name, data) -> {
            byName.put(name, data.topic());
            byId.put(data.topic().topicId(), data.topic());
        });
        // Read the counter before building: a change during the build makes the next reader rebuild again.
        view = new TopicsView(mods, Collections.unmodifiableSortedMap(byName), Collections.unmodifiableMap(byId));
        topicsView = view;
        return view;
    }

    SortedMap<String, TopicMetadata> topics() {
        return topicsView().byName();
    }

    Optional<TopicMetadata> topicById(org.apache.kafka.common.Uuid id) {
        return Optional.ofNullable(topicsView().byId().get(id));
    }

    /**
     * The topic's partition states, as an immutable map that is the same instance until a partition state
     * changes: Metadata requests and reconciliation read it per request, and callers may cache what they derive
     * from it by identity.
     */
    SortedMap<Integer, PartitionState> partitionStates(String topic) {
        if (topics.get(topic) == null) {
            statesViews.remove(topic);
            return Collections.emptySortedMap();
        }
        long mods = states.modifications();
        StatesView view = statesViews.get(topic);
        if (view != null && view.modifications() == mods) {
            return view.states();
        }
        TreeMap<Integer, PartitionState> out = new TreeMap<>();
        // Counter read before building: a change during the build makes the next reader rebuild again.
        states.values(first(topic), last(topic)).forEach((tp, state) -> out.put(tp.partition(), state));
        SortedMap<Integer, PartitionState> built = Collections.unmodifiableSortedMap(out);
        statesViews.put(topic, new StatesView(mods, built));
        return built;
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

    List<BrokerRegistration> liveBrokers() {
        return List.copyOf(brokers.values().values());
    }

    private static TopicPartition first(String topic) {
        return new TopicPartition(topic, Integer.MIN_VALUE);
    }

    private static TopicPartition last(String topic) {
        return new TopicPartition(topic, Integer.MAX_VALUE);
    }

    // ---- updates

    /** Applies this store's own writes, which ZooKeeper has accepted. */
    void apply(List<Write> writes) {
        Changes changes = new Changes();
        synchronized (lock) {
            for (Write write : writes) {
                apply(write.ref(), write.value(), write.czxid(), write.mzxid(), false, changes);
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
                if (type == CuratorCacheListener.Type.NODE_DELETED) {
                    apply(ref, null, node.getStat().getCzxid(), -1, true, changes);
                } else {
                    Object value = decode(ref, node.getData());
                    apply(ref, value, node.getStat().getCzxid(), node.getStat().getMzxid(), true, changes);
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

    private static Object decode(ZkPaths.Ref ref, byte[] data) {
        if (ref instanceof ZkPaths.BrokerRef b) {
            return BrokerIdZNode.decode(b.brokerId(), data);
        } else if (ref instanceof ZkPaths.TopicRef t) {
            return TopicZNode.decode(t.topic(), data);
        } else if (ref instanceof ZkPaths.PartitionStateRef p) {
            return PartitionStateZNode.decode(p.partition(), data);
        } else {
            return TopicConfigZNode.decode(((ZkPaths.TopicConfigRef) ref).topic(), data);
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(ZkPaths.Ref ref, Object value, long czxid, long mzxid, boolean fromWatch, Changes changes) {
        boolean changed;
        if (ref instanceof ZkPaths.BrokerRef b) {
            changed = update(brokers, b.brokerId(), (BrokerRegistration) value, czxid, mzxid, fromWatch);
        } else if (ref instanceof ZkPaths.TopicRef t) {
            changed = update(topics, t.topic(), (TopicZNode.Data) value, czxid, mzxid, fromWatch);
        } else if (ref instanceof ZkPaths.PartitionStateRef p) {
            changed = update(states, p.partition(), (PartitionState) value, czxid, mzxid, fromWatch);
        } else {
            changed = update(configs, ((ZkPaths.TopicConfigRef) ref).topic(), (Map<String, String>) value, czxid,
                mzxid, fromWatch);
        }
        if (changed) {
            changes.add(ref);
        }
    }

    private static <K, V> boolean update(VersionedEntries<K, V> entries, K key, V value, long czxid, long mzxid,
                                         boolean fromWatch) {
        if (value != null) {
            return entries.put(key, new VersionedEntries.Entry<>(value, czxid, mzxid));
        }
        return czxid < 0 ? entries.removeCurrent(key) : entries.remove(key, czxid, fromWatch);
    }

    /** What one update changed, announced once the lock is released. */
    private final class Changes {
        private boolean topicsChanged;
        private boolean brokersChanged;
        private Set<String> configTopics;

        void add(ZkPaths.Ref ref) {
            if (ref instanceof ZkPaths.BrokerRef) {
                brokersChanged = true;
            } else if (ref instanceof ZkPaths.TopicConfigRef c) {
                if (configTopics == null) {
                    configTopics = new HashSet<>();
                }
                configTopics.add(c.topic());
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
        }
    }
}
