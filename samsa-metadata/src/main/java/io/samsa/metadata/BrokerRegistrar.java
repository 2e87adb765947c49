package io.samsa.metadata;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.DuplicateBrokerRegistrationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker's ephemeral registration {@code /brokers/ids/<id>} in place for as long as the store runs.
 *
 * <p>The znode belongs to the ZooKeeper session that created it and vanishes when that session ends; its czxid
 * is the broker epoch. After a session expiry Curator reports {@link ConnectionState#RECONNECTED} with a new
 * session; the registrar then re-creates the znode (a new broker epoch, which the controller treats as a bounce).
 * It also re-creates it if a watch reports it deleted while the session lives (an operator's {@code delete}): the
 * metadata cache's, or its own on the znode, which also catches a deletion the cache never saw.
 * Re-registration runs on its own thread ({@code samsa-broker-registrar}), never on Curator's, and retries every
 * {@link #RETRY_MS} ms while ZooKeeper is unreachable or while the old session's znode is still there.
 *
 * <p>Start-up after {@code kill -9}: the previous process's session outlives it by up to
 * {@code zookeeper.session.timeout.ms}, and so does its znode. A supervisor restarts a broker at once, so the
 * first {@link #register} waits, with one INFO line, until that znode is gone (a watch wakes it) for up to the
 * session timeout plus {@link #PREVIOUS_SESSION_MARGIN_MS}, measured with the injected {@link Time}. Only a znode
 * still held after that belongs to another live broker with the same id: {@link DuplicateBrokerRegistrationException}.
 *
 * <p>A re-registration writes the same registration, {@code samsa_clean_start} included: the controller may not
 * have seen the first one, and a stale ELR membership from before an unclean start must still be dropped.
 *
 * <p>Crash behaviour: none to handle; a crashed broker's znode goes when its session times out. Thread-safe.
 */
final class BrokerRegistrar implements ConnectionStateListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistrar.class);
    static final long RETRY_MS = 500;
    /**
     * Slack on top of the session timeout when waiting for a previous session to end: ZooKeeper expires sessions
     * in tick-sized buckets, rounding the deadline up to a tick and checking once per tick, so an expired
     * session's znodes can outlive the timeout by up to two ticks (ZooKeeper's default tickTime is 3 s).
     */
    static final long PREVIOUS_SESSION_MARGIN_MS = 6_000;

    private final CuratorFramework client;
    private final Time time;
    private final long sessionTimeoutMs;
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
    /** Notified when a watched previous registration changes, and on close. */
    private final Object previousSessionMonitor = new Object();
    /** One watcher object, so ZooKeeper keeps one watch however often it is set. */
    private final Watcher ownZnodeWatch = event -> {
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            scheduleCheck(0);
        }
    };
    private BrokerRegistration registration;
    private boolean retryScheduled;
    private volatile boolean closed;
    /** The last conflict logged at ERROR, so a retry loop logs each conflict once. Registrar thread only. */
    private String lastConflict;

    BrokerRegistrar(CuratorFramework client, Time time, long sessionTimeoutMs, ZkMetadataCache cacheForUpdates) {
        this.client = client;
        this.time = time;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.cacheForUpdates = cacheForUpdates;
    }

    /**
     * Registers {@code broker} and keeps it registered; waits for a previous session's registration of the same
     * id to expire (see the class doc).
     *
     * @return the registration with its broker epoch
     * @throws DuplicateBrokerRegistrationException if another session still holds this broker id after the wait
     * @throws IllegalStateException if this store already registered a different broker id
     */
    BrokerRegistration register(BrokerRegistration broker) {
        synchronized (zkLock) {
            synchronized (lock) {
                if (registration != null && registration.brokerId() != broker.brokerId()) {
                    throw new IllegalStateException("This store already registered broker.id "
                        + registration.brokerId() + "; cannot also register " + broker.brokerId());
                }
            }
            Stat stat = ensureRegistered(broker, true);
            synchronized (lock) {
                registration = broker;
            }
            // A deletion seen by the watch before the registration was recorded here was not acted on: look once.
            scheduleCheck(0);
            return broker.withEpoch(stat.getCzxid());
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
                ensureRegistered(broker, false);
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

    /**
     * Creates the znode, or checks that this session already owns it and its data is current.
     *
     * @param waitForPreviousSession whether a znode held by another session is waited for (start-up) rather than
     *                               reported at once (re-registration, which retries by itself)
     * @return the znode's Stat as this session holds it
     */
    private Stat ensureRegistered(BrokerRegistration broker, boolean waitForPreviousSession) {
        String path = ZkPaths.broker(broker.brokerId());
        String what = "registering broker.id " + broker.brokerId() + " at " + path;
        return ZkErrors.call(what, () -> {
            long deadline = -1;
            long waitStart = -1;
            while (true) {
                byte[] data = BrokerIdZNode.encode(broker, time.milliseconds());
                Stat created = new Stat();
                try {
                    client.create().storingStatIn(created).withMode(CreateMode.EPHEMERAL).forPath(path, data);
                    if (waitStart >= 0) {
                        LOG.info("The previous registration of broker.id {} is gone after {} ms; registered",
                            broker.brokerId(), time.milliseconds() - waitStart);
                    }
                    LOG.info("Registered broker.id {} at {} with broker epoch {}", broker.brokerId(), path,
                        created.getCzxid());
                    applyLocally(broker, created);
                    return watched(path, created);
                } catch (KeeperException.NodeExistsException e) {
                    Stat existing = new Stat();
                    byte[] current;
                    try {
                        current = client.getData().storingStatIn(existing).forPath(path);
                    } catch (KeeperException.NoNodeException gone) {
                        continue; // the old owner's session just ended
                    }
                    long session = client.getZookeeperClient().getZooKeeper().getSessionId();
                    if (existing.getEphemeralOwner() == session) {
                        return watched(path, updateIfChanged(broker, path, current, existing));
                    }
                    if (!waitForPreviousSession) {
                        throw duplicate(broker, path, existing.getEphemeralOwner(), session, "");
                    }
                    if (deadline < 0) {
                        long waitMs = previousSessionWaitMs();
                        waitStart = time.milliseconds();
                        deadline = waitStart + waitMs;
                        LOG.info("broker.id {} is still registered at {} by ZooKeeper session 0x{}, probably this "
                                + "broker's previous run, which did not shut down cleanly. Waiting up to {} ms "
                                + "(zookeeper.session.timeout.ms plus {} ms) for that session to expire",
                            broker.brokerId(), path, Long.toHexString(existing.getEphemeralOwner()), waitMs,
                            PREVIOUS_SESSION_MARGIN_MS);
                    }
                    if (closed || !awaitDeletion(path, existing.getEphemeralOwner(), deadline)) {
                        throw duplicate(broker, path, existing.getEphemeralOwner(), session,
                            " and still was after waiting " + (time.milliseconds() - waitStart) + " ms");
                    }
                }
            }
        });
    }

    /**
     * Sets this registrar's own watch on its znode, so that a deletion is seen even when the metadata cache never
     * saw the znode (deleted right after it was created, before the cache's watch caught up). Gone already: check
     * again at once.
     */
    private Stat watched(String path, Stat stat) throws Exception {
        if (client.checkExists().usingWatcher(ownZnodeWatch).forPath(path) == null) {
            scheduleCheck(0);
        }
        return stat;
    }

    private Stat updateIfChanged(BrokerRegistration broker, String path, byte[] current, Stat existing)
        throws Exception {
        if (BrokerIdZNode.decode(broker.brokerId(), current).sameRegistrationAs(broker)) {
            return existing;
        }
        Stat updated = client.setData().withVersion(existing.getVersion())
            .forPath(path, BrokerIdZNode.encode(broker, time.milliseconds()));
        applyLocally(broker, updated);
        return updated;
    }

    /** The negotiated session timeout may exceed the configured one (the server's minimum is two ticks). */
    private long previousSessionWaitMs() throws Exception {
        int negotiated = client.getZookeeperClient().getZooKeeper().getSessionTimeout();
        return Math.max(sessionTimeoutMs, negotiated) + PREVIOUS_SESSION_MARGIN_MS;
    }

    /**
     * Waits until the znode at {@code path}, owned by {@code owner}, is deleted or changes owner, or until
     * {@code deadline} on the injected clock. Returns false if the deadline passed first.
     */
    private boolean awaitDeletion(String path, long owner, long deadline) throws Exception {
        AtomicBoolean changed = new AtomicBoolean();
        Watcher wake = event -> {
            changed.set(true);
            synchronized (previousSessionMonitor) {
                previousSessionMonitor.notifyAll();
            }
        };
        Stat stat = client.checkExists().usingWatcher(wake).forPath(path);
        if (stat == null || stat.getEphemeralOwner() != owner) {
            return true;
        }
        try {
            time.waitObject(previousSessionMonitor, () -> changed.get() || closed, deadline);
            return !closed;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("Interrupted while waiting for a previous registration at " + path, e);
        }
    }

    private static DuplicateBrokerRegistrationException duplicate(BrokerRegistration broker, String path, long owner,
                                                                  long session, String detail) {
        return new DuplicateBrokerRegistrationException("broker.id " + broker.brokerId()
            + " is already registered at " + path + " by another live ZooKeeper session 0x"
            + Long.toHexString(owner) + " (this session is 0x" + Long.toHexString(session) + ")" + detail);
    }

    private void applyLocally(BrokerRegistration broker, Stat stat) {
        cacheForUpdates.apply(List.of(ZkMetadataCache.Write.of(new ZkPaths.BrokerRef(broker.brokerId()),
            broker.withEpoch(stat.getCzxid()), stat)));
    }

    /** Stops re-registering and wakes a waiting {@link #register}. The znode goes when the store closes its session. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        synchronized (previousSessionMonitor) {
            previousSessionMonitor.notifyAll();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
