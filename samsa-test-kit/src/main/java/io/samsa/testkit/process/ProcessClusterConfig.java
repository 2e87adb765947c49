package io.samsa.testkit.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a {@link ProcessCluster} is made: where, how many brokers, their settings, and the bounds of every wait.
 * Built with {@link #in(Path)} and the {@code with}-style setters; each returns a new value. Immutable.
 *
 * <p>The JVM options default to what lets four JVMs share two cores: a serial collector and the C1 compiler only
 * (start-up is much quicker; peak speed does not matter at test rates).
 */
public final class ProcessClusterConfig {
    private final Path dir;
    private final int brokers;
    private final Map<String, String> brokerConfig;
    private final Map<Integer, Map<String, String>> perBroker;
    private final int zooKeeperTickMs;
    private final String brokerHeapOptions;
    private final String jvmOptions;
    private final String logLevel;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    private ProcessClusterConfig(Path dir, int brokers, Map<String, String> brokerConfig,
                                 Map<Integer, Map<String, String>> perBroker, int zooKeeperTickMs,
                                 String brokerHeapOptions, String jvmOptions, String logLevel,
                                 Duration startTimeout, Duration stopTimeout) {
        this.dir = dir;
        this.brokers = brokers;
        this.brokerConfig = Map.copyOf(brokerConfig);
        this.perBroker = Map.copyOf(perBroker);
        this.zooKeeperTickMs = zooKeeperTickMs;
        this.brokerHeapOptions = brokerHeapOptions;
        this.jvmOptions = jvmOptions;
        this.logLevel = logLevel;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** Three brokers under {@code dir}, with the defaults above. */
    public static ProcessClusterConfig in(Path dir) {
        return new ProcessClusterConfig(dir, 3, Map.of(), Map.of(), 500, "-Xms64m -Xmx256m",
                "-XX:+UseSerialGC -XX:TieredStopAtLevel=1", "info", Duration.ofSeconds(90), Duration.ofSeconds(30));
    }

    public ProcessClusterConfig brokers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a cluster needs a broker: " + n);
        }
        return new ProcessClusterConfig(dir, n, brokerConfig, perBroker, zooKeeperTickMs, brokerHeapOptions,
                jvmOptions, logLevel, startTimeout, stopTimeout);
    }

    /** A broker setting for every broker (passed as {@code --override key=value}). */
    public ProcessClusterConfig brokerConfig(String key, String value) {
        Map<String, String> c = new HashMap<>(brokerConfig);
        c.put(key, value);
        return new ProcessClusterConfig(dir, brokers, c, perBroker, zooKeeperTickMs, brokerHeapOptions,
                jvmOptions, logLevel, startTimeout, stopTimeout);
    }

    /** A broker setting for broker {@code id} only, over the common ones. */
    public ProcessClusterConfig brokerConfig(int id, String key, String value) {
        Map<Integer, Map<String, String>> all = new HashMap<>(perBroker);
        Map<String, String> c = new HashMap<>(all.getOrDefault(id, Map.of()));
        c.put(key, value);
        all.put(id, c);
        return new ProcessClusterConfig(dir, brokers, brokerConfig, all, zooKeeperTickMs, brokerHeapOptions,
                jvmOptions, logLevel, startTimeout, stopTimeout);
    }

    /** ZooKeeper's tick: session timeouts must lie between 2 and 20 ticks. Default 500 ms. */
    public ProcessClusterConfig zooKeeperTickMs(int ms) {
        return new ProcessClusterConfig(dir, brokers, brokerConfig, perBroker, ms, brokerHeapOptions,
                jvmOptions, logLevel, startTimeout, stopTimeout);
    }

    /** The bound on a process starting (and on a broker being seen or forgotten by the others). */
    public ProcessClusterConfig startTimeout(Duration timeout) {
        return new ProcessClusterConfig(dir, brokers, brokerConfig, perBroker, zooKeeperTickMs, brokerHeapOptions,
                jvmOptions, logLevel, timeout, stopTimeout);
    }

    public Path dir() {
        return dir;
    }

    public int brokers() {
        return brokers;
    }

    public Map<String, String> brokerConfig() {
        return brokerConfig;
    }

    public Map<String, String> brokerConfig(int id) {
        return perBroker.getOrDefault(id, Map.of());
    }

    public int zooKeeperTickMs() {
        return zooKeeperTickMs;
    }

    public String brokerHeapOptions() {
        return brokerHeapOptions;
    }

    public String jvmOptions() {
        return jvmOptions;
    }

    public String logLevel() {
        return logLevel;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }
}
