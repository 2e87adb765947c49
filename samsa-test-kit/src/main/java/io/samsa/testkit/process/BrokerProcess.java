package io.samsa.testkit.process;

import static org.awaitility.Awaitility.await;

import io.samsa.testkit.proxy.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One broker of a {@link ProcessCluster}, run as a user would: {@code bin/samsa-server config/server.properties
 * --override key=value ...}, its own JVM. It listens on a port of its own, fixed for its life, and advertises its
 * front proxy instead, so every client and every other broker reaches it through the {@code FaultNetwork}; it
 * reaches ZooKeeper through a proxy of its own. Its log dir is {@code <dir>/data}; every start appends its output
 * to {@code <dir>/broker.log}.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class BrokerProcess {
    private final int id;
    private final Distribution distribution;
    private final Path dir;
    private final int port;
    private final TcpProxy front;
    private final TcpProxy zooKeeperProxy;
    private final Map<String, String> config;
    private final Map<String, String> env;
    private ChildProcess process;
    private int starts;

    BrokerProcess(int id, Distribution distribution, Path dir, int port, TcpProxy front, TcpProxy zooKeeperProxy,
                  Map<String, String> overrides, Map<String, String> env) {
        this.id = id;
        this.distribution = distribution;
        this.dir = dir;
        this.port = port;
        this.front = front;
        this.zooKeeperProxy = zooKeeperProxy;
        this.env = env;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("broker.id", Integer.toString(id));
        c.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + front.port());
        c.put("log.dirs", logDir().toString());
        c.put("zookeeper.connect", zooKeeperProxy.address());
        c.putAll(overrides);
        this.config = Map.copyOf(c);
    }

    public int id() {
        return id;
    }

    /** The port the broker itself listens on; only the harness's probes use it. */
    public int port() {
        return port;
    }

    /** Where clients and other brokers reach it: its front proxy. */
    public String advertisedAddress() {
        return front.address();
    }

    /** The broker's log dir (its partitions' directories). */
    public Path logDir() {
        return dir.resolve("data");
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /** The broker's settings as passed with --override, on top of config/server.properties. */
    public Map<String, String> config() {
        return config;
    }

    /** Starts the process without waiting for it to serve. */
    public void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException("broker " + id + " is running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of("bash", distribution.script("samsa-server").toString(),
                distribution.config("server.properties").toString()));
        config.forEach((k, v) -> {
            command.add("--override");
            command.add(k + "=" + v);
        });
        starts++;
        process = ChildProcess.start(command, env, dir, logFile());
    }

    /**
     * Waits until the broker accepts connections on its own port, or {@code timeout} passes; fails at once if the
     * process exits meanwhile. It may not have registered yet: {@link #awaitServing} waits for that.
     */
    public void awaitListening(Duration timeout) {
        ChildProcess p = process;
        await("broker " + id + " listening on " + port).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    checkRunning(p);
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private void checkRunning(ChildProcess p) {
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("broker " + id + " is not running"
                    + (p == null ? "" : " (exit status " + p.exitValue() + ")") + "; its log ends:\n"
                    + logTail(60));
        }
    }

    /**
     * Waits until the broker answers Metadata on its own port with itself registered, or {@code timeout} passes.
     * Fails at once, with the end of its log, if the process exits meanwhile.
     */
    public void awaitServing(Duration timeout) {
        // The broker logs this line once registered in ZooKeeper. A broker restarted after kill -9 serves Metadata
        // (and other brokers still list its previous registration) while it waits for its old session to expire;
        // it is not part of the cluster until it registers again.
        String started = "Samsa broker " + id + " started";
        ChildProcess p = process;
        await("broker " + id + " registered (start " + starts + ")").atMost(timeout)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    checkRunning(p);
                    return occurrences(log(), started) >= starts;
                });
        awaitSeeing(Set.of(id), timeout);
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** Waits until the broker's Metadata lists at least the brokers {@code ids}. */
    public void awaitSeeing(Set<Integer> ids, Duration timeout) {
        ChildProcess p = process;
        await("broker " + id + " serving Metadata with brokers " + ids).atMost(timeout)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    checkRunning(p);
                    return knownBrokers().map(known -> known.containsAll(ids)).orElse(false);
                });
    }

    /** The brokers this broker's Metadata lists now, asked past the proxy; empty when it does not answer. */
    public Optional<Set<Integer>> knownBrokers() {
        return MetadataProbe.brokers(port);
    }

    /** Partition → what this broker believes about it (leader, ISR), for {@code topic}; asked past the proxy. */
    public Optional<Map<Integer, PartitionView>> partitions(String topic) {
        return MetadataProbe.partitions(port, topic);
    }

    /** {@code kill -9}: no shutdown hook, no flush, no deregistration. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        if (isAlive()) {
            process.kill();
        }
    }

    /**
     * A clean stop: SIGTERM, then waits up to {@code patience} for the broker to exit, and kills it if it does not.
     *
     * @return true if it exited on its own within {@code patience}
     */
    public boolean stop(Duration patience) throws InterruptedException {
        return process == null || process.terminate(patience);
    }

    void signalStop() {
        if (isAlive()) {
            process.signalTerminate();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** How many times this broker was started. */
    public int starts() {
        return starts;
    }

    /** The broker's output, every start of it. */
    public String log() {
        return LogFiles.read(logFile());
    }

    public String logTail(int lines) {
        return LogFiles.tail(logFile(), lines);
    }

    /** The proxy in front of this broker. */
    public TcpProxy frontProxy() {
        return front;
    }

    /** The proxy this broker reaches ZooKeeper through. */
    public TcpProxy zooKeeperProxy() {
        return zooKeeperProxy;
    }

    @Override
    public String toString() {
        return "broker " + id + " (port " + port + ", advertised " + front.address() + (isAlive()
                ? ", pid " + process.pid() : ", not running") + ")";
    }
}
