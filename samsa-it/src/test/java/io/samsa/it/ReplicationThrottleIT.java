package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-reassign-partitions --execute --throttle} against three brokers: the tool sets the broker and topic
 * throttle configs ({@code kafka-configs --describe} shows them), the new replica fills at about the throttled rate
 * while acks=all writes to the same partition go on at full speed (its ISR is not throttled), and once the throttle
 * is lifted {@code --verify} sees the move complete and removes the configs.
 */
class ReplicationThrottleIT {
    private static final String TOPIC = "throttled";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final int VALUE_BYTES = 100_000;
    private static final int VALUES = 240; // 24 MB: about 24 s at the throttled rate, a second or two without
    private static final long RATE = 1_000_000;
    private static final Duration MEASURED = Duration.ofSeconds(8);
    /** The first fetch goes before any rate is measured (up to replica.fetch.max.bytes), plus a window's jitter. */
    private static final long MARGIN_BYTES = 2_500_000;

    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.start(dir, 3, Map.of("auto.leader.rebalance.enable", "false"));
        admin = cluster.admin();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CliTools.Result reassign(Path plan, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap(),
                "--reassignment-json-file", plan.toString()));
        all.addAll(List.of(args));
        return CliTools.runKafkaCore(dir, TIMEOUT, ReassignPartitionsCommand.class.getName(),
                all.toArray(String[]::new));
    }

    private static String kafkaConfigs(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap()));
        all.addAll(List.of(args));
        CliTools.Result r = CliTools.runKafkaCore(dir, TIMEOUT, "kafka.admin.ConfigCommand",
                all.toArray(String[]::new));
        assertThat(r.status()).as("kafka-configs %s\n%s", all, r).isZero();
        return r.out();
    }

    private static long newReplicaBytes() throws Exception {
        return ReplicaSizes.described(admin, List.of(2), TP).getOrDefault(2, 0L);
    }

    @Test
    void aThrottledReassignmentMovesAtTheThrottledRateWithoutSlowingTheIsr() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(0, 1)))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0));
        for (int i = 0; i < VALUES; i++) {
            producer.send(new ProducerRecord<>(TOPIC, new byte[VALUE_BYTES]));
        }
        producer.flush();
        Path plan = dir.resolve("throttled.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"" + TOPIC
                + "\",\"partition\":0,\"replicas\":[2,1]}]}");

        CliTools.Result execute = reassign(plan, "--execute", "--throttle", Long.toString(RATE));
        long startNanos = System.nanoTime();
        assertThat(execute.status()).as(execute.toString()).isZero();
        assertThat(execute.out()).contains("The inter-broker throttle limit was set to " + RATE + " B/s");

        // The tool set the rates on every broker involved and the throttled replicas on the topic.
        for (int broker = 0; broker < 3; broker++) {
            assertThat(kafkaConfigs("--describe", "--entity-type", "brokers", "--entity-name",
                    Integer.toString(broker)))
                    .contains("leader.replication.throttled.rate=" + RATE)
                    .contains("follower.replication.throttled.rate=" + RATE);
        }
        assertThat(kafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", TOPIC))
                .contains("leader.replication.throttled.replicas=0:0,0:1")
                .contains("follower.replication.throttled.replicas=0:2");

        // While it moves, acks=all writes to the partition are acknowledged at ISR speed: the ISR is not throttled.
        List<Long> ackMillis = new ArrayList<>();
        long[] bytesAtEnd = {0};
        await().atMost(MEASURED.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long sendNanos = System.nanoTime();
            producer.send(new ProducerRecord<>(TOPIC, "during".getBytes())).get(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            ackMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendNanos));
            bytesAtEnd[0] = newReplicaBytes();
            return System.nanoTime() - startNanos >= MEASURED.toNanos();
        });
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long copied = bytesAtEnd[0];
        System.out.printf("Throttled move: %d bytes in %.1f s = %.0f B/s (throttle %d B/s); acks=all max %d ms%n",
                copied, seconds, copied / seconds, RATE, ackMillis.stream().mapToLong(Long::longValue).max()
                        .orElse(0));
        assertThat(copied).as("progress under the throttle").isPositive();
        assertThat(copied).as("bounded by the throttle after %.1f s", seconds)
                .isLessThanOrEqualTo((long) (RATE * seconds) + MARGIN_BYTES);
        assertThat(copied).as("not done early").isLessThan((long) VALUES * VALUE_BYTES / 2);
        assertThat(ackMillis).as("acks=all latencies (ms) while the move is throttled").allMatch(ms -> ms < 3_000);

        // Lift the throttle on the brokers: the move completes, and --verify then removes every throttle config.
        for (int broker = 0; broker < 3; broker++) {
            kafkaConfigs("--alter", "--entity-type", "brokers", "--entity-name", Integer.toString(broker),
                    "--delete-config", "leader.replication.throttled.rate,follower.replication.throttled.rate");
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            CliTools.Result verify = reassign(plan, "--verify");
            assertThat(verify.out()).as(verify.toString()).contains("Reassignment of partition " + TOPIC
                    + "-0 is completed").contains("Clearing broker-level throttles");
        });
        assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().get(0)
                .replicas()).extracting(Node::id).containsExactly(2, 1);
        for (int broker = 0; broker < 3; broker++) {
            assertThat(kafkaConfigs("--describe", "--entity-type", "brokers", "--entity-name",
                    Integer.toString(broker))).doesNotContain("throttled.rate");
        }
        assertThat(kafkaConfigs("--describe", "--entity-type", "topics", "--entity-name", TOPIC))
                .doesNotContain("throttled.replicas");
        producer.close();
    }
}
