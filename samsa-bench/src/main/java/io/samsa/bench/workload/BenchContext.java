package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.ClusterLauncher;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.broker.RunningCluster;
import io.samsa.bench.report.Round;
import io.samsa.bench.tool.KafkaTools;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Time;

/**
 * What workloads share within one run: the tools, the scale, the rounds (cold, or cold then warm), where data and
 * logs go, the clock, the W1 logs kept for W4 to read, and the observations noted for the report.
 *
 * <p>Used from the harness's main thread only; not thread-safe.
 */
public final class BenchContext {
    /** Floor of every tool's time limit: JVM start, metadata, group join. */
    private static final long TOOL_TIMEOUT_BASE_MS = 180_000;
    /** Slowest rate a healthy broker is assumed to reach; a tool slower than this is killed. */
    private static final long TOOL_TIMEOUT_MIN_BYTES_PER_SEC = 2L * 1024 * 1024;
    private static final long TOOL_TIMEOUT_MAX_MS = 3_600_000;

    private final KafkaTools tools;
    private final Scale scale;
    private final Path dataDir;
    private final Path logDir;
    private final Time time;
    private final PrintStream console;
    private final boolean keepData;
    private final List<Round> rounds;
    private final int warmUpRuns;
    private final Map<BrokerKind, BrokerNode> retainedW1 = new EnumMap<>(BrokerKind.class);
    private final List<String> observations = new ArrayList<>();
    private boolean retainW1;

    /**
     * @param rounds     {@link Round#COLD}, optionally followed by {@link Round#WARM}
     * @param warmUpRuns unmeasured runs before the warm round
     */
    public BenchContext(KafkaTools tools, Scale scale, List<Round> rounds, int warmUpRuns, Path dataDir,
                        Path logDir, Time time, PrintStream console, boolean keepData) {
        this.warmUpRuns = warmUpRuns;
        this.tools = tools;
        this.scale = scale;
        this.rounds = List.copyOf(rounds);
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.time = time;
        this.console = console;
        this.keepData = keepData;
    }

    public KafkaTools tools() {
        return tools;
    }

    public Scale scale() {
        return scale;
    }

    public Time time() {
        return time;
    }

    /** The run's work directory for broker data (and the TLS workload's key stores). */
    Path dataDir() {
        return dataDir;
    }

    /** The rounds every workload runs on its broker processes, in order. */
    public List<Round> rounds() {
        return rounds;
    }

    /** Unmeasured runs of each workload between its cold and warm rounds. */
    public int warmUpRuns() {
        return warmUpRuns;
    }

    /** Notes a fact for the report's "Observations" section, and prints it. */
    public void observe(String fact) {
        observations.add(fact);
        say("  observed: " + fact);
    }

    public List<String> observations() {
        return List.copyOf(observations);
    }

    /** Progress output for the person running the benchmark. */
    public void say(String line) {
        console.println(line);
        console.flush();
    }

    /** A time limit for a tool moving {@code bytes} of payload. */
    public long toolTimeoutMs(long bytes) {
        return Math.min(TOOL_TIMEOUT_MAX_MS, TOOL_TIMEOUT_BASE_MS + 1000 * bytes / TOOL_TIMEOUT_MIN_BYTES_PER_SEC);
    }

    public Path log(String name, BrokerKind kind) {
        return logDir.resolve(name + "-" + kind.name().toLowerCase(java.util.Locale.ROOT) + ".log");
    }

    /** A new node (empty data directory) named after the workload part. */
    public BrokerNode newNode(BrokerLauncher launcher, String name) throws IOException {
        Path dir = dataDir.resolve(name + "-" + launcher.kind().name().toLowerCase(java.util.Locale.ROOT));
        deleteRecursively(dir);
        return launcher.create(dir);
    }

    /** Starts the node's broker, logging to {@code <logDir>/<name>-<kind>.log}. */
    public RunningBroker start(BrokerLauncher launcher, BrokerNode node, String name) throws IOException {
        say("  " + launcher.kind().displayName() + ": starting broker (" + name + ")");
        return launcher.start(node, log(name + "-broker", launcher.kind()));
    }

    /** Starts a new cluster of {@code size} brokers named after the workload, with empty data directories. */
    public RunningCluster startCluster(ClusterLauncher launcher, String name, int size) throws IOException {
        Path dir = clusterDir(launcher.kind(), name);
        deleteRecursively(dir);
        say("  " + launcher.kind().displayName() + ": starting a cluster of " + size + " brokers (" + name + ")");
        return launcher.start(dir, size, process -> log(name + "-" + process, launcher.kind()));
    }

    /** Deletes a cluster's data, unless the run keeps data. */
    public void discardCluster(BrokerKind kind, String name) throws IOException {
        if (!keepData) {
            deleteRecursively(clusterDir(kind, name));
        }
    }

    private Path clusterDir(BrokerKind kind, String name) {
        return dataDir.resolve(name + "-" + kind.name().toLowerCase(Locale.ROOT));
    }

    /** Deletes the node's data, unless the run keeps data. */
    public void discard(BrokerNode node) throws IOException {
        if (!keepData) {
            deleteRecursively(node.dir());
        }
    }

    /** Whether W1 keeps its log for W4 to read (set when both run). */
    public void setRetainW1(boolean retain) {
        this.retainW1 = retain;
    }

    boolean retainsW1() {
        return retainW1;
    }

    void keepW1(BrokerKind kind, BrokerNode node) {
        retainedW1.put(kind, node);
    }

    /** W1's node on this broker, handed over (the caller discards it). */
    Optional<BrokerNode> takeW1(BrokerKind kind) {
        return Optional.ofNullable(retainedW1.remove(kind));
    }

    /** Discards whatever W1 data is still kept. */
    public void discardRetained() throws IOException {
        for (BrokerNode node : retainedW1.values()) {
            discard(node);
        }
        retainedW1.clear();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
