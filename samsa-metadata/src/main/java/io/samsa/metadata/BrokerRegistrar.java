package io.samsa.metadata;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker's ephemeral registration {@code /brokers/ids/<id>} in place for as long as the store runs.
 *
 * <p>The znode belongs to the ZooKeeper session that created it and vanishes when that session ends. After a
 * session expiry Curator reports {@link ConnectionState#RECONNECTED} with a new session; the registrar then
 * re-creates the znode. It also re-creates it if a watch reports it deleted while the session lives (an
 * operator's {@code delete}). Re-registration runs on its own thread ({@code samsa-broker-registrar}), never on
 * Curator's, and retries every {@link #RETRY_MS} ms while ZooKeeper is unreachable or while the old session's
 * znode is still there (the server may not have expired the old session yet).
 *
 * <p>A znode owned by another live session means another broker has this {@code broker.id}: the first
 * {@link #register} fails with {@link DuplicateBrokerRegistrationException}; a re-registration keeps retrying
 * and logs an error each time, since the other session may be this broker's own, not yet expired.
 *
 * <p>Crash behaviour: none to handle; a crashed broker's znode goes when its session times out, which is also
 * how long a quickly restarted broker with the same id is refused. Thread-safe.
 */
final class BrokerRegistrar implements ConnectionStateListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistrar.class);
    static final long RETRY_MS = 500;

    private final CuratorFramework client;
    private final Time time;
    private final ZkMetadataCache cacheForUpdates;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "samsa-broker-registrar");
        t.setDaemon(true);
        return t;
    });
    /** Guards the fields below; held briefly, never across a ZooKeeper call. */
    private final Object lock = new Object();
    /** Serializes the create-or-check sequence (ZooKeeper calls) between the caller and the retry thread. */
    private final Object zkLock = new Object();
    private BrokerRegistration registration;
    private boolean retryScheduled;
    private boolean closed;
    /** The last conflict logged at ERROR, so a retry loop logs each conflict once. Registrar thread only. */
    private String lastConflict;

    BrokerRegistrar(CuratorFramework client, Time time, ZkMetadataCache cacheForUpdates) {
        this.client = client;
        this.time = time;
        this.cacheForUpdates = cacheForUpdates;
    }

    /**
     * Registers {@code broker} and keeps it registered.
     *
     * @throws DuplicateBrokerRegistrationException if another live session holds this broker id
     * @throws IllegalStateException if this store already registered a different broker id
     */
    void register(BrokerRegistration broker) {
        synchronized (zkLock) {
            synchronized (lock) {
                if (registration != null && registration.brokerId() != broker.brokerId()) {
                    throw new IllegalStateException("This store already registered broker.id "
                        + registration.brokerId() + "; cannot also register " + broker.brokerId());
                }
            }
            ensureRegistered(broker);
            synchronized (lock) {
                registration = broker;
            }
        }
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        if (newState == ConnectionState.RECONNECTED) {
            scheduleCheck(0);
        }
    }

    /** A watch saw {@code /brokers/ids/<brokerId>} deleted. */
    void onRegistrationDeleted(int brokerId) {
        BrokerRegistration current;
        synchronized (lock) {
            current = registration;
        }
        if (current != null && current.brokerId() == brokerId) {
            scheduleCheck(0);
        }
    }

    private void scheduleCheck(long delayMs) {
        synchronized (lock) {
            if (closed || registration == null || retryScheduled) {
                return;
            }
            try {
                scheduler.schedule(this::recheck, delayMs, TimeUnit.MILLISECONDS);
                retryScheduled = true;
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void recheck() {
        synchronized (lock) {
            retryScheduled = false;
        }
        int brokerId = -1;
        try {
            synchronized (zkLock) {
                BrokerRegistration broker;
                synchronized (lock) {
                    if (closed || registration == null) {
                        return;
                    }
                    broker = registration;
                }
                brokerId = broker.brokerId();
                ensureRegistered(broker);
            }
        } catch (DuplicateBrokerRegistrationException e) {
            if (!e.getMessage().equals(lastConflict)) {
                LOG.error("Cannot re-register: {}. Retrying every {} ms until that session ends", e.getMessage(),
                    RETRY_MS);
                lastConflict = e.getMessage();
            }
            scheduleCheck(RETRY_MS);
        } catch (KafkaException e) {
            LOG.warn("Cannot re-register broker.id {} yet: {}. Retrying in {} ms", brokerId, e.getMessage(),
                RETRY_MS);
            scheduleCheck(RETRY_MS);
        }
    }

    /** Creates the znode, or checks that this session already owns it and its data is current. */
    private void ensureRegistered(BrokerRegistration broker) {
        String path = ZkPaths.broker(broker.brokerId());
        String what = "registering broker.id " + broker.brokerId() + " at " + path;
        ZkErrors.call(what, () -> {
            for (int attempt = 0; ; attempt++) {
                byte[] data = BrokerIdZNode.encode(broker, time.milliseconds());
                Stat created = new Stat();
                try {
                    client.create().storingStatIn(created).withMode(CreateMode.EPHEMERAL).forPath(path, data);
                    LOG.info("Registered broker.id {} at {}", broker.brokerId(), path);
                    applyLocally(broker, created);
                    return null;
                } catch (KeeperException.NodeExistsException e) {
                    Stat existing = new Stat();
                    byte[] current;
                    try {
                        current = client.getData().storingStatIn(existing).forPath(path);
                    } catch (KeeperException.NoNodeException gone) {
                        if (attempt < 3) {
                            continue; // the old owner's session just ended
                        }
                        throw gone;
                    }
                    long session = client.getZookeeperClient().getZooKeeper().getSessionId();
                    if (existing.getEphemeralOwner() != session) {
                        throw new DuplicateBrokerRegistrationException("broker.id " + broker.brokerId()
                            + " is already registered at " + path + " by another live ZooKeeper session 0x"
                            + Long.toHexString(existing.getEphemeralOwner()) + " (this session is 0x"
                            + Long.toHexString(session) + ")");
                    }
                    if (!BrokerIdZNode.decode(broker.brokerId(), current).equals(broker)) {
                        Stat updated = client.setData().withVersion(existing.getVersion()).forPath(path, data);
                        applyLocally(broker, updated);
                    }
                    return null;
                }
            }
        });
    }

    private void applyLocally(BrokerRegistration broker, Stat stat) {
        cacheForUpdates.apply(List.of(new ZkMetadataCache.Write(new ZkPaths.BrokerRef(broker.brokerId()), broker,
            stat.getCzxid(), stat.getMzxid())));
    }

    /** Stops re-registering. The znode itself goes when the store closes its session. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
