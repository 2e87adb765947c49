package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The broker under test: Samsa's distribution ({@code samsa-server} jar, its {@code lib/} and
 * {@code config/server.properties}), run the way {@code bin/samsa-server} runs it, with {@code --override}s for
 * ports, directories and the settings shared with Kafka ({@link SamsaServerArgs}). ZooKeeper is embedded, so its
 * (idle) threads count in the broker's CPU and RSS.
 *
 * <p>Thread-safe.
 */
public final class SamsaLauncher implements BrokerLauncher {
    static final String SAMSA_MAIN = "io.samsa.server.SamsaServer";
    /** The single broker's {@code broker.id}, as in {@code config/server.properties}. */
    static final int BROKER_ID = 0;

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
    public BrokerLauncher withBrokerConfigs(Map<String, String> configs) {
        return new SamsaLauncher(jvm, dist, settings.withBrokerConfigs(configs));
    }

    @Override
    public BrokerLauncher withTls(TlsListener listener) {
        return new SamsaLauncher(jvm, dist, settings.withTls(listener));
    }

    @Override
    public BrokerNode create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new BrokerNode(BrokerKind.SAMSA, BROKER_ID, dir, Ports.free(), Ports.free());
    }

    @Override
    public RunningBroker start(BrokerNode node, Path log) throws IOException {
        RunningBroker broker = spawn(jvm, dist, settings, node, SamsaServerArgs.single(dist, settings, node), log);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Starts a broker process with {@code args} without waiting for it. */
    static RunningBroker spawn(ChildJvm jvm, SamsaDistribution dist, BrokerSettings settings, BrokerNode node,
                               List<String> args, Path log) throws IOException {
        Process p = jvm.start(jvm.command(dist.classpath(), settings.brokerJvmOptions(), SAMSA_MAIN, args), log);
        return new RunningBroker(node, p, log, jvm, settings);
    }
}
