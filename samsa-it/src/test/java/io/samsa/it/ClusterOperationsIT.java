package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.InProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.tools.LeaderElectionCommand;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's tools against a three-broker cluster, run as a user runs them: {@code kafka-topics --describe}
 * with its health filters, {@code kafka-leader-election}, and {@code kafka-reassign-partitions} moving replicas while
 * the data stays readable.
 */
class ClusterOperationsIT {
    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        // No automatic rebalance: the test moves leaders back itself, with kafka-leader-election.
        cluster = InProcessCluster.start(dir, 3, Map.of("auto.leader.rebalance.enable", "false"));
        admin = cluster.admin();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
    }

    private static void produce(String topic, int count) throws Exception {
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of());
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    @Test
    void aStoppedBrokerShowsAsUnderReplicatedAndPreferredLeadersComeBackByElection() throws Exception {
        String topic = "preferred";
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1, 0, 2)))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        produce(topic, 50);

        cluster.stop(1);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            TopicPartitionInfo p = describe(topic).partitions().get(0);
            assertThat(p.leader()).isNotNull();
            assertThat(p.leader().id()).isNotEqualTo(1);
            assertThat(p.isr()).extracting(Node::id).doesNotContain(1);
        });
        CliTools.Result under = CliTools.runInProcess(TopicCommand.class, "--bootstrap-server", cluster.bootstrap(),
                "--describe", "--under-replicated-partitions");
        assertThat(under.status()).as(under.toString()).isZero();
        assertThat(under.out()).contains("Topic: " + topic);

        cluster.start(1);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(describe(topic).partitions().get(0).isr()).extracting(Node::id).contains(1));
        assertThat(describe(topic).partitions().get(0).leader().id()).as("leader before the election").isNotEqualTo(1);

        CliTools.Result election = CliTools.runInProcess(LeaderElectionCommand.class, "--bootstrap-server",
                cluster.bootstrap(), "--election-type", "PREFERRED", "--topic", topic, "--partition", "0");
        assertThat(election.status()).as(election.toString()).isZero();
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(describe(topic).partitions().get(0).leader().id()).isEqualTo(1));
        TopicPartition tp = new TopicPartition(topic, 0);
        assertThat(Clients.readToEnd(cluster.consumer(Map.of()), List.of(tp), Map.of(tp, 0L))).hasSize(50);
    }

    /**
     * kafka-reassign-partitions needs Kafka's replica placer (kafka-metadata), which must not share a class path with
     * Samsa, so it runs as its own JVM over the tool class path samsa-it's build copies, as a user's shell would.
     */
    private static CliTools.Result reassign(Path plan, String action) throws Exception {
        return CliTools.runKafkaCore(dir, TIMEOUT, ReassignPartitionsCommand.class.getName(), "--bootstrap-server",
                cluster.bootstrap(), "--reassignment-json-file", plan.toString(), action);
    }

    @Test
    void reassigningReplicasMovesTheDataAndVerifyReportsItDone() throws Exception {
        String topic = "moving";
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(0, 1)))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        produce(topic, 200);
        Path plan = dir.resolve("reassignment.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic
                + "\",\"partition\":0,\"replicas\":[2,1]}]}");

        CliTools.Result execute = reassign(plan, "--execute");
        assertThat(execute.status()).as(execute.toString()).isZero();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            CliTools.Result verify = reassign(plan, "--verify");
            assertThat(verify.out()).as(verify.toString()).contains("Reassignment of partition " + topic
                    + "-0 is completed");
        });
        TopicPartitionInfo p = describe(topic).partitions().get(0);
        assertThat(p.replicas()).extracting(Node::id).containsExactly(2, 1);
        assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrder(2, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                cluster.broker(0).context().replicaManager().partition(tp)).as("the replica left broker 0").isEmpty());
        assertThat(Clients.readToEnd(cluster.consumer(Map.of()), List.of(tp), Map.of(tp, 0L))).hasSize(200);
    }
}
