package io.samsa.testkit.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A standalone ZooKeeper server started as a user would, with {@code bin/samsa-zookeeper zookeeper.properties}: its
 * own JVM, data and log under {@code dir}, listening on 127.0.0.1 at a port fixed for its life. Its tick is short
 * ({@code tickTime}), because ZooKeeper bounds every session timeout to 2..20 ticks and fault tests want sessions
 * that expire in seconds.
 *
 * <p>Not thread-safe: the owning {@link ProcessCluster} drives it.
 */
public final class ZooKeeperProcess implements AutoCloseable {
    private final Distribution distribution;
    private final Path dir;
    private final int port;
    private final int tickTimeMs;
    private final Map<String, String> env;
    private ChildProcess process;

    ZooKeeperProcess(Distribution distribution, Path dir, int tickTimeMs, Map<String, String> env) {
        this.distribution = distribution;
        this.dir = dir;
        this.port = FreePorts.next();
        this.tickTimeMs = tickTimeMs;
        this.env = env;
    }

    /** Starts the server and waits, up to {@code timeout}, until it accepts connections. */
    void start(Duration timeout) throws IOException {
        Properties p = new Properties();
        p.put("dataDir", dir.resolve("data").toString());
        p.put("clientPort", Integer.toString(port));
        p.put("clientPortAddress", "127.0.0.1");
        p.put("tickTime", Integer.toString(tickTimeMs));
        p.put("maxClientCnxns", "0");
        p.put("admin.enableServer", "false");
        Files.createDirectories(dir);
        Path config = dir.resolve("zookeeper.properties");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "written by the test kit's ZooKeeperProcess");
        }
        process = ChildProcess.start(List.of("bash", distribution.script("samsa-zookeeper").toString(),
                config.toString()), env, dir, dir.resolve("zookeeper.log"));
        ChildProcess started = process;
        await("ZooKeeper listening on " + port).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("ZooKeeper exited with " + started.exitValue() + ":\n"
                        + started.logTail(40));
            }
            return accepts(port);
        });
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where ZooKeeper itself listens (brokers reach it through their proxies instead). */
    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The server's output, all of it. */
    public String log() {
        return LogFiles.read(dir.resolve("zookeeper.log"));
    }

    String logTail(int lines) {
        return LogFiles.tail(dir.resolve("zookeeper.log"), lines);
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        if (isAlive()) {
            process.kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.terminate(Duration.ofSeconds(10));
        }
    }
}
