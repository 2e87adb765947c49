package io.samsa.metadata;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.SessionTracker;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper server inside this JVM: the single-node default, and the test fixture.
 *
 * <p>On disk: {@code <dataDir>/version-2/} holds the snapshots ({@code snapshot.<zxid>}) and transaction logs
 * ({@code log.<zxid>}), exactly as a standalone ZooKeeper with {@code dataDir} set and no {@code dataLogDir}.
 * A server started again on the same directory replays them, so the cluster keeps its topics, configs and
 * cluster id. Nothing purges old snapshots and logs yet (ZooKeeper's {@code autopurge} is not run).
 *
 * <p>Crash behaviour: ZooKeeper fsyncs its transaction log before acknowledging a write, so an acknowledged
 * write survives a crash; a torn last log entry is discarded on replay. Sessions do not survive a restart:
 * clients reconnect and find their sessions expired, and their ephemeral znodes gone.
 *
 * <p>Not started here: the AdminServer (Jetty on port 8080), which {@code ZooKeeperServerMain} would start,
 * and the container manager, so container znodes are never reaped (Samsa creates none). Four-letter words are
 * limited to {@code srvr} and {@code ruok} unless {@code zookeeper.4lw.commands.whitelist} says otherwise.
 *
 * <p>Lifecycle {@code LATENT → STARTED → CLOSED}; a closed server cannot be restarted: create a new one on the
 * same directory. Thread-safe.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    /** ZooKeeper's usual tick; sessions may last 2 to 20 ticks (4 s to 40 s). */
    public static final int TICK_TIME_MS = 2_000;
    static final int JUTE_MAX_BUFFER_BYTES = 16 * 1024 * 1024;
    /**
     * Connections per client IP. All brokers and tools on one host share 127.0.0.1, and each broker holds a
     * session, so ZooKeeper's default of 60 is too tight for tests running several clusters.
     */
    public static final int MAX_CLIENT_CNXNS = 1_000;

    static {
        // Only defaults: an operator's -D wins. These are read by ZooKeeper statics, so must be set early.
        setIfAbsent("zookeeper.admin.enableServer", "false");
        setIfAbsent("zookeeper.4lw.commands.whitelist", "srvr,ruok");
        // Total connection limit; 0 = unlimited. Set so ZooKeeper does not warn that it is unconfigured.
        setIfAbsent("zookeeper.maxCnxns", "0");
    }

    private final File dataDir;
    private final String host;
    private final int requestedPort;
    private final int tickTimeMs;
    private final AtomicReference<LifecycleState> state = new AtomicReference<>(LifecycleState.LATENT);
    private ZooKeeperServer server;
    private ServerCnxnFactory connections;
    private FileTxnSnapLog txnLog;
    private volatile int port = -1;

    /**
     * @param dataDir where snapshots and transaction logs live; created if absent
     * @param host    address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port    port to bind; 0 picks a free one, see {@link #port()}
     */
    public EmbeddedZooKeeper(File dataDir, String host, int port) {
        this(dataDir, host, port, TICK_TIME_MS);
    }

    /**
     * As {@link #EmbeddedZooKeeper(File, String, int)} with another tick. Tests use a short one: sessions may
     * then time out sooner (2 to 20 ticks), and close() is quicker (it waits up to a tick for the session
     * tracker thread).
     */
    public EmbeddedZooKeeper(File dataDir, String host, int port, int tickTimeMs) {
        if (tickTimeMs <= 0) {
            throw new IllegalArgumentException("Invalid ZooKeeper tick time " + tickTimeMs);
        }
        this.tickTimeMs = tickTimeMs;
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Invalid ZooKeeper port " + port);
        }
        this.requestedPort = port;
    }

    /**
     * Loads the data directory and starts serving.
     *
     * @throws IOException if the directory cannot be used or the address cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() throws IOException {
        if (!state.compareAndSet(LifecycleState.LATENT, LifecycleState.STARTED)) {
            throw new IllegalStateException("Cannot start an EmbeddedZooKeeper that is " + state.get());
        }
        boolean started = false;
        try {
            raiseRequestSizeLimit();
            txnLog = new FileTxnSnapLog(dataDir, dataDir);
            server = new ZooKeeperServer(txnLog, tickTimeMs, "");
            connections = new NIOServerCnxnFactory();
            connections.configure(new InetSocketAddress(host, requestedPort), MAX_CLIENT_CNXNS, -1, false);
            connections.startup(server);
            closeSessionsOfEarlierIncarnations();
            port = connections.getLocalPort();
            started = true;
            LOG.info("Embedded ZooKeeper serving {}:{} from {}", host, port, dataDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while starting ZooKeeper");
        } finally {
            if (!started) {
                state.set(LifecycleState.CLOSED);
                shutdown();
            }
        }
    }

    /**
     * ZooKeeper restores sessions from its snapshot and keeps them, with their ephemeral znodes, until their timeout
     * passes. Every session restored here belongs to a client of the previous process: after a crash, the broker
     * that owned this ZooKeeper is that client, and its stale {@code /brokers/ids/<id>} would block its own restart
     * for a whole session timeout (Kafka with ZooKeeper refuses to start in that case, KAFKA-7165). Closing them
     * now removes their ephemerals; a live client of the old incarnation, if any, sees its session expire and
     * re-registers. Standalone ZooKeeper processes requests in order, so the closes complete before any later request.
     */
    private void closeSessionsOfEarlierIncarnations() {
        for (Long sessionId : java.util.List.copyOf(server.getZKDatabase().getSessions())) {
            LOG.info("Closing session 0x{} restored from an earlier run", Long.toHexString(sessionId));
            server.closeSession(sessionId);
        }
    }

    /**
     * A topic is created in one ZooKeeper transaction, about 265 bytes per partition, and ZooKeeper refuses requests
     * over {@code jute.maxbuffer} (1 MiB by default): about 3,900 partitions. Kafka clusters create 10,000-partition
     * topics, so the embedded server (and the client in this JVM) accept 16 MiB unless the operator set a value. The
     * property is read once, when ZooKeeper's classes load, which is why it is set before the server is built.
     * An external ZooKeeper needs the same setting on its side.
     */
    private static void raiseRequestSizeLimit() {
        if (System.getProperty("jute.maxbuffer") == null) {
            System.setProperty("jute.maxbuffer", Integer.toString(JUTE_MAX_BUFFER_BYTES));
        }
    }

    /** The bound port; valid once started. */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("EmbeddedZooKeeper is not started");
        }
        return port;
    }

    /** {@code 127.0.0.1:<port>}, for {@code zookeeper.connect} (append a chroot if wanted). */
    public String connectString() {
        return "127.0.0.1:" + port();
    }

    public File dataDir() {
        return dataDir;
    }

    /**
     * Stops serving, closes every client connection (their sessions are not expired: a server started again on
     * the same directory restores them until they time out), releases the port and waits for ZooKeeper's
     * threads. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state.getAndSet(LifecycleState.CLOSED) != LifecycleState.STARTED) {
            return;
        }
        shutdown();
        LOG.info("Embedded ZooKeeper on port {} stopped", port);
    }

    private void shutdown() {
        if (connections != null) {
            connections.shutdown(); // closes the listening socket and the connections, stops its threads
            try {
                connections.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            SessionTracker tracker = server.getSessionTracker();
            server.shutdown(true);
            if (tracker instanceof Thread thread) {
                // It only notices the shutdown on its next tick.
                try {
                    thread.join(2L * tickTimeMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (txnLog != null) {
            try {
                txnLog.close();
            } catch (IOException e) {
                LOG.warn("Failed to close ZooKeeper transaction log in {}", dataDir, e);
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
