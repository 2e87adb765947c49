package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/**
 * A Kafka cluster of N combined broker+controller nodes (node ids 1..N) sharing a static
 * {@code controller.quorum.voters} on loopback ports: every node is a voter, as in Kafka's three-node
 * quick-start layout. Each node is configured by {@link KafkaNodeConfig} with the same settings as the single
 * broker of W1–W6, formatted with one cluster id, and all are started before any is waited for: a node cannot
 * finish starting before its quorum has a majority.
 *
 * <p>Thread-safe.
 */
public final class KafkaClusterLauncher implements ClusterLauncher {
    private final ChildJvm jvm;
    private final String classpath;
    private final BrokerSettings settings;
    private final KafkaStorageTool storageTool;

    /** @param classpath the Kafka broker's class path (kafka_2.13 with its dependencies) */
    public KafkaClusterLauncher(ChildJvm jvm, String classpath, BrokerSettings settings) {
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
    public RunningCluster start(Path dir, int size, Function<String, Path> logs) throws IOException {
        List<Integer> ports = Ports.free(2 * size);
        List<BrokerNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            nodes.add(new BrokerNode(BrokerKind.KAFKA, id, dir.resolve("node-" + id), ports.get(2 * i),
                    ports.get(2 * i + 1)));
        }
        Files.createDirectories(dir);
        String clusterId = storageTool.randomClusterId(dir);
        for (BrokerNode node : nodes) {
            Files.createDirectories(node.dir());
            storageTool.format(KafkaNodeConfig.write(settings, node, nodes), clusterId, node.dir());
        }
        List<RunningBroker> started = new ArrayList<>();
        try {
            for (BrokerNode node : nodes) {
                started.add(KafkaLauncher.spawn(jvm, classpath, settings, node, logs.apply("broker-" + node.id())));
            }
            for (RunningBroker b : started) {
                b.awaitReady();
            }
            RunningCluster cluster = new RunningCluster(BrokerKind.KAFKA, started, null, jvm, settings,
                    KafkaClusterLauncher::quorumLeader);
            cluster.awaitRegistered();
            return cluster;
        } catch (IOException | RuntimeException e) {
            RunningCluster.stop(jvm, settings, started, null);
            throw e;
        }
    }

    /**
     * The KRaft quorum's leader, which is the active controller. Kafka's DescribeCluster names a random broker as
     * "controller" to clients that bootstrap from brokers, so the quorum is asked instead.
     */
    private static int quorumLeader(Admin admin) {
        try {
            return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
