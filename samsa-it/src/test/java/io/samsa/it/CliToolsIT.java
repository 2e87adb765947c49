package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka's own command-line tools, kafka-topics and kafka-configs, against a Samsa broker. */
class CliToolsIT {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static CliTools.Result kafkaTopics(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        CliTools.Result r = CliTools.runInProcess(TopicCommand.class, all);
        assertThat(r.status()).as("kafka-topics %s\n%s", Arrays.toString(args), r).isZero();
        return r;
    }

    private static CliTools.Result kafkaConfigs(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        CliTools.Result r = CliTools.runKafkaCore(dir, TOOL_TIMEOUT, "kafka.admin.ConfigCommand", all);
        assertThat(r.status()).as("kafka-configs %s\n%s", Arrays.toString(args), r).isZero();
        return r;
    }

    private static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void kafkaTopicsCreatesListsDescribesAltersAndDeletes() throws Exception {
        CliTools.Result created = kafkaTopics("--create", "--topic", "cli-topic", "--partitions", "3",
                "--replication-factor", "1");
        assertThat(created.out()).contains("Created topic cli-topic.");

        assertThat(lines(kafkaTopics("--list").out())).contains("cli-topic");

        String described = kafkaTopics("--describe", "--topic", "cli-topic").out();
        TopicDescription d = admin.describeTopics(List.of("cli-topic")).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get("cli-topic");
        assertThat(described)
                .contains("Topic: cli-topic\tTopicId: " + d.topicId() + "\tPartitionCount: 3\tReplicationFactor: 1");
        for (int p = 0; p < 3; p++) {
            assertThat(described).contains("Topic: cli-topic\tPartition: " + p + "\tLeader: 0\tReplicas: 0\tIsr: 0");
        }

        kafkaTopics("--alter", "--topic", "cli-topic", "--partitions", "4");
        String altered = kafkaTopics("--describe", "--topic", "cli-topic").out();
        assertThat(altered).contains("PartitionCount: 4").contains("Partition: 3\tLeader: 0");

        kafkaTopics("--delete", "--topic", "cli-topic");
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(lines(kafkaTopics("--list").out())).doesNotContain("cli-topic"));
    }

    @Test
    void kafkaTopicsDescribeShowsTopicConfigOverrides() throws Exception {
        kafkaTopics("--create", "--topic", "cli-overrides", "--partitions", "1", "--config", "retention.ms=123456");

        String described = kafkaTopics("--describe", "--topic", "cli-overrides").out();

        assertThat(described).contains("Configs: retention.ms=123456");
    }

    @Test
    void kafkaConfigsAltersAndDescribesATopic() throws Exception {
        Clients.createTopic(admin, "cli-configs", 1);

        CliTools.Result altered = kafkaConfigs("--entity-type", "topics", "--entity-name", "cli-configs",
                "--alter", "--add-config", "retention.ms=1000");
        assertThat(altered.out()).contains("Completed updating config for topic cli-configs.");

        String described = kafkaConfigs("--entity-type", "topics", "--entity-name", "cli-configs", "--describe").out();
        assertThat(described).contains("Dynamic configs for topic cli-configs are:");
        assertThat(described).contains("retention.ms=1000 sensitive=false");
        // What the tool wrote is what the broker now applies.
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "cli-configs");
        assertThat(admin.describeConfigs(List.of(r)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(r).get("retention.ms").value()).isEqualTo("1000");
    }

    @Test
    void kafkaConfigsDescribesAllBrokerConfigs() throws Exception {
        String described = kafkaConfigs("--entity-type", "brokers", "--entity-name", "0", "--describe", "--all").out();

        assertThat(described).contains("All configs for broker 0 are:");
        assertThat(described).contains("log.dirs=" + broker.logDir() + " sensitive=false");
        assertThat(described).contains("log.retention.hours=168 sensitive=false");
    }
}
