package io.samsa.metadata;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.common.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MetadataStore} on ZooKeeper, through Curator, in Kafka 3.x's znode layout and JSON (see
 * {@link ZkPaths}): a Kafka tool pointed at the same ZooKeeper sees an ordinary ZooKeeper-mode cluster.
 *
 * <p>Reads are served from {@link ZkMetadataCache}, kept current by watches, so they never wait on ZooKeeper.
 * Writes go to ZooKeeper (topic writes as multi-op transactions, see {@link TopicWriter}) and are applied to
 * the cache before the method returns, so this store reads its own writes; other stores see them once their
 * watches fire, and their {@link MetadataListener}s are told.
 *
 * <p>Lifecycle {@code LATENT → STARTED → CLOSED} (see {@link LifecycleState}): construct, {@link #start()}
 * (connects, creates the chroot and Kafka's persistent paths, loads the cache), use, {@link #close()}
 * (idempotent). Methods other than {@code addListener} and {@code close} need a started store.
 *
 * <p>Failures: the kafka-clients exceptions listed on {@link MetadataStore}; ZooKeeper unreachable for longer
 * than {@code connectionTimeoutMs} surfaces as {@link TimeoutException}; anything unexpected from ZooKeeper as
 * {@code UnknownServerException} naming the operation (see {@link ZkErrors}).
 *
 * <p>Crash behaviour: the store keeps no local state. If the process dies, its session times out after
 * {@code sessionTimeoutMs}, ZooKeeper deletes the broker registration, and everything else (which is
 * persistent, and written atomically per operation) stays as the last completed write left it. While the
 * session is merely suspended, reads serve the last known state; after a session expiry the watches reload
 * the tree and the broker registration is re-created.
 *
 * <p>Threading: thread-safe. Listener callbacks run on one thread, {@code samsa-metadata-events}, never under a
 * lock a writer holds; a listener may call the store, including its writes. Watch events are applied on
 * {@code samsa-zk-notifications}; re-registration runs on {@code samsa-broker-registrar}; Curator and the
 * ZooKeeper client have their own. All are stopped by close().
 */
public final class ZkMetadataStore implements MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZkMetadataStore.class);

    /**
     * Connection parameters.
     *
     * @param connectString       {@code zookeeper.connect}: {@code host:port[,host:port...][/chroot]}
     * @param sessionTimeoutMs    {@code zookeeper.session.timeout.ms}: how long after losing this broker
     *                            ZooKeeper drops its registration
     * @param connectionTimeoutMs {@code zookeeper.connection.timeout.ms}: how long start() and each operation
     *                            wait for a connection before failing with {@link TimeoutException}
     */
    public record Config(String connectString, int sessionTimeoutMs, int connectionTimeoutMs) {
        /** Kafka's default for both timeouts. */
        public static final int DEFAULT_TIMEOUT_MS = 18_000;

        public Config {
            Objects.requireNonNull(connectString, "zookeeper.connect");
            if (connectString.isBlank()) {
                throw new ConfigException("zookeeper.connect", connectString, "must not be empty");
            }
            if (sessionTimeoutMs <= 0) {
                throw new ConfigException("zookeeper.session.timeout.ms", sessionTimeoutMs, "must be positive");
            }
            if (connectionTimeoutMs <= 0) {
                throw new ConfigException("zookeeper.connection.timeout.ms", connectionTimeoutMs,
                    "must be positive");
            }
        }

        /** {@code connectString} with Kafka's default timeouts. */
        public static Config of(String connectString) {
            return new Config(connectString, DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
        }

        /** The servers part of the connect string, without the chroot. */
        String servers() {
            int slash = connectString.indexOf('/');
            return slash < 0 ? connectString : connectString.substring(0, slash);
        }

        /** The chroot as a Curator namespace ({@code "samsa/prod"} for {@code host:2181/samsa/prod}), or null. */
        String namespace() {
            int slash = connectString.indexOf('/');
            if (slash < 0) {
                return null;
            }
            String chroot = connectString.substring(slash);
            while (chroot.length() > 1 && chroot.endsWith("/")) {
                chroot = chroot.substring(0, chroot.length() - 1);
            }
            if (chroot.equals("/")) {
                return null;
            }
            try {
                PathUtils.validatePath(chroot);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("zookeeper.connect", connectString, "invalid chroot: " + e.getMessage());
            }
            return chroot.substring(1);
        }
    }

    private final Config config;
    private final Time time;
    private final AtomicReference<LifecycleState> state = new AtomicReference<>(LifecycleState.LATENT);
    private final CuratorFramework client;
    /**
     * Runs Curator's "safe" notifications, which include the watch events feeding the cache. Curator's default
     * executor for them is never shut down, so the store brings its own and stops it on close.
     */
    private final ExecutorService curatorNotifications = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "samsa-zk-notifications");
        t.setDaemon(true);
        return t;
    });
    private final MetadataEventDispatcher events = new MetadataEventDispatcher();
    private final ZkMetadataCache cache;
    private final BrokerRegistrar registrar;
    private final TopicWriter topicWriter;
    private final BrokerConfigWriter brokerConfigWriter;
    private final PartitionStateWriter stateWriter;
    private final ZkControllerStore controllerStore;
    private final AtomicReference<String> clusterId = new AtomicReference<>();

    public ZkMetadataStore(Config config) {
        this(config, Time.SYSTEM);
    }

    /** @param time the clock for registration timestamps */
    public ZkMetadataStore(Config config, Time time) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
        this.client = CuratorFrameworkFactory.builder()
            .connectString(config.servers())
            .namespace(config.namespace())
            .sessionTimeoutMs(config.sessionTimeoutMs())
            .connectionTimeoutMs(config.connectionTimeoutMs())
            // Each operation waits up to connectionTimeoutMs for a connection, and is not retried past that.
            .retryPolicy(new RetryUntilElapsed(config.connectionTimeoutMs(), 100))
            // Kafka's chroot and parent znodes are persistent, not containers that ZooKeeper may reap.
            .dontUseContainerParents()
            // The ensemble tracker rewrites the connect string from /zookeeper/config and drops the chroot.
            .ensembleTracker(false)
            .runSafeService(curatorNotifications)
            .build();
        // Forward reference: the cache tells the registrar about deletions, the registrar writes to the cache.
        BrokerRegistrar[] registrarRef = new BrokerRegistrar[1];
        this.cache = new ZkMetadataCache(client, events, id -> registrarRef[0].onRegistrationDeleted(id));
        this.registrar = new BrokerRegistrar(client, time, config.sessionTimeoutMs(), cache);
        registrarRef[0] = registrar;
        this.topicWriter = new TopicWriter(client, cache);
        this.brokerConfigWriter = new BrokerConfigWriter(client, cache);
        this.stateWriter = new PartitionStateWriter(client, cache);
        this.controllerStore = new ZkControllerStore(client, cache, events,
            new ZkControllerElection(client, cache, time), stateWriter);
    }

    /**
     * Connects, creates the chroot and Kafka's persistent paths if absent, and loads the cache.
     *
     * @throws TimeoutException if ZooKeeper cannot be reached within {@code connectionTimeoutMs}; the store is
     *                          then closed
     * @throws IllegalStateException if called twice or after close
     */
    public void start() {
        LifecycleState previous = state.get();
        if (!LifecycleState.STARTED.canTransitionFrom(previous)
            || !state.compareAndSet(previous, LifecycleState.STARTED)) {
            throw new IllegalStateException("Cannot start a ZkMetadataStore that is " + state.get());
        }
        try {
            client.start();
            if (!client.blockUntilConnected(config.connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("Could not connect to ZooKeeper at zookeeper.connect="
                    + config.connectString() + " within " + config.connectionTimeoutMs()
                    + " ms (zookeeper.connection.timeout.ms)");
            }
            createPersistentPaths();
            cache.start(Math.max(config.connectionTimeoutMs(), config.sessionTimeoutMs()));
            client.getConnectionStateListenable().addListener(registrar);
            LOG.info("Connected to ZooKeeper at {}", config.connectString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptException("Interrupted while connecting to ZooKeeper", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void createPersistentPaths() {
        for (String path : ZkPaths.PERSISTENT_PATHS) {
            ZkErrors.call("creating " + path, () -> {
                if (client.checkExists().forPath(path) == null) {
                    try {
                        client.create().creatingParentsIfNeeded().forPath(path, null);
                    } catch (KeeperException.NodeExistsException e) {
                        // another broker was quicker
                    }
                }
                return null;
            });
        }
    }

    /** Reads {@code /cluster/id}, creating it (a random Uuid, base64) if absent; cached once known. */
    @Override
    public String clusterId() {
        ensureStarted();
        String known = clusterId.get();
        if (known != null) {
            return known;
        }
        String id = ClusterIdZNode.readOrCreate(client);
        clusterId.compareAndSet(null, id);
        return clusterId.get();
    }

    /**
     * Registers this broker at {@code /brokers/ids/<id>} (ephemeral) and keeps it registered across session
     * expiries until close(). Calling it again with the same id updates the registration. If the previous run of
     * this broker left its registration behind (kill -9), waits up to {@code zookeeper.session.timeout.ms} plus a
     * margin for that session to expire; blocks the calling thread meanwhile.
     *
     * @return the registration with its broker epoch (the znode's czxid)
     * @throws org.apache.kafka.common.errors.DuplicateBrokerRegistrationException if another live session holds
     *         the id after that wait
     */
    @Override
    public BrokerRegistration registerBroker(BrokerRegistration broker) {
        ensureStarted();
        return registrar.register(Objects.requireNonNull(broker, "broker"));
    }

    @Override
    public OptionalInt controllerId() {
        ensureStarted();
        return controllerStore.controllerId();
    }

    @Override
    public Optional<Versioned<PartitionState>> partitionState(TopicPartition partition) {
        ensureStarted();
        VersionedEntries.Entry<PartitionState> entry = cache.stateEntry(partition);
        return entry == null || cache.topicEntry(partition.topic()) == null
            ? Optional.empty() : Optional.of(entry.versioned());
    }

    @Override
    public SortedMap<Integer, Versioned<PartitionState>> versionedPartitionStates(String topic) {
        ensureStarted();
        return cache.topicEntry(topic) == null ? java.util.Collections.emptySortedMap() : cache.versionedStates(topic);
    }

    /**
     * @throws IllegalArgumentException if {@code expectedVersion} is negative (a leader updates an existing state)
     */
    @Override
    public WriteResult<PartitionState> updatePartitionState(TopicPartition partition, PartitionState state,
                                                            int expectedVersion) {
        ensureStarted();
        return stateWriter.writeOne(partition, state, expectedVersion);
    }

    /**
     * Creates {@code /samsa/controlled_shutdown/<brokerId>} (ephemeral). If this session already has one (a
     * retried request), it is replaced by a fresh request.
     */
    @Override
    public void requestControlledShutdown(int brokerId, long brokerEpoch) {
        ensureStarted();
        ControlledShutdownRequest request = ControlledShutdownRequest.requested(brokerId, brokerEpoch);
        String path = ZkPaths.controlledShutdown(brokerId);
        ZkErrors.call("requesting a controlled shutdown of broker " + brokerId, () -> {
            byte[] data = ControlledShutdownZNode.encode(request);
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            try {
                client.create().storingStatIn(stat).withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                    .forPath(path, data);
            } catch (KeeperException.NodeExistsException e) {
                stat = client.setData().forPath(path, data);
            }
            cache.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.ControlledShutdownRef(brokerId), request,
                stat)));
            LOG.info("Requested a controlled shutdown of broker {} (broker epoch {})", brokerId, brokerEpoch);
            return null;
        });
    }

    @Override
    public SortedMap<Integer, ControlledShutdownRequest> controlledShutdownRequests() {
        ensureStarted();
        return cache.controlledShutdownRequests();
    }

    /** Shares this store's session, watched copy and event thread; usable once the store is started. */
    @Override
    public ControllerStore controllerStore() {
        return controllerStore;
    }

    /** See {@link ProducerIdAllocator}. */
    @Override
    public long allocateProducerIdBlock(int brokerId, int blockSize) {
        ensureStarted();
        return ProducerIdAllocator.allocate(client, brokerId, blockSize);
    }

    /** Live brokers, sorted by id. */
    @Override
    public List<BrokerRegistration> liveBrokers() {
        ensureStarted();
        return cache.liveBrokers();
    }

    @Override
    public Optional<BrokerRegistration> liveBroker(int brokerId) {
        ensureStarted();
        return cache.liveBroker(brokerId);
    }

    /** All topics by name, sorted by name; an unmodifiable snapshot. */
    @Override
    public Map<String, TopicMetadata> topics() {
        ensureStarted();
        return cache.topics();
    }

    @Override
    public Optional<TopicMetadata> topicById(org.apache.kafka.common.Uuid id) {
        ensureStarted();
        return cache.topicById(id);
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        ensureStarted();
        return cache.topic(name);
    }

    /**
     * @throws org.apache.kafka.common.errors.TopicExistsException if the topic exists
     * @throws org.apache.kafka.common.errors.InvalidTopicException if the name is not a legal topic name
     * @throws org.apache.kafka.common.errors.InvalidPartitionsException if the assignment is empty
     * @throws IllegalArgumentException if a state is given for a partition not in the assignment
     */
    @Override
    public void createTopic(TopicMetadata topic, Map<Integer, PartitionState> states, Map<String, String> configs) {
        ensureStarted();
        topicWriter.createTopic(topic, states, configs);
    }

    /** @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if the topic does not exist */
    @Override
    public void deleteTopic(String name) {
        ensureStarted();
        topicWriter.deleteTopic(name);
    }

    /**
     * @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if the topic does not exist
     * @throws org.apache.kafka.common.errors.InvalidPartitionsException if a partition already exists
     */
    @Override
    public void addPartitions(String topic, SortedMap<Integer, List<Integer>> newPartitions,
                              Map<Integer, PartitionState> states) {
        ensureStarted();
        topicWriter.addPartitions(topic, newPartitions, states);
    }

    /** Partition states of {@code topic} by partition index; empty if the topic is unknown. */
    @Override
    public Map<Integer, PartitionState> partitionStates(String topic) {
        ensureStarted();
        return cache.partitionStates(topic);
    }

    @Override
    public Map<String, String> topicConfig(String topic) {
        ensureStarted();
        return cache.topicConfig(topic);
    }

    /** @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if the topic does not exist */
    @Override
    public void setTopicConfig(String topic, Map<String, String> configs) {
        ensureStarted();
        topicWriter.setTopicConfig(topic, configs);
    }

    @Override
    public Map<String, String> brokerConfig(String entity) {
        ensureStarted();
        return cache.brokerConfig(entity);
    }

    @Override
    public void setBrokerConfig(String entity, Map<String, String> configs) {
        ensureStarted();
        brokerConfigWriter.setBrokerConfig(entity, configs);
    }

    /** May be called before start(); the initial load is not announced, only later changes. */
    @Override
    public void addListener(MetadataListener listener) {
        events.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stops re-registration, the watches and the event thread, and closes the ZooKeeper session, which
     * removes this broker's registration at once. Idempotent.
     */
    @Override
    public void close() {
        LifecycleState previous = state.getAndSet(LifecycleState.CLOSED);
        if (previous == LifecycleState.CLOSED) {
            return;
        }
        registrar.close();
        cache.close();
        client.close();
        curatorNotifications.shutdownNow();
        events.close();
        LOG.info("Closed the ZooKeeper metadata store ({})", config.connectString());
    }

    /** For tests in this package (expiring the session, reading raw znodes). */
    /**
     * A store of the ACLs in this cluster's tree, sharing this store's session; the caller starts and closes it
     * (the broker's authorizer does, when authorization is on).
     */
    public AclStore aclStore() {
        ensureStarted();
        return new ZkAclStore(client, Math.max(config.connectionTimeoutMs(), config.sessionTimeoutMs()));
    }

    /** The configs of users, client ids and IPs (quotas, SCRAM credentials), on this store's session. */
    public EntityConfigStore entityConfigStore() {
        ensureStarted();
        return new ZkEntityConfigStore(client, Math.max(config.connectionTimeoutMs(), config.sessionTimeoutMs()));
    }

    CuratorFramework curator() {
        return client;
    }

    private void ensureStarted() {
        LifecycleState current = state.get();
        if (current != LifecycleState.STARTED) {
            throw new IllegalStateException("ZkMetadataStore is " + current
                + (current == LifecycleState.LATENT ? "; call start() first" : ""));
        }
    }
}
