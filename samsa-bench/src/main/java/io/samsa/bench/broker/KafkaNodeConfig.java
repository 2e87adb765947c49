package io.samsa.bench.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one Kafka node in KRaft combined mode ({@code process.roles=broker,controller}):
 * {@link BrokerSettings}, loopback listeners, and a static quorum ({@code controller.quorum.voters}) of every node
 * of its cluster. A one-node cluster is the single broker of W1–W6; a three-node cluster is W7's.
 *
 * <p>Stateless.
 */
final class KafkaNodeConfig {
    private KafkaNodeConfig() {
    }

    /**
     * @param node    the node to configure
     * @param cluster every node of its cluster, {@code node} included (the quorum's voters)
     */
    static Map<String, String> properties(BrokerSettings settings, BrokerNode node, List<BrokerNode> cluster) {
        // Internal topics: one node can only hold one replica; a cluster uses Kafka's defaults (3, min ISR 2),
        // written out so the report's settings need no knowledge of Kafka's defaults.
        String rf = cluster.size() >= 3 ? "3" : "1";
        String minIsr = cluster.size() >= 3 ? "2" : "1";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node.id()));
        p.put("controller.quorum.voters", cluster.stream().map(n -> n.id() + "@127.0.0.1:" + n.controlPort())
                .collect(Collectors.joining(",")));
        p.put("listeners", settings.clientListeners(node.port()) + ",CONTROLLER://127.0.0.1:" + node.controlPort());
        p.put("advertised.listeners", settings.clientListeners(node.port()));
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        // The map is written out, so an SSL listener needs its entry here (Kafka's default map has it).
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (settings.tls() == null ? "" : "," + TlsListener.NAME + ":SSL"));
        p.put("log.dirs", node.logDir().toString());
        p.put("num.partitions", Integer.toString(settings.numPartitions()));
        p.put("log.segment.bytes", Integer.toString(settings.segmentBytes()));
        p.put("offsets.topic.replication.factor", rf);
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(settings.tlsConfigs());
        p.putAll(settings.brokerConfigs());
        return p;
    }

    static Path configFile(BrokerNode node) {
        return node.dir().resolve("server.properties");
    }

    /** Writes {@link #properties} to {@link #configFile}. */
    static Path write(BrokerSettings settings, BrokerNode node, List<BrokerNode> cluster) throws IOException {
        StringBuilder sb = new StringBuilder("# Written by samsa-bench\n");
        properties(settings, node, cluster).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Path config = configFile(node);
        Files.writeString(config, sb.toString(), StandardCharsets.UTF_8);
        return config;
    }
}
