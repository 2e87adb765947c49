package io.samsa.broker;

import io.netty.handler.ssl.SslContext;
import io.samsa.broker.group.GroupCoordinatorElection;
import io.samsa.broker.group.LogPartitionWriter;
import io.samsa.broker.txn.InterBrokerTxnMarkerChannel;
import io.samsa.broker.txn.TransactionCoordinatorElection;
import io.samsa.broker.txn.TransactionVerifier;
import io.samsa.coordinator.group.GroupCoordinator;
import io.samsa.coordinator.group.GroupCoordinatorConfig;
import io.samsa.coordinator.txn.TransactionCoordinator;
import io.samsa.coordinator.txn.TransactionCoordinatorConfig;
import io.samsa.coordinator.group.TopicsImage;
import io.samsa.common.ExecutorScheduler;
import io.samsa.common.config.BrokerConfig;
import io.samsa.broker.auth.AclAuthorizer;
import io.samsa.broker.auth.Authorization;
import io.samsa.broker.auth.Authorizers;
import io.samsa.broker.auth.ScramCredentials;
import io.samsa.broker.quota.ClientQuotas;
import io.samsa.broker.quota.IpConnectionRates;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.controller.ControlledShutdownClient;
import io.samsa.metadata.controller.Controller;
import io.samsa.metadata.controller.ControllerConfig;
import io.samsa.metadata.controller.ElectionConfigs;
import io.samsa.metadata.EmbeddedZooKeeper;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.TopicMetadata;
import io.samsa.metadata.ZkMetadataStore;
import io.samsa.network.SocketServer;
import io.samsa.replication.ReplicaManager;
import io.samsa.network.client.ClientConfig;
import io.samsa.network.client.InterBrokerClient;
import io.samsa.replication.fetcher.FetcherConfig;
import io.samsa.replication.fetcher.ReplicaFetcherManager;
import io.samsa.storage.LogManager;
import io.samsa.storage.LogManagerConfig;
import io.samsa.storage.cleaner.LogCleaner;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Samsa broker: starts its parts in dependency order and stops them in reverse.
 *
 * <pre>
 * embedded ZooKeeper (if no zookeeper.connect) → metadata store → log manager (recovery) → log cleaner
 *   → partitions from metadata
 *   → request handlers → client listener → broker registration (clients may now find us)
 * </pre>
 * Shutdown closes the listener first so no request races the logs being closed, then writes checkpoints and the
 * clean-shutdown marker. Lifecycle: {@link #startup()} once, {@link #close()} any number of times. Thread-safe.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    /** Kafka resends markers after a metadata refresh; 100 ms is its retry backoff default. */
    private static final long TXN_MARKER_RETRY_BACKOFF_MS = 100;

    private final BrokerConfig config;
    private final Time time;
    private EmbeddedZooKeeper embeddedZk;
    private ZkMetadataStore metadata;
    private EntityConfigs entityConfigs;
    private ExecutorScheduler scheduler;
    private WheelDelayTimer delayTimer;
    private LogManager logManager;
    private LogCleaner logCleaner;
    private LogCleanerReconfiguration cleanerReconfiguration;
    private GroupCoordinator groupCoordinator;
    private TransactionCoordinator transactionCoordinator;
    private InterBrokerClient markerClient;
    /** The client TLS context towards other brokers (empty: plaintext), built with the first inter-broker client. */
    private Optional<SslContext> interBrokerTls;
    private InterBrokerClient verifyClient;
    private ExecutorService blockingExecutor;
    private ExecutorService fetchCompletionExecutor;
    private volatile BrokerRegistration registration;
    private Controller controller;
    private AclAuthorizer authorizer;
    private ScramCredentials scramCredentials;
    private ClientQuotas clientQuotas;
    private TlsReconfiguration tlsReconfiguration;
    private ReplicaFetcherManager fetcherManager;
    private SocketServer socketServer;
    private BrokerContext context;
    private boolean started;
    private boolean closed;

    public Broker(BrokerConfig config, Time time) {
        this.config = config;
        this.time = time;
    }

    public synchronized void startup() throws Exception {
        if (started) {
            throw new IllegalStateException("Broker already started");
        }
        started = true;
        try {
            doStartup();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void doStartup() throws Exception {
        int brokerId = config.brokerId();
        String connect = config.zookeeperConnect().orElse(null);
        if (connect == null) {
            embeddedZk = new EmbeddedZooKeeper(config.zookeeperEmbeddedDataDir(), "127.0.0.1",
                    config.zookeeperEmbeddedPort());
            embeddedZk.start();
            connect = embeddedZk.connectString();
            log.info("Started embedded ZooKeeper at {} with data in {}", connect, config.zookeeperEmbeddedDataDir());
        }
        metadata = new ZkMetadataStore(new ZkMetadataStore.Config(connect, config.zookeeperSessionTimeoutMs(),
                config.zookeeperConnectionTimeoutMs()));
        metadata.start();
        String clusterId = metadata.clusterId();
        // Started once here; quotas and SCRAM credentials subscribe to it, each reading only its own keys.
        entityConfigs = new EntityConfigs(metadata.entityConfigStore());
        entityConfigs.start();
        // Before anything is served: with authorization on, no request may run before the ACLs are loaded.
        authorizer = Authorizers.create(config, metadata::aclStore).orElse(null);
        // Before any listener: a SCRAM login needs every stored credential.
        scramCredentials = ScramCredentials.start(entityConfigs);
        clientQuotas = ClientQuotas.start(entityConfigs, config.quotaWindowNum(),
                config.quotaWindowSizeSeconds() * 1000L, time);

        scheduler = new ExecutorScheduler(2);
        delayTimer = new WheelDelayTimer();
        AtomicInteger fetchThreadIds = new AtomicInteger();
        fetchCompletionExecutor = Executors.newFixedThreadPool(Math.max(1, config.numNetworkThreads()), r -> {
            Thread t = new Thread(r, "samsa-delayed-fetch-" + fetchThreadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Replication throttles (reassignment): applied from the configs now and on every change.
        ReplicationThrottles throttles = new ReplicationThrottles(config, metadata, time);
        throttles.loadAll();
        metadata.addListener(throttles);
        ReplicaManager replicaManager = new ReplicaManager(delayTimer, fetchCompletionExecutor,
                throttles.leaderQuota());
        ConfiguredReadReplicaSelector.from(config, metadata)
                .ifPresent(selector -> replicaManager.setReadReplicaSelector(selector, time));
        AtomicInteger threadIds = new AtomicInteger();
        blockingExecutor = Executors.newFixedThreadPool(Math.max(2, config.numIoThreads()), r -> {
            Thread t = new Thread(r, "samsa-io-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        TopicAdmin.TopicReconcilerRef reconcilerRef = new TopicAdmin.TopicReconcilerRef();
        TopicAdmin topicAdmin = new TopicAdmin(brokerId, config, metadata, reconcilerRef);
        logManager = new LogManager(new LogManagerConfig(config.logDirs(), LogConfigs.forTopic(Map.of(), config),
                config.logRetentionCheckIntervalMs(), config.logFlushSchedulerIntervalMs(),
                config.logFlushOffsetCheckpointIntervalMs(), config.numRecoveryThreadsPerDataDir(),
                config.producerIdExpirationMs(), LogManagerConfig.DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS),
                scheduler, time);
        // Logs open with their topic's overrides (retention, segment size...) rather than the broker defaults.
        logManager.startup(topic -> metadata.topic(topic).isPresent()
                ? topicAdmin.logConfig(topic) : LogConfigs.forTopic(Map.of(), config));
        if (config.logCleanerEnable()) {
            // Starts with the dynamic log.cleaner.* configs already stored, as Kafka does.
            logCleaner = new LogCleaner(LogCleanerReconfiguration.settings(config, metadata::brokerConfig),
                    logManager::allLogs, time);
            logCleaner.startup();
            logManager.setChangeListener(logCleaner);
            cleanerReconfiguration = new LogCleanerReconfiguration(logCleaner, config, metadata::brokerConfig);
            metadata.addListener(cleanerReconfiguration);
            cleanerReconfiguration.applyStored();
        }

        TopicReconciler reconciler = new TopicReconciler(brokerId, metadata, logManager, replicaManager,
                new TopicReconciler.TopicSettings() {
                    @Override
                    public io.samsa.storage.LogConfig logConfig(String topic) {
                        return topicAdmin.logConfig(topic);
                    }

                    @Override
                    public int minInsyncReplicas(String topic) {
                        return topicAdmin.minInsyncReplicas(topic);
                    }

                    @Override
                    public long replicaLagTimeMaxMs() {
                        return config.replicaLagTimeMaxMs();
                    }
                }, new ZkIsrUpdater(brokerId, metadata, topicAdmin::minInsyncReplicas, blockingExecutor),
                replicaFetchers(throttles), scheduler, time, this::brokerEpoch,
                new LeaderRecovery(metadata, blockingExecutor));
        reconcilerRef.set(reconciler);
        groupCoordinator = new GroupCoordinator(GroupCoordinatorConfig.from(config),
                new LogPartitionWriter(replicaManager, config.offsetsCommitTimeoutMs()), time, delayTimer,
                topicsImage(metadata));
        // Before the first reconcile, so the offsets partitions found on disk are loaded at start-up.
        reconciler.addLeadershipListener(new GroupCoordinatorElection(groupCoordinator));
        ProducerIdManager producerIds = new ProducerIdManager(metadata, brokerId);
        markerClient = new InterBrokerClient(interBrokerClientConfig("broker-" + brokerId + "-txn-markers",
                config.socketRequestMaxBytes()), this::brokerAddress, time);
        InterBrokerTxnMarkerChannel markerChannel = new InterBrokerTxnMarkerChannel(metadata, markerClient,
                config.replicaSocketTimeoutMs());
        transactionCoordinator = new TransactionCoordinator(new TransactionCoordinatorConfig(
                config.transactionStateLogNumPartitions(), config.transactionMaxTimeoutMs(),
                config.transactionalIdExpirationMs(), config.transactionAbortTimedOutIntervalMs(),
                config.transactionRemoveExpiredIntervalMs(), TXN_MARKER_RETRY_BACKOFF_MS),
                new LogPartitionWriter(replicaManager, config.offsetsCommitTimeoutMs()),
                markerChannel, producerIds::nextProducerId, time, delayTimer);
        // Its own connections: a verification must not wait behind marker writes, which wait for replication.
        verifyClient = new InterBrokerClient(interBrokerClientConfig("broker-" + brokerId + "-txn-verify",
                config.socketRequestMaxBytes()), this::brokerAddress, time);
        TransactionVerifier transactionVerifier = new TransactionVerifier(transactionCoordinator, markerChannel,
                verifyClient, brokerId, config.replicaSocketTimeoutMs(), delayTimer, time,
                config.addPartitionsToTxnRetryBackoffMs(), config.addPartitionsToTxnRetryBackoffMaxMs());
        reconciler.addLeadershipListener(new TransactionCoordinatorElection(transactionCoordinator, replicaManager));
        reconciler.reconcile();
        reconciler.warnAboutStrayLogs();
        metadata.addListener(reconciler);
        long shrinkIntervalMs = Math.max(1, config.replicaLagTimeMaxMs() / 2);
        scheduler.schedule("isr-shrink", replicaManager::maybeShrinkIsrs, shrinkIntervalMs, shrinkIntervalMs);
        // Consumer groups (KIP-848) reassign when their subscribed topics are created, deleted or grow.
        metadata.addListener(new MetadataListener() {
            @Override
            public void onTopicsChanged() {
                groupCoordinator.onTopicsChanged();
            }

            @Override
            public void onTopicConfigChanged(String topic) {
            }
        });

        tlsReconfiguration = new TlsReconfiguration(config, metadata::brokerConfig,
                (listener, context) -> socketServer.replaceTls(listener, context));
        metadata.addListener(tlsReconfiguration);

        // Built now so handlers can reach it; started once this broker is registered.
        controller = Controller.create(controllerConfig(), metadata.controllerStore(),
                ElectionConfigs.of(metadata::topicConfig, config.minInsyncReplicas(),
                        config.uncleanLeaderElectionEnable()), scheduler);
        context = new BrokerContext(brokerId, clusterId, config, metadata, new LogDirUsage(logManager),
                replicaManager, topicAdmin,
                producerIds, groupCoordinator, InternalTopic.offsets(config, metadata, topicAdmin, time),
                transactionCoordinator, InternalTopic.transactionState(config, metadata, topicAdmin, time),
                transactionVerifier,
                blockingExecutor, time, controller,
                (cleanerReconfiguration != null ? cleanerReconfiguration : DynamicConfigCheck.NONE)
                        .and(tlsReconfiguration),
                authorizer != null ? new Authorization(authorizer) : Authorization.OFF, scramCredentials,
                entityConfigs, clientQuotas);

        socketServer = new SocketServer(SocketServerSettings.of(config, tlsReconfiguration.initialContexts(),
                scramCredentials), ApiHandlers.registry(context), time);
        // Before the first connection is accepted: a stored IP rate applies from the start.
        IpConnectionRates.start(entityConfigs, socketServer::ipConnectionRates);
        socketServer.start();
        // Blocks while a previous run's session still holds this broker id (a restart right after kill -9).
        registration = metadata.registerBroker(new BrokerRegistration(brokerId, advertisedEndpoints(),
                config.brokerRack().orElse(null), logManager.hadCleanShutdown(), BrokerRegistration.UNKNOWN_EPOCH));
        // Roles come from the cluster from now on; the controller re-elects what this broker led before.
        reconciler.registered();
        controller.start();
        log.info("Samsa broker {} started: cluster {}, listening on port {}, log dirs {}", brokerId, clusterId,
                socketServer.port(), config.logDirs());
    }

    /**
     * Moves leadership away before stopping (controlled shutdown), so producers and consumers switch to the new
     * leaders at once instead of waiting for this broker's session to expire. Bounded by
     * {@code controlled.shutdown.max.retries} x {@code controlled.shutdown.retry.backoff.ms}; a broker that is the
     * only replica of a partition stops without a successor for it.
     */
    private void controlledShutdown() {
        BrokerRegistration r = registration;
        if (r == null || metadata == null || !config.controlledShutdownEnable()) {
            return;
        }
        try {
            long maxWaitMs = (long) config.controlledShutdownMaxRetries() * config.controlledShutdownRetryBackoffMs();
            ControlledShutdownClient.Outcome outcome = new ControlledShutdownClient(metadata, time)
                    .requestAndAwait(config.brokerId(), brokerEpoch(), maxWaitMs);
            if (outcome.completed()) {
                log.info("Controlled shutdown of broker {} done: it leads no partition with another replica",
                        config.brokerId());
            } else {
                log.warn("Controlled shutdown of broker {} incomplete after {} ms; still leading {}",
                        config.brokerId(), maxWaitMs, outcome.stillLeads());
            }
        } catch (RuntimeException e) {
            log.warn("Controlled shutdown of broker {} failed: {}", config.brokerId(), e.toString());
        }
    }

    /** This broker's epoch: that of its registration as ZooKeeper now holds it (it changes after a re-registration). */
    private long brokerEpoch() {
        if (registration == null) {
            return -1L;
        }
        // Asked for every follower fetch: a keyed look-up, not a scan of the live brokers.
        return metadata.liveBroker(registration.brokerId()).map(BrokerRegistration::epoch)
                .orElse(registration.epoch());
    }

    private ControllerConfig controllerConfig() {
        return new ControllerConfig(config.brokerId(), config.autoLeaderRebalanceEnable(),
                config.leaderImbalanceCheckIntervalSeconds() * 1000L, config.leaderImbalancePerBrokerPercentage(),
                ControllerConfig.DEFAULT_RETRY_BACKOFF_MS);
    }

    /**
     * An inter-broker client's settings: the replica socket timeout and fetch backoff, and TLS when the
     * inter-broker listener is SSL (one client context for all of them, built once).
     */
    private ClientConfig interBrokerClientConfig(String clientId, int maxResponseBytes) {
        if (interBrokerTls == null) {
            interBrokerTls = Optional.ofNullable(TlsContexts.interBrokerClient(config));
        }
        return new ClientConfig(clientId, config.replicaSocketTimeoutMs(), maxResponseBytes,
                config.replicaFetchBackoffMs(), interBrokerTls.orElse(null),
                TlsContexts.interBrokerHostnameVerification(config));
    }

    /** Follower fetching from the other brokers, over Samsa's own inter-broker client. */
    private ReplicaFetcherManager replicaFetchers(ReplicationThrottles throttles) {
        ClientConfig clientConfig = interBrokerClientConfig("broker-" + config.brokerId() + "-fetcher",
                Math.max(config.replicaFetchResponseMaxBytes(), config.socketRequestMaxBytes()) + 1024);
        FetcherConfig fetcherConfig = new FetcherConfig(config.brokerId(), config.numReplicaFetchers(),
                config.replicaFetchWaitMaxMs(), config.replicaFetchMinBytes(), config.replicaFetchMaxBytes(),
                config.replicaFetchResponseMaxBytes(), config.replicaFetchBackoffMs(),
                config.replicaSocketTimeoutMs());
        // Each fetcher gets a client of its own, whose event loop is the fetcher's thread (as Kafka's fetcher
        // threads each own a network client).
        fetcherManager = new ReplicaFetcherManager(fetcherConfig,
                (leaderId, name) -> new NettyReplicaFetchClient(
                        new InterBrokerClient(clientConfig, this::brokerAddress, time, name),
                        config.replicaSocketTimeoutMs()),
                this::brokerEpoch, time, throttles.followerQuota());
        return fetcherManager;
    }

    /** The advertised listeners, a port of 0 replaced by the port its listener bound. */
    private List<Endpoint> advertisedEndpoints() {
        return config.advertisedListeners().stream().map(e -> e.port() != 0 ? e
                : new Endpoint(e.listener(), e.securityProtocol(), e.host(), socketServer.port(e.listener())))
                .toList();
    }

    /** Where another broker listens for brokers ({@code inter.broker.listener.name}), from its registration. */
    private Optional<InetSocketAddress> brokerAddress(int id) {
        for (BrokerRegistration b : metadata.liveBrokers()) {
            if (b.brokerId() == id) {
                return b.endpoint(config.interBrokerListenerName())
                        .map(e -> InetSocketAddress.createUnresolved(e.host(), e.port()));
            }
        }
        return Optional.empty();
    }

    /** The metadata store's topics as the group coordinator reads them (in-memory copies, non-blocking). */
    private static TopicsImage topicsImage(MetadataStore store) {
        return new TopicsImage() {
            @Override
            public Map<String, Topic> topics() {
                Map<String, Topic> out = new HashMap<>();
                store.topics().forEach((name, t) -> out.put(name, topic(t)));
                return out;
            }

            @Override
            public Topic topic(String name) {
                return store.topic(name).map(t -> topic(t)).orElse(null);
            }

            @Override
            public Topic topicById(Uuid id) {
                return store.topicById(id).map(t -> topic(t)).orElse(null);
            }

            private Topic topic(TopicMetadata t) {
                return new Topic(t.topicId(), t.name(), t.partitionCount());
            }
        };
    }

    /** The port the first listener is bound to. */
    public synchronized int port() {
        return socketServer.port();
    }

    /** The port the listener named {@code listenerName} is bound to. */
    public synchronized int port(String listenerName) {
        return socketServer.port(listenerName);
    }

    public synchronized BrokerContext context() {
        return context;
    }

    /** Users', client ids' and IPs' configs (quotas, SCRAM credentials), started with the broker. */
    public synchronized EntityConfigs entityConfigs() {
        return entityConfigs;
    }

    /** The running log cleaner (for tests and tools); empty with {@code log.cleaner.enable=false}. */
    public synchronized Optional<LogCleaner> logCleaner() {
        return Optional.ofNullable(logCleaner);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Shutting down broker {}", config.brokerId());
        controlledShutdown();
        closeQuietly("controller", controller);
        closeQuietly("listener", socketServer);
        closeQuietly("replica fetchers", fetcherManager);
        closeQuietly("transaction marker client", markerClient);
        closeQuietly("transaction verification client", verifyClient);
        if (blockingExecutor != null) {
            blockingExecutor.shutdown();
            try {
                blockingExecutor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fetchCompletionExecutor != null) {
            fetchCompletionExecutor.shutdownNow();
        }
        closeQuietly("transaction coordinator", transactionCoordinator);
        closeQuietly("group coordinator", groupCoordinator);
        closeQuietly("authorizer", authorizer);
        closeQuietly("TLS reconfiguration", tlsReconfiguration);
        closeQuietly("client quotas", clientQuotas);
        closeQuietly("entity configs", entityConfigs);
        closeQuietly("metadata store", metadata);
        // Before the logs close: a clean swapping segments in needs its log open.
        closeQuietly("log cleaner reconfiguration", cleanerReconfiguration);
        closeQuietly("log cleaner", logCleaner);
        closeQuietly("log manager", logManager);
        closeQuietly("scheduler", scheduler);
        closeQuietly("delay timer", delayTimer);
        closeQuietly("embedded ZooKeeper", embeddedZk);
        log.info("Broker {} shut down", config.brokerId());
    }

    private static void closeQuietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Error closing {}", what, e);
        }
    }
}
