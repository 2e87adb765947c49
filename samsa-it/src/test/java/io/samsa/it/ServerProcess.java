package io.samsa.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * A Samsa broker running as its own process, started the way the README says ({@code bin/samsa-server
 * server.properties}) from the distribution the reactor built ({@code samsa-server/target}). The test can kill it
 * with SIGKILL ({@link #kill()}) and start it again on the same directories.
 *
 * <p>{@code bin/samsa-server} {@code exec}s java, so the process started here is the broker's JVM itself. Its
 * output goes to {@code server-N.log} in the data directory. The broker runs with Netty's paranoid leak detection,
 * and {@link #close()} fails if any of its logs reports a leak ("LEAK:"); a clean {@link #stop()} first has the JVM
 * collect garbage and serve one more request, since Netty reports a leak only after a collection found it and a later
 * allocation looked. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String LEAK_DETECTION =
            "-Dio.netty.leakDetection.level=paranoid -Dio.netty.leakDetection.acquireAndReleaseOnly=true";

    private final Path home;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private Process process;
    private int port;
    private int starts;

    ServerProcess(Path dataDir, Map<String, String> overrides) {
        this.home = samsaHome();
        this.dataDir = dataDir;
        this.overrides = overrides;
    }

    /** The repository root: {@code samsa.home} as failsafe sets it, else the parent of the module directory. */
    static Path samsaHome() {
        String configured = System.getProperty("samsa.home");
        Path home = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.dir")).getParent();
        home = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve("bin/samsa-server"))) {
            throw new IllegalStateException("no bin/samsa-server under " + home);
        }
        return home;
    }

    /** Fails unless the distribution exists: bin/samsa-server would otherwise run Maven itself. */
    private void checkDistribution() throws IOException {
        Path target = home.resolve("samsa-server/target");
        boolean hasJar;
        try (var files = Files.list(target)) {
            hasJar = files.anyMatch(f -> f.getFileName().toString().matches("samsa-server-.*\\.jar"));
        }
        if (!hasJar || !Files.isDirectory(target.resolve("lib"))) {
            throw new IllegalStateException("the distribution is not built: run `mvn -B verify` (or package) from "
                    + home + " so samsa-server/target holds the jar and lib/");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the broker on a free port and waits until it serves Metadata there. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        checkDistribution();
        port = freePort();
        Properties p = new Properties();
        p.put("broker.id", "0");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("zookeeper.embedded.port", "0");
        p.put("zookeeper.embedded.data.dir", dataDir.resolve("zk").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.putAll(overrides);
        Path config = dataDir.resolve("server.properties");
        Files.createDirectories(dataDir);
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "written by ServerProcess");
        }
        Path log = dataDir.resolve("server-" + (++starts) + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", home.resolve("bin/samsa-server").toString(),
                config.toString()))
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SAMSA_HEAP_OPTS", "-Xms64m -Xmx384m");
        pb.environment().put("SAMSA_LOG_LEVEL", "info"); // only shown when a test fails
        pb.environment().merge("SAMSA_JVM_OPTS", LEAK_DETECTION, (given, ours) -> given + " " + ours);
        process = pb.start();
        Process started = process;
        await("broker process serving on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("samsa-server exited with " + started.exitValue()
                                + ":\n" + Files.readString(log));
                    }
                    return serving(port);
                });
    }

    /**
     * True once Metadata lists broker 0. An open port is not enough: the broker listens before it registers in
     * ZooKeeper, and a start-up that fails there closes the port again a moment later.
     */
    private static boolean serving(int port) {
        try (RawConnection c = new RawConnection(port)) {
            short version = c.version(ApiKeys.METADATA, 12);
            MetadataResponse r = c.call(new MetadataRequest.Builder(List.of(), false).build(version));
            return r.brokers().stream().anyMatch(n -> n.id() == 0);
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** The broker JVM's command line, to check that what runs is java (bin/samsa-server exec'd it). */
    String command() {
        return process.toHandle().info().command().orElse("?");
    }

    /** SIGKILL: no shutdown hook, no flush, no checkpoint. Waits until the process is gone. */
    void kill() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.toHandle().destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** A clean stop (SIGTERM, the broker's shutdown hook runs), killing it if it takes longer than 30 s. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        surfaceLeaks();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * Best effort: a full collection in the broker (jcmd), then a request, whose buffer allocations make Netty poll for
     * what the collection found unreleased. A missing jcmd only makes the check weaker.
     */
    private void surfaceLeaks() throws InterruptedException {
        try {
            Process gc = new ProcessBuilder("jcmd", Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (gc.waitFor(30, TimeUnit.SECONDS)) {
                serving(port);
            } else {
                gc.destroyForcibly();
            }
        } catch (IOException e) {
            // no jcmd on this machine
        }
    }

    /** Every "LEAK:" line Netty wrote in this fixture's broker logs. */
    List<String> leakReports() throws IOException {
        List<String> leaks = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            Path log = dataDir.resolve("server-" + i + ".log");
            if (Files.exists(log)) {
                try (var lines = Files.lines(log)) {
                    lines.filter(l -> l.contains("LEAK:")).forEach(l -> leaks.add(log.getFileName() + ": " + l));
                }
            }
        }
        return leaks;
    }

    /** Stops the broker, then fails if it reported a leaked Netty buffer. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        }
        List<String> leaks;
        try {
            leaks = leakReports();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("the broker reported leaked Netty buffers (see its log in " + dataDir + "):\n"
                    + String.join("\n", leaks));
        }
    }
}
