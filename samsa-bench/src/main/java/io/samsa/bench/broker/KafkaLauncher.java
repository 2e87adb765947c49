package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import io.samsa.bench.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference broker: Apache Kafka (the kafka_2.13 jar and its dependencies on this module's class path) as
 * one node in KRaft combined mode ({@code process.roles=broker,controller}) with a static one-voter quorum.
 * {@link #create} writes {@code server.properties} and formats the log dir with
 * {@code kafka.tools.StorageTool format}, using a cluster id from {@code StorageTool random-uuid};
 * {@link #start} runs {@code kafka.Kafka server.properties}.
 *
 * <p>Thread-safe.
 */
public final class KafkaLauncher implements BrokerLauncher {
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    static final String KAFKA_MAIN = "kafka.Kafka";
    private static final long STORAGE_TOOL_TIMEOUT_MS = 120_000;
    private static final List<String> STORAGE_TOOL_JVM = List.of("-Xmx512m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private final ChildJvm jvm;
    private final String classpath;
    private final BrokerSettings settings;

    /** @param classpath the Kafka broker's class path (kafka_2.13 with its dependencies) */
    public KafkaLauncher(ChildJvm jvm, String classpath, BrokerSettings settings) {
        this.jvm = jvm;
        this.classpath = classpath;
        this.settings = settings;
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.KAFKA;
    }

    @Override
    public BrokerNode create(Path dir) throws IOException {
        BrokerNode node = new BrokerNode(BrokerKind.KAFKA, dir, Ports.free(), Ports.free());
        Files.createDirectories(dir);
        Path config = configFile(node);
        Files.writeString(config, render(serverProperties(node)), StandardCharsets.UTF_8);
        ToolResult uuid = jvm.run(jvm.command(classpath, STORAGE_TOOL_JVM, STORAGE_TOOL, List.of("random-uuid")),
                dir.resolve("random-uuid.out"), STORAGE_TOOL_TIMEOUT_MS);
        if (!uuid.succeeded()) {
            throw new IOException("StorageTool random-uuid failed: " + uuid.failureReason());
        }
        List<String> lines = uuid.output().lines().map(String::strip).filter(l -> l.matches("[A-Za-z0-9_-]{22}"))
                .toList();
        if (lines.isEmpty()) {
            throw new IOException("StorageTool random-uuid printed no cluster id; see " + uuid.log());
        }
        ToolResult format = jvm.run(jvm.command(classpath, STORAGE_TOOL_JVM, STORAGE_TOOL,
                        List.of("format", "--config", config.toString(), "--cluster-id", lines.get(0))),
                dir.resolve("format.out"), STORAGE_TOOL_TIMEOUT_MS);
        if (!format.succeeded()) {
            throw new IOException("StorageTool format failed: " + format.failureReason());
        }
        return node;
    }

    @Override
    public RunningBroker start(BrokerNode node, Path log) throws IOException {
        Process p = jvm.start(jvm.command(classpath, settings.brokerJvmOptions(), KAFKA_MAIN,
                List.of(configFile(node).toString())), log);
        RunningBroker broker = new RunningBroker(node, p, log, jvm, settings);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The broker's settings: {@link BrokerSettings} plus what a single combined node needs. */
    Map<String, String> serverProperties(BrokerNode node) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + node.controlPort());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controlPort());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir(node).toString());
        p.put("num.partitions", Integer.toString(settings.numPartitions()));
        p.put("log.segment.bytes", Integer.toString(settings.segmentBytes()));
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    static Path logDir(BrokerNode node) {
        return node.dir().resolve("kafka-logs");
    }

    private static Path configFile(BrokerNode node) {
        return node.dir().resolve("server.properties");
    }

    private static String render(Map<String, String> props) {
        StringBuilder sb = new StringBuilder("# Written by samsa-bench\n");
        props.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }
}
