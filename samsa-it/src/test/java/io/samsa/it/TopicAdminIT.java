package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic administration through Kafka's AdminClient, as an operator or a framework would do it. */
class TopicAdminIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir);
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static <T> T get(KafkaFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static TopicDescription describe(String topic) throws Exception {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return get(admin.describeConfigs(List.of(r)).all()).get(r);
    }

    @Test
    void createdTopicIsListedAndDescribedWithItsIdPartitionsAndLeader() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(
                new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms", "3600000"))));
        get(created.all());
        Uuid id = get(created.topicId("orders"));
        assertThat(id).isNotNull().isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(get(created.numPartitions("orders"))).isEqualTo(3);
        assertThat(get(created.replicationFactor("orders"))).isEqualTo(1);
        assertThat(get(created.config("orders")).get("retention.ms").value()).isEqualTo("3600000");

        assertThat(get(admin.listTopics().names())).contains("orders");

        TopicDescription d = describe("orders");
        assertThat(d.name()).isEqualTo("orders");
        assertThat(d.topicId()).isEqualTo(id);
        assertThat(d.isInternal()).isFalse();
        assertThat(d.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
        for (TopicPartitionInfo p : d.partitions()) {
            assertThat(p.leader()).as("leader of partition %d", p.partition()).isNotNull();
            assertThat(p.leader().id()).isEqualTo(0);
            assertThat(p.leader().port()).isEqualTo(broker.port());
            assertThat(p.replicas()).extracting(Node::id).containsExactly(0);
            assertThat(p.isr()).extracting(Node::id).containsExactly(0);
        }
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("dry-run", 2, (short) 1)),
                new CreateTopicsOptions().validateOnly(true)).all());

        assertThat(get(admin.listTopics().names())).doesNotContain("dry-run");
        assertThatThrownBy(() -> describe("dry-run"))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void explicitReplicaAssignmentIsHonoured() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("assigned", Map.of(0, List.of(0), 1, List.of(0))))).all());

        TopicDescription d = describe("assigned");
        assertThat(d.partitions()).hasSize(2);
        assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).extracting(Node::id).containsExactly(0));
    }

    @Test
    void describeConfigsTellsTopicOverridesFromDefaults() throws Exception {
        Clients.createTopic(admin, "configured", 1, Map.of("retention.ms", "86400000"));

        Config c = topicConfig("configured");
        ConfigEntry retention = c.get("retention.ms");
        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        ConfigEntry cleanup = c.get("cleanup.policy");
        assertThat(cleanup).as("cleanup.policy is described").isNotNull();
        assertThat(cleanup.value()).isEqualTo("delete");
        assertThat(cleanup.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(c.get("segment.bytes").value()).isEqualTo("1073741824");
    }

    @Test
    void describeConfigsOfTheBroker() throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, "0");
        Config c = get(admin.describeConfigs(List.of(r)).all()).get(r);

        assertThat(c.get("log.dirs")).as("log.dirs is described").isNotNull();
        assertThat(c.get("log.dirs").value()).isEqualTo(broker.logDir().toString());
        assertThat(c.get("log.dirs").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(c.get("log.retention.hours")).as("log.retention.hours is described").isNotNull();
        assertThat(c.get("log.retention.hours").value()).isEqualTo("168");
        assertThat(c.get("log.retention.hours").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesAnOverride() throws Exception {
        Clients.createTopic(admin, "altered", 1);
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "altered");

        get(admin.incrementalAlterConfigs(Map.of(r, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET)))).all());
        ConfigEntry set = topicConfig("altered").get("retention.ms");
        assertThat(set.value()).isEqualTo("60000");
        assertThat(set.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        get(admin.incrementalAlterConfigs(Map.of(r, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)))).all());
        ConfigEntry deleted = topicConfig("altered").get("retention.ms");
        assertThat(deleted.value()).isEqualTo("604800000");
        assertThat(deleted.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void partitionsGrowButNeverShrink() throws Exception {
        Clients.createTopic(admin, "growing", 1);

        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all());
        assertThat(describe("growing").partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2);

        assertThatThrownBy(() -> get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all()))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidPartitionsException.class);
        assertThat(describe("growing").partitions()).hasSize(3);

        // The new partitions take writes.
        KafkaProducer<byte[], byte[]> producer = broker.producer();
        assertThat(producer.send(new ProducerRecord<>("growing", 2, null, "v".getBytes())).get().offset())
                .isZero();
    }

    @Test
    void deletedTopicIsGone() throws Exception {
        Clients.createTopic(admin, "doomed", 2);

        get(admin.deleteTopics(List.of("doomed")).all());

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(admin.listTopics().names()))
                .doesNotContain("doomed"));
        assertThatThrownBy(() -> describe("doomed"))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnknownTopicOrPartitionException.class);
        // The name is free again.
        Clients.createTopic(admin, "doomed", 1);
        assertThat(describe("doomed").partitions()).hasSize(1);
    }

    @Test
    void creationErrorsAreTheOnesKafkaReports() throws Exception {
        Clients.createTopic(admin, "taken", 1);

        assertThatThrownBy(() -> Clients.createTopic(admin, "taken", 1))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicExistsException.class);
        assertThatThrownBy(() -> Clients.createTopic(admin, "bad/name", 1))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> get(admin.createTopics(List.of(
                new NewTopic("three-copies", Optional.of(1), Optional.of((short) 3)))).all()))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(InvalidReplicationFactorException.class);
        assertThat(get(admin.listTopics().names())).doesNotContain("bad/name", "three-copies");
    }

    @Test
    void describeClusterShowsOneNodeAndAClusterId() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();

        assertThat(get(cluster.clusterId())).isNotBlank();
        Collection<Node> nodes = get(cluster.nodes());
        assertThat(nodes).hasSize(1);
        Node node = nodes.iterator().next();
        assertThat(node.id()).isEqualTo(0);
        assertThat(node.host()).isEqualTo("127.0.0.1");
        assertThat(node.port()).isEqualTo(broker.port());
        assertThat(get(cluster.controller()).id()).isEqualTo(0);
    }

    @Test
    void describeLogDirsShowsThePartitionAndItsSize() throws Exception {
        Clients.createTopic(admin, "on-disk", 1);
        KafkaProducer<byte[], byte[]> producer = broker.producer();
        for (int i = 0; i < 10; i++) {
            producer.send(new ProducerRecord<>("on-disk", ("value-" + i).getBytes()));
        }
        producer.flush();

        Map<String, LogDirDescription> dirs = get(admin.describeLogDirs(List.of(0)).allDescriptions()).get(0);
        assertThat(dirs).containsOnlyKeys(broker.logDir().toString());
        LogDirDescription logDir = dirs.get(broker.logDir().toString());
        assertThat(logDir.error()).isNull();
        ReplicaInfo replica = logDir.replicaInfos().get(new TopicPartition("on-disk", 0));
        assertThat(replica).as("on-disk-0 in %s", logDir.replicaInfos().keySet()).isNotNull();
        assertThat(replica.size()).isGreaterThan(10 * "value-0".length());
        assertThat(replica.isFuture()).isFalse();
    }
}
