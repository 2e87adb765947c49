package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The standalone ZooKeeper server of a Samsa cluster, as a child process whose CPU time and peak RSS count in the
 * cluster's totals: ZooKeeper is part of what a Samsa cluster runs, as the KRaft controllers are part of Kafka's
 * combined nodes.
 *
 * <p>Not thread-safe; owned by its {@link RunningCluster}.
 */
public final class RunningZooKeeper implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final ChildJvm jvm;
    private final long stopTimeoutMs;

    RunningZooKeeper(Process process, int port, Path log, ChildJvm jvm, long stopTimeoutMs) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.jvm = jvm;
        this.stopTimeoutMs = stopTimeoutMs;
    }

    /** {@code zookeeper.connect} for the brokers. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU seconds (user + system) since it started. */
    public double cpuSeconds() {
        ensureAlive();
        try {
            return ProcStats.cpuSeconds(pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak resident set size since it started, in bytes. */
    public long peakRssBytes() {
        ensureAlive();
        try {
            return ProcStats.peakRssBytes(pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void ensureAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("ZooKeeper exited with code " + process.exitValue()
                    + "; last lines of " + log + ":\n" + RunningBroker.tail(log, 15));
        }
    }

    @Override
    public void close() {
        jvm.stop(process, stopTimeoutMs);
    }
}
