package io.samsa.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each broker of a cluster is started with: the same settings, its own identity, one shared quorum. */
class NodeConfigTest {
    private static final BrokerSettings SETTINGS = BrokerSettings.defaults();

    @Test
    void kafkaClusterNodesShareOneStaticQuorumOfEveryNode() {
        List<BrokerNode> nodes = List.of(
                new BrokerNode(BrokerKind.KAFKA, 1, Path.of("/d/node-1"), 9001, 9101),
                new BrokerNode(BrokerKind.KAFKA, 2, Path.of("/d/node-2"), 9002, 9102),
                new BrokerNode(BrokerKind.KAFKA, 3, Path.of("/d/node-3"), 9003, 9103));
        Map<String, String> p = KafkaNodeConfig.properties(SETTINGS, nodes.get(1), nodes);
        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9002")
                .containsEntry("log.dirs", "/d/node-2/kafka-logs")
                .containsEntry("log.segment.bytes", Integer.toString(1 << 30))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void kafkaSingleNodeIsItsOwnQuorumWithReplicationFactorOne() {
        BrokerNode node = new BrokerNode(BrokerKind.KAFKA, 1, Path.of("/d"), 9001, 9101);
        Map<String, String> p = KafkaNodeConfig.properties(SETTINGS, node, List.of(node));
        assertThat(p).containsEntry("controller.quorum.voters", "1@127.0.0.1:9101")
                .containsEntry("offsets.topic.replication.factor", "1");
    }

    @Test
    void samsaClusterMemberNamesItsIdAndTheStandaloneZooKeeper() {
        SamsaDistribution dist = new SamsaDistribution(Path.of("/dist"));
        BrokerNode node = new BrokerNode(BrokerKind.SAMSA, 2, Path.of("/d/broker-2"), 9002, 0);
        List<String> args = SamsaServerArgs.clusterMember(dist, SETTINGS, node, "127.0.0.1:2999", 3);
        assertThat(args.get(0)).isEqualTo("/dist/server.properties");
        assertThat(String.join(" ", args)).contains("--override broker.id=2",
                "--override zookeeper.connect=127.0.0.1:2999",
                "--override listeners=PLAINTEXT://127.0.0.1:9002",
                "--override advertised.listeners=PLAINTEXT://127.0.0.1:9002",
                "--override log.dirs=/d/broker-2/kafka-logs",
                "--override log.segment.bytes=" + (1 << 30),
                "--override offsets.topic.replication.factor=3",
                "--override transaction.state.log.min.isr=2");
        assertThat(String.join(" ", args)).doesNotContain("zookeeper.embedded");
    }

    @Test
    void samsaSingleBrokerRunsItsEmbeddedZooKeeper() {
        SamsaDistribution dist = new SamsaDistribution(Path.of("/dist"));
        BrokerNode node = new BrokerNode(BrokerKind.SAMSA, 0, Path.of("/d"), 9002, 9102);
        assertThat(String.join(" ", SamsaServerArgs.single(dist, SETTINGS, node))).contains(
                "--override zookeeper.embedded.port=9102", "--override offsets.topic.replication.factor=1")
                .doesNotContain("zookeeper.connect");
    }

    @Test
    void distinctFreePorts() {
        assertThat(Ports.free(6)).doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void brokerConfigsReachBothBrokersAlike() {
        BrokerSettings compact = SETTINGS.withBrokerConfigs(Map.of("log.cleaner.backoff.ms", "1000"));
        BrokerNode kafka = new BrokerNode(BrokerKind.KAFKA, 1, Path.of("/d"), 9001, 9101);
        assertThat(KafkaNodeConfig.properties(compact, kafka, List.of(kafka)))
                .containsEntry("log.cleaner.backoff.ms", "1000");
        BrokerNode samsa = new BrokerNode(BrokerKind.SAMSA, 0, Path.of("/d"), 9002, 9102);
        assertThat(String.join(" ", SamsaServerArgs.single(new SamsaDistribution(Path.of("/dist")), compact, samsa)))
                .contains("--override log.cleaner.backoff.ms=1000");
        assertThat(KafkaNodeConfig.properties(SETTINGS, kafka, List.of(kafka))).doesNotContainKey(
                "log.cleaner.backoff.ms");
    }
}
