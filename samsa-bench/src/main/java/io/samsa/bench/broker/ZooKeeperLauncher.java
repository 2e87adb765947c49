package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Starts a standalone ZooKeeper server the way {@code bin/samsa-zookeeper} does: ZooKeeper's
 * {@code QuorumPeerMain} from Samsa's distribution with {@code config/zookeeper.properties}, changed only where a
 * benchmark must differ (its data directory, a free client port, and the loopback address only).
 *
 * <p>Thread-safe.
 */
final class ZooKeeperLauncher {
    static final String MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    /**
     * {@code bin/samsa-zookeeper}'s defaults: a 256 MiB–512 MiB heap, and requests of up to 16 MiB so a topic of
     * 10,000 partitions is created in one transaction; logging as the script sets it.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-Djute.maxbuffer=16777216",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final long POLL_MS = 200;

    private final ChildJvm jvm;
    private final SamsaDistribution dist;
    private final BrokerSettings settings;

    ZooKeeperLauncher(ChildJvm jvm, SamsaDistribution dist, BrokerSettings settings) {
        this.jvm = jvm;
        this.dist = dist;
        this.settings = settings;
    }

    /** Starts ZooKeeper with its data in {@code dir} and waits until its client port accepts connections. */
    RunningZooKeeper start(Path dir, Path log) throws IOException {
        Files.createDirectories(dir);
        int port = Ports.free();
        Path config = writeConfig(dir, port);
        Process p = jvm.start(jvm.command(dist.dir().resolve("lib") + "/*", JVM_OPTIONS, MAIN,
                List.of(config.toString())), log);
        RunningZooKeeper zk = new RunningZooKeeper(p, port, log, jvm, settings.stopTimeoutMs());
        try {
            awaitPort(zk, port);
        } catch (RuntimeException e) {
            zk.close();
            throw e;
        }
        return zk;
    }

    private Path writeConfig(Path dir, int port) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(dist.zooKeeperProperties(), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        props.setProperty("dataDir", dir.resolve("data").toString());
        props.setProperty("clientPort", Integer.toString(port));
        props.setProperty("clientPortAddress", "127.0.0.1");
        Path config = dir.resolve("zookeeper.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, "config/zookeeper.properties with the benchmark's data dir and port (samsa-bench)");
        }
        return config;
    }

    private void awaitPort(RunningZooKeeper zk, int port) {
        long deadline = jvm.time().milliseconds() + settings.startTimeoutMs();
        while (jvm.time().milliseconds() < deadline) {
            zk.ensureAlive();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                jvm.time().sleep(POLL_MS);
            }
        }
        throw new IllegalStateException("ZooKeeper did not open port " + port + " within "
                + settings.startTimeoutMs() + " ms; see " + zk.log());
    }
}
