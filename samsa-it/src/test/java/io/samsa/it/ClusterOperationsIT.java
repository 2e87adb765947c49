package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samsa.testkit.InProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.tools.BrokerApiVersionsCommand;
import org.apache.kafka.tools.LeaderElectionCommand;
import org.apache.kafka.tools.LogDirsCommand;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's tools against a three-broker cluster, run as a user runs them: {@code kafka-topics --describe}
 * with its health filters, {@code kafka-leader-election}, {@code kafka-reassign-partitions} moving replicas while
 * the data stays readable (with and without {@code --throttle}), {@code kafka-topics --alter --partitions}, and
 * {@code kafka-log-dirs} and {@code kafka-broker-api-versions} against every broker (issue 9, point 6).
 */
class ClusterOperationsIT {
    private static final String THROTTLED = "throttled";
    private static final TopicPartition THROTTLED_TP = new TopicPartition(THROTTLED, 0);
    private static final int VALUE_BYTES = 100_000;
    private static final int VALUES = 240; // 24 MB: about 24 s at the throttled rate, a second or two without
    private static final long RATE = 1_000_000;
    /** How long the new replica's growth is sampled while throttled. */
    private static final Duration MEASURED = Duration.ofSeconds(6);
    /** The first fetch goes before any rate is measured (up to replica.fetch.max.bytes), plus a window's jitter. */
    private static final long MARGIN_BYTES = 2_500_000;

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
    private static CliTools.Result reassign(Path plan, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap(),
                "--reassignment-json-file", plan.toString()));
        all.addAll(List.of(args));
        return CliTools.runKafkaCore(dir, TIMEOUT, ReassignPartitionsCommand.class.getName(),
                all.toArray(String[]::new));
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

    private static String kafkaConfigs(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap()));
        all.addAll(List.of(args));
        CliTools.Result r = CliTools.runKafkaCore(dir, TIMEOUT, "kafka.admin.ConfigCommand",
                all.toArray(String[]::new));
        assertThat(r.status()).as("kafka-configs %s\n%s", all, r).isZero();
        return r.out();
    }

    /** The throttle rates set dynamically on {@code broker}, as {@code name=value}. */
    private static List<String> throttleRates(int broker) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
        Config c = admin.describeConfigs(List.of(r)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(r);
        return c.entries().stream().filter(e -> e.name().endsWith(".replication.throttled.rate"))
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG)
                .map(e -> e.name() + "=" + e.value()).toList();
    }

    private static long newReplicaBytes() throws Exception {
        return ReplicaSizes.described(admin, List.of(2), THROTTLED_TP).getOrDefault(2, 0L);
    }

    /**
     * {@code --execute --throttle}: the tool sets the broker and topic throttle configs ({@code kafka-configs
     * --describe} shows them), the new replica fills at about the throttled rate while acks=all writes to the same
     * partition go on at full speed (its ISR is not throttled), and once the throttle is lifted {@code --verify}
     * sees the move complete and removes the configs.
     */
    @Test
    void aThrottledReassignmentMovesAtTheThrottledRateWithoutSlowingTheIsr() throws Exception {
        admin.createTopics(List.of(new NewTopic(THROTTLED, Map.of(0, List.of(0, 1)))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0));
        for (int i = 0; i < VALUES; i++) {
            producer.send(new ProducerRecord<>(THROTTLED, new byte[VALUE_BYTES]));
        }
        producer.flush();
        Path plan = dir.resolve("throttled.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"" + THROTTLED
                + "\",\"partition\":0,\"replicas\":[2,1]}]}");

        long startNanos = System.nanoTime(); // no byte can move before the tool runs
        CliTools.Result execute = reassign(plan, "--execute", "--throttle", Long.toString(RATE));
        assertThat(execute.status()).as(execute.toString()).isZero();
        assertThat(execute.out()).contains("The inter-broker throttle limit was set to " + RATE + " B/s");

        // While it moves, acks=all writes to the partition are acknowledged at ISR speed: the ISR is not throttled.
        List<Long> ackMillis = new ArrayList<>();
        List<long[]> samples = new ArrayList<>(); // {nanoTime, bytes of the new replica}
        await().atMost(MEASURED.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long sendNanos = System.nanoTime();
            producer.send(new ProducerRecord<>(THROTTLED, "during".getBytes())).get(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            ackMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendNanos));
            samples.add(new long[] {System.nanoTime(), newReplicaBytes()});
            return samples.get(samples.size() - 1)[0] - samples.get(0)[0] >= MEASURED.toNanos();
        });
        long[] first = samples.get(0);
        long[] last = samples.get(samples.size() - 1);
        double sinceStart = (last[0] - startNanos) / 1e9;
        double measured = (last[0] - first[0]) / 1e9;
        long copiedWhileMeasured = last[1] - first[1];
        System.out.printf("Throttled move (throttle %d B/s): %d bytes in %.1f s since --execute; %d bytes in the "
                + "%.1f s measured = %.0f B/s; acks=all max %d ms%n", RATE, last[1], sinceStart, copiedWhileMeasured,
                measured, copiedWhileMeasured / measured, ackMillis.stream().mapToLong(Long::longValue).max().orElse(0));
        assertThat(copiedWhileMeasured).as("progress under the throttle").isPositive();
        assertThat(copiedWhileMeasured).as("bounded by the throttle over %.1f s", measured)
                .isLessThanOrEqualTo((long) (RATE * measured) + MARGIN_BYTES);
        assertThat(last[1]).as("bounded by the throttle since --execute, %.1f s", sinceStart)
                .isLessThanOrEqualTo((long) (RATE * sinceStart) + MARGIN_BYTES);
        assertThat(last[1]).as("not done yet").isLessThan((long) VALUES * VALUE_BYTES);
        assertThat(ackMillis).as("acks=all latencies (ms) while the move is throttled").allMatch(ms -> ms < 3_000);

        // The tool set the rates on every broker involved and the throttled replicas on the topic (kafka-configs
        // for one broker, the same DescribeConfigs through the Admin client for the others: a tool JVM is slow).
        assertThat(kafkaConfigs("--describe", "--entity-type", "brokers", "--entity-name", "0"))
                .contains("leader.replication.throttled.rate=" + RATE)
                .contains("follower.replication.throttled.rate=" + RATE);
        for (int broker = 1; broker < 3; broker++) {
            assertThat(throttleRates(broker)).containsExactlyInAnyOrder(
                    "leader.replication.throttled.rate=" + RATE, "follower.replication.throttled.rate=" + RATE);
        }
        assertThat(kafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", THROTTLED))
                .contains("leader.replication.throttled.replicas=0:0,0:1")
                .contains("follower.replication.throttled.replicas=0:2");

        // Lift the throttle on the brokers: the move completes, and --verify then removes every throttle config.
        kafkaConfigs("--alter", "--entity-type", "brokers", "--entity-name", "0",
                "--delete-config", "leader.replication.throttled.rate,follower.replication.throttled.rate");
        Map<ConfigResource, Collection<AlterConfigOp>> lift = new HashMap<>();
        for (int broker = 1; broker < 3; broker++) {
            lift.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker)), List.of(
                    new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate", null),
                            AlterConfigOp.OpType.DELETE),
                    new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", null),
                            AlterConfigOp.OpType.DELETE)));
        }
        admin.incrementalAlterConfigs(lift).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            CliTools.Result verify = reassign(plan, "--verify");
            assertThat(verify.out()).as(verify.toString()).contains("Reassignment of partition " + THROTTLED
                    + "-0 is completed").contains("Clearing broker-level throttles");
        });
        assertThat(admin.describeTopics(List.of(THROTTLED)).allTopicNames().get().get(THROTTLED).partitions().get(0)
                .replicas()).extracting(Node::id).containsExactly(2, 1);
        assertThat(kafkaConfigs("--describe", "--entity-type", "brokers", "--entity-name", "0"))
                .doesNotContain("throttled.rate");
        for (int broker = 1; broker < 3; broker++) {
            assertThat(throttleRates(broker)).isEmpty();
        }
        assertThat(kafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", THROTTLED))
                .doesNotContain("throttled.replicas");
        producer.close();
    }

    /** Sends {@code records} records to each of the first {@code partitions} of {@code topic} with acks=all. */
    private static List<TopicPartition> produceToEach(String topic, int partitions, int records) throws Exception {
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of("acks", "all"));
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
            for (int i = 0; i < records; i++) {
                byte[] value = ("p" + p + "-" + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, p, null, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return tps;
    }

    @Test
    void addedPartitionsGetReplicasOnEveryBrokerAndLeadersAndTakeRecords() throws Exception {
        String topic = "growing";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        CliTools.Result alter = CliTools.runInProcess(TopicCommand.class, "--bootstrap-server", cluster.bootstrap(),
                "--alter", "--topic", topic, "--partitions", "6");
        assertThat(alter.status()).as(alter.toString()).isZero();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(describe(topic).partitions()).hasSize(6)
                .allSatisfy(p -> {
                    assertThat(p.replicas()).extracting(Node::id).as("replicas of partition %d", p.partition())
                            .containsExactlyInAnyOrder(0, 1, 2);
                    assertThat(p.leader()).as("leader of partition %d", p.partition()).isNotNull();
                    assertThat(p.isr()).extracting(Node::id).as("ISR of partition %d", p.partition())
                            .containsExactlyInAnyOrder(0, 1, 2);
                }));
        // Spread as a new topic's partitions are: each broker the preferred leader of as many as the others.
        Map<Integer, Long> preferredLeaders = describe(topic).partitions().stream()
                .collect(Collectors.groupingBy(p -> p.replicas().get(0).id(), Collectors.counting()));
        assertThat(preferredLeaders).as("partitions per preferred leader").isEqualTo(Map.of(0, 2L, 1, 2L, 2, 2L));

        List<TopicPartition> tps = produceToEach(topic, 6, 10);
        Map<Integer, Long> readPerPartition = Clients.readFromBeginning(cluster.consumer(Map.of()), tps).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
        assertThat(readPerPartition).isEqualTo(Map.of(0, 10L, 1, 10L, 2, 10L, 3, 10L, 4, 10L, 5, 10L));
    }

    @Test
    void logDirsAndApiVersionsAnswerThroughEveryBroker() throws Exception {
        String topic = "described";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 3))).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        produceToEach(topic, 2, 50);
        for (int via = 0; via < cluster.size(); via++) {
            String bootstrap = "127.0.0.1:" + cluster.broker(via).port();
            await("kafka-log-dirs through broker " + via + " shows equal replicas").atMost(TIMEOUT)
                    .untilAsserted(() -> assertLogDirs(bootstrap, topic));

            CliTools.Result versions = CliTools.runInProcess(BrokerApiVersionsCommand.class, "--bootstrap-server",
                    bootstrap);
            assertThat(versions.status()).as(versions.toString()).isZero();
            assertThat(versions.out()).as(versions.toString()).doesNotContain("ERROR");
            Set<String> perBroker = new HashSet<>();
            for (int id = 0; id < cluster.size(); id++) {
                String entry = apiVersionsOf(versions.out(), "127.0.0.1:" + cluster.broker(id).port() + " (id: " + id
                        + " ");
                assertThat(entry).as("broker %d in\n%s", id, versions.out()).contains("Produce(0): ", "Fetch(1): ",
                        "ApiVersions(18): ");
                perBroker.add(entry);
            }
            assertThat(perBroker).as("every broker runs the same Samsa: the same versions").hasSize(1);
        }
    }

    /**
     * {@code kafka-log-dirs --describe} bootstrapped on {@code bootstrap}: every broker answers for its own log dir
     * alone, holds a replica of each of {@code topic}'s partitions, and the replicas of a partition are equally large.
     */
    private static void assertLogDirs(String bootstrap, String topic) throws Exception {
        CliTools.Result r = CliTools.runInProcess(LogDirsCommand.class, "--bootstrap-server", bootstrap,
                "--describe", "--topic-list", topic);
        assertThat(r.status()).as(r.toString()).isZero();
        String json = r.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() ->
                new AssertionError("no JSON in\n" + r));
        Map<Integer, String> dirs = new HashMap<>();
        Map<String, List<Long>> sizes = new HashMap<>();
        for (JsonNode broker : new ObjectMapper().readTree(json).get("brokers")) {
            int id = broker.get("broker").asInt();
            assertThat(broker.get("logDirs")).as("log dirs of broker %d: %s", id, json).hasSize(1);
            JsonNode logDir = broker.get("logDirs").get(0);
            assertThat(logDir.get("error").isNull()).as("error of broker %d: %s", id, json).isTrue();
            dirs.put(id, logDir.get("logDir").asText());
            for (JsonNode replica : logDir.get("partitions")) {
                sizes.computeIfAbsent(replica.get("partition").asText(), k -> new ArrayList<>())
                        .add(replica.get("size").asLong());
            }
        }
        Map<Integer, String> expectedDirs = new HashMap<>();
        for (int id = 0; id < cluster.size(); id++) {
            expectedDirs.put(id, dir.resolve("broker-" + id).toString());
        }
        assertThat(dirs).as("each broker's log dir: %s", json).isEqualTo(expectedDirs);
        assertThat(sizes).as("replica sizes per partition: %s", json).containsOnlyKeys(topic + "-0", topic + "-1")
                .allSatisfy((partition, replicas) -> {
                    assertThat(replicas).as("replica sizes of %s", partition).hasSize(3);
                    assertThat(new HashSet<>(replicas)).as("replica sizes of %s", partition).hasSize(1);
                    assertThat(replicas.get(0)).as("replica size of %s", partition).isPositive();
                });
    }

    /** The API versions kafka-broker-api-versions printed for the broker whose line starts with {@code prefix}. */
    private static String apiVersionsOf(String out, String prefix) {
        int start = out.indexOf(prefix);
        assertThat(start).as("%s in\n%s", prefix, out).isNotNegative();
        int end = out.indexOf("\n)", start);
        return out.substring(out.indexOf("->", start), end);
    }
}
