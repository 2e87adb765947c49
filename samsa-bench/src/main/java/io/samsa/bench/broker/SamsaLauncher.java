package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker under test: Samsa's distribution ({@code samsa-server} jar, its {@code lib/} and
 * {@code config/server.properties}), run the way {@code bin/samsa-server} runs it, with {@code --override}s for
 * ports, directories and the settings shared with Kafka. ZooKeeper is embedded, so its (idle) threads count in
 * the broker's CPU and RSS.
 *
 * <p>Thread-safe.
 */
public final class SamsaLauncher implements BrokerLauncher {
    static final String SAMSA_MAIN = "io.samsa.server.SamsaServer";

    private final ChildJvm jvm;
    private final SamsaDistribution dist;
    private final BrokerSettings settings;

    public SamsaLauncher(ChildJvm jvm, SamsaDistribution dist, BrokerSettings settings) {
        this.jvm = jvm;
        this.dist = dist;
        this.settings = settings;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.SAMSA;
    }

    @Override
    public BrokerNode create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new BrokerNode(BrokerKind.SAMSA, dir, Ports.free(), Ports.free());
    }

    @Override
    public RunningBroker start(BrokerNode node, Path log) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(dist.serverProperties().toString());
        override(args, "listeners", "PLAINTEXT://127.0.0.1:" + node.port());
        override(args, "advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port());
        override(args, "log.dirs", node.dir().resolve("kafka-logs").toString());
        override(args, "zookeeper.embedded.port", Integer.toString(node.controlPort()));
        override(args, "zookeeper.embedded.data.dir", node.dir().resolve("zookeeper").toString());
        override(args, "num.partitions", Integer.toString(settings.numPartitions()));
        override(args, "log.segment.bytes", Integer.toString(settings.segmentBytes()));
        override(args, "offsets.topic.replication.factor", "1");
        override(args, "group.initial.rebalance.delay.ms", "0");
        Process p = jvm.start(jvm.command(dist.classpath(), settings.brokerJvmOptions(), SAMSA_MAIN, args), log);
        RunningBroker broker = new RunningBroker(node, p, log, jvm, settings);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static void override(List<String> args, String key, String value) {
        args.add("--override");
        args.add(key + "=" + value);
    }
}
