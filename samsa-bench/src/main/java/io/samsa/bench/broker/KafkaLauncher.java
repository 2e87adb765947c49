package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reference broker: Apache Kafka (the kafka_2.13 jar and its dependencies on this module's class path) as
 * one node in KRaft combined mode ({@code process.roles=broker,controller}) with a static one-voter quorum.
 * {@link #create} writes {@code server.properties} ({@link KafkaNodeConfig}) and formats the log dir with
 * {@link KafkaStorageTool}; {@link #start} runs {@code kafka.Kafka server.properties}.
 *
 * <p>Thread-safe.
 */
public final class KafkaLauncher implements BrokerLauncher {
    static final String KAFKA_MAIN = "kafka.Kafka";
    /** The single node's {@code node.id}. */
    static final int NODE_ID = 1;

    private final ChildJvm jvm;
    private final String classpath;
    private final BrokerSettings settings;
    private final KafkaStorageTool storageTool;

    /** @param classpath the Kafka broker's class path (kafka_2.13 with its dependencies) */
    public KafkaLauncher(ChildJvm jvm, String classpath, BrokerSettings settings) {
        this.jvm = jvm;
        this.classpath = classpath;
        this.settings = settings;
        this.storageTool = new KafkaStorageTool(jvm, classpath);
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.KAFKA;
    }

    @Override
    public BrokerLauncher withBrokerConfigs(Map<String, String> configs) {
        return new KafkaLauncher(jvm, classpath, settings.withBrokerConfigs(configs));
    }

    @Override
    public BrokerLauncher withTls(TlsListener listener) {
        return new KafkaLauncher(jvm, classpath, settings.withTls(listener));
    }

    @Override
    public BrokerNode create(Path dir) throws IOException {
        BrokerNode node = new BrokerNode(BrokerKind.KAFKA, NODE_ID, dir, Ports.free(), Ports.free());
        Files.createDirectories(dir);
        Path config = KafkaNodeConfig.write(settings, node, List.of(node));
        storageTool.format(config, storageTool.randomClusterId(dir), dir);
        return node;
    }

    @Override
    public RunningBroker start(BrokerNode node, Path log) throws IOException {
        RunningBroker broker = spawn(jvm, classpath, settings, node, log);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Starts a formatted node's process without waiting for it (a cluster's nodes must start together). */
    static RunningBroker spawn(ChildJvm jvm, String classpath, BrokerSettings settings, BrokerNode node, Path log)
            throws IOException {
        Process p = jvm.start(jvm.command(classpath, settings.brokerJvmOptions(), KAFKA_MAIN,
                List.of(KafkaNodeConfig.configFile(node).toString())), log);
        return new RunningBroker(node, p, log, jvm, settings);
    }
}
