package io.samsa.testkit.process;

import static org.awaitility.Awaitility.await;

import io.samsa.testkit.ClientFactory;
import io.samsa.testkit.proxy.ClientIdClassifier;
import io.samsa.testkit.proxy.ConnectionClassifier;
import io.samsa.testkit.proxy.FaultNetwork;
import io.samsa.testkit.proxy.Node;
import io.samsa.testkit.proxy.TcpProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * A cluster of separate processes started from the built distribution as a user would: one ZooKeeper
 * ({@code bin/samsa-zookeeper}) and N brokers ({@code bin/samsa-server}, ids 0..N-1), every connection between them
 * and from clients going through a {@link FaultNetwork} the test controls. Each broker advertises its front proxy
 * and reaches ZooKeeper through a proxy of its own:
 *
 * <pre>
 *   clients, other brokers ──▶ front proxy of b ──▶ broker b ──▶ ZooKeeper proxy of b ──▶ ZooKeeper
 * </pre>
 *
 * Everything lives under one directory: {@code zookeeper/} and {@code broker-<id>/} (log dir {@code data/}, output
 * {@code broker.log}). Every wait is bounded ({@link ProcessClusterConfig}); every process is killed when the test
 * JVM exits, even if {@link #close()} is never called.
 *
 * <p>Not thread-safe: one test thread drives it. The {@link #network()} and {@link #clients()} it hands out are
 * thread-safe.
 */
public final class ProcessCluster implements AutoCloseable {
    private final ProcessClusterConfig config;
    private final FaultNetwork network = new FaultNetwork();
    private final ClientFactory clients = new ClientFactory(this::bootstrap);
    private final List<BrokerProcess> brokers = new ArrayList<>();
    private ZooKeeperProcess zooKeeper;

    private ProcessCluster(ProcessClusterConfig config) {
        this.config = config;
    }

    /** Starts ZooKeeper, the proxies and every broker, and waits until every broker sees all of them. */
    public static ProcessCluster start(ProcessClusterConfig config) throws Exception {
        ProcessCluster cluster = new ProcessCluster(config);
        try {
            cluster.startAll();
        } catch (Exception | Error e) {
            String logs = cluster.logTails(40);
            cluster.close();
            throw new IllegalStateException("the cluster did not start; the ends of its logs:\n" + logs, e);
        }
        return cluster;
    }

    private void startAll() throws Exception {
        Distribution distribution = Distribution.locate();
        zooKeeper = new ZooKeeperProcess(distribution, config.dir().resolve("zookeeper"), config.zooKeeperTickMs(),
                Map.of("SAMSA_ZK_HEAP_OPTS", "-Xms32m -Xmx128m",
                        "SAMSA_ZK_OPTS", "-Djute.maxbuffer=16777216 " + config.jvmOptions(),
                        "SAMSA_LOG_LEVEL", config.logLevel()));
        zooKeeper.start(config.startTimeout());
        Map<String, String> env = Map.of("SAMSA_HEAP_OPTS", config.brokerHeapOptions(),
                "SAMSA_JVM_OPTS", config.jvmOptions(), "SAMSA_LOG_LEVEL", config.logLevel());
        // The brokers' own ports stay bound here while the proxies take ephemeral ports, so no proxy gets one.
        try (FreePorts.Held ports = FreePorts.hold(config.brokers())) {
            for (int id = 0; id < config.brokers(); id++) {
                int port = ports.ports().get(id);
                TcpProxy front = network.startProxy(Node.broker(id), port, new ClientIdClassifier());
                TcpProxy zk = network.startProxy(Node.ZOOKEEPER, zooKeeper.port(),
                        ConnectionClassifier.fixed(Node.broker(id)));
                Map<String, String> overrides = new HashMap<>(defaultBrokerConfig());
                overrides.putAll(config.brokerConfig());
                overrides.putAll(config.brokerConfig(id));
                brokers.add(new BrokerProcess(id, distribution, config.dir().resolve("broker-" + id), port, front,
                        zk, overrides, env));
            }
        }
        for (BrokerProcess b : brokers) {
            b.start();
        }
        awaitFormed();
    }

    private Map<String, String> defaultBrokerConfig() {
        int rf = Math.min(3, config.brokers());
        return Map.of(
                "offsets.topic.replication.factor", Integer.toString(rf),
                "transaction.state.log.replication.factor", Integer.toString(rf),
                "transaction.state.log.min.isr", Integer.toString(Math.min(2, rf)),
                // ZooKeeper allows 2..20 ticks; a few seconds lets fault tests see a session expire.
                "zookeeper.session.timeout.ms", Integer.toString(12 * config.zooKeeperTickMs()));
    }

    public int size() {
        return brokers.size();
    }

    public BrokerProcess broker(int id) {
        return brokers.get(id);
    }

    public List<BrokerProcess> brokers() {
        return List.copyOf(brokers);
    }

    public ZooKeeperProcess zooKeeper() {
        return zooKeeper;
    }

    /** The proxies between every node: cut, heal, delay here. */
    public FaultNetwork network() {
        return network;
    }

    /** Kafka clients bootstrapped on every broker's advertised (proxied) address. */
    public ClientFactory clients() {
        return clients;
    }

    /** Every broker's advertised address, running or not: a client needs only one to answer. */
    public String bootstrap() {
        StringJoiner j = new StringJoiner(",");
        brokers.forEach(b -> j.add(b.advertisedAddress()));
        return j.toString();
    }

    /** The ids of the brokers whose process runs. */
    public Set<Integer> running() {
        Set<Integer> ids = new TreeSet<>();
        brokers.stream().filter(BrokerProcess::isAlive).forEach(b -> ids.add(b.id()));
        return ids;
    }

    /** Waits until every running broker's Metadata lists every running broker. */
    public void awaitFormed() {
        Set<Integer> ids = running();
        for (int id : ids) {
            brokers.get(id).awaitSeeing(ids, config.startTimeout());
        }
    }

    /** {@code kill -9} of broker {@code id}. */
    public void kill(int id) throws InterruptedException {
        brokers.get(id).kill();
    }

    /** A clean stop (SIGTERM) of broker {@code id}, bounded by the stop timeout; true if it exited on its own. */
    public boolean stop(int id) throws InterruptedException {
        return brokers.get(id).stop(config.stopTimeout());
    }

    /** Starts broker {@code id} and waits until it serves and every running broker sees it. */
    public void start(int id) throws IOException {
        BrokerProcess b = brokers.get(id);
        b.start();
        b.awaitServing(config.startTimeout());
        awaitFormed();
    }

    /** A clean stop, then a start: one step of a rolling restart. True if the stop was clean. */
    public boolean restart(int id) throws Exception {
        boolean clean = stop(id);
        start(id);
        return clean;
    }

    /**
     * Waits until no running broker lists broker {@code id} any more: after {@code kill -9}, that is when its
     * ZooKeeper session has expired.
     */
    public void awaitDeregistered(int id) {
        await("broker " + id + " gone from every running broker's Metadata")
                .atMost(config.startTimeout()).pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (BrokerProcess b : brokers) {
                        Optional<Set<Integer>> known = b.isAlive() && b.id() != id ? b.knownBrokers()
                                : Optional.of(Set.of());
                        if (known.isEmpty() || known.get().contains(id)) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** The last {@code lines} lines of every process's output, for a failure message. */
    public String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        if (zooKeeper != null) {
            b.append("--- zookeeper ---\n").append(zooKeeper.logTail(lines)).append('\n');
        }
        for (BrokerProcess broker : brokers) {
            b.append("--- ").append(broker).append(" ---\n").append(broker.logTail(lines)).append('\n');
        }
        return b.append("(whole logs under ").append(config.dir()).append(")\n").toString();
    }

    public Path dir() {
        return config.dir();
    }

    /**
     * Closes the clients, stops every broker (SIGTERM to all at once, each killed if it outlasts the stop timeout),
     * then ZooKeeper and the proxies.
     */
    @Override
    public void close() throws InterruptedException {
        clients.close();
        network.healAll();
        brokers.forEach(BrokerProcess::signalStop);
        for (BrokerProcess b : brokers) {
            b.stop(config.stopTimeout());
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        network.close();
    }
}
