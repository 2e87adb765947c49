package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A broker process under test. Closing it shuts the broker down cleanly (SIGTERM), or kills it after
 * {@link BrokerSettings#stopTimeoutMs}.
 *
 * <p>Not thread-safe; owned by the workload that started it.
 */
public final class RunningBroker implements AutoCloseable {
    private static final long READY_POLL_MS = 500;

    private final BrokerNode node;
    private final Process process;
    private final Path log;
    private final ChildJvm jvm;
    private final BrokerSettings settings;
    private Admin admin;

    RunningBroker(BrokerNode node, Process process, Path log, ChildJvm jvm, BrokerSettings settings) {
        this.node = node;
        this.process = process;
        this.log = log;
        this.jvm = jvm;
        this.settings = settings;
    }

    public BrokerNode node() {
        return node;
    }

    public BrokerKind kind() {
        return node.kind();
    }

    public String bootstrap() {
        return node.bootstrap();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** CPU seconds (user + system, all threads) the broker process has used since it started. */
    public double cpuSeconds() {
        ensureAlive();
        try {
            return ProcStats.cpuSeconds(pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker process's peak resident set size since it started, in bytes. */
    public long peakRssBytes() {
        ensureAlive();
        try {
            return ProcStats.peakRssBytes(pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An admin client bound to this broker, closed with it. */
    public Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
        }
        return admin;
    }

    /**
     * {@code kill -9} of the broker process; returns once it is gone, or throws if it is still there after
     * {@code timeoutMs}.
     */
    public void kill(long timeoutMs) {
        if (!jvm.kill(process, timeoutMs)) {
            throw new IllegalStateException(node.kind().displayName() + " broker " + node.id() + " (pid " + pid()
                    + ") still alive " + timeoutMs + " ms after SIGKILL");
        }
    }

    Process process() {
        return process;
    }

    /** Whether the broker process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Throws if the broker process has exited, quoting the end of its log. */
    public void ensureAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(node.kind().displayName() + " broker " + node.id() + " exited with code "
                    + process.exitValue() + "; last lines of " + log + ":\n" + tail(log, 15));
        }
    }

    /** Waits until the broker accepts connections and then lists itself in DescribeCluster. */
    void awaitReady() {
        long deadline = jvm.time().milliseconds() + settings.startTimeoutMs();
        Exception last = null;
        // First the port, without a client: an admin client would log every refused connection.
        while (jvm.time().milliseconds() < deadline && !accepts()) {
            ensureAlive();
            jvm.time().sleep(READY_POLL_MS);
        }
        while (jvm.time().milliseconds() < deadline) {
            ensureAlive();
            try {
                if (!admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the broker", e);
                }
                last = e;
            }
            jvm.time().sleep(READY_POLL_MS);
        }
        throw new IllegalStateException(node.kind().displayName() + " broker " + node.id() + " not ready after "
                + settings.startTimeoutMs() + " ms (last error: " + last + "); see " + log);
    }

    private boolean accepts() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", node.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeAdmin();
        jvm.stop(process, settings.stopTimeoutMs());
    }

    /** Closes this broker's admin client, if it has one, leaving the process running. */
    void closeAdmin() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
