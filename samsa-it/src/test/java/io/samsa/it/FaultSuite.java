package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.delivery.DeliveryChecker;
import io.samsa.testkit.delivery.DeliveryReport;
import io.samsa.testkit.delivery.LoadProducer;
import io.samsa.testkit.delivery.PartitionReader;
import io.samsa.testkit.process.ProcessCluster;
import io.samsa.testkit.process.ProcessClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the fault tests share: the JUnit tags that select them, the cluster and topic every scenario uses (three
 * broker processes; replication factor 3, min.insync.replicas 2; an idempotent acks=all producer), the short and
 * long forms' sizes, and the final count of acknowledged, lost, duplicated and moved records. Stateless.
 *
 * <p>Tags: {@value #FAULT} on every fault test; {@value #LONG} on the long forms, which only the {@code fault}
 * profile runs; {@value #FAILOVER} and {@value #ISR_WRITES} on what waits for the controller and for ISR changes
 * written to ZooKeeper.
 */
final class FaultSuite {
    static final String FAULT = "fault";
    static final String LONG = "long";
    static final String FAILOVER = "failover";
    static final String ISR_WRITES = "isr-writes";

    /** The long forms run this long (ISO-8601, e.g. PT10M), from {@code -Dsamsa.fault.duration}. */
    static final String DURATION_PROPERTY = "samsa.fault.duration";
    static final Duration DEFAULT_LONG_DURATION = Duration.ofMinutes(3);

    static final int PARTITIONS = 3;
    static final int VALUE_SIZE = 200;
    /** Any single admin call, read-back or wait on the cluster in these tests. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long a long form's load outlives its rounds: more than one round takes when the cluster is healthy. */
    static final Duration LAST_ROUND = Duration.ofMinutes(3);

    private FaultSuite() {
    }

    /** How long a long form runs. */
    static Duration longDuration() {
        String configured = System.getProperty(DURATION_PROPERTY);
        return configured == null || configured.isBlank() ? DEFAULT_LONG_DURATION : Duration.parse(configured);
    }

    /**
     * The load of a short form: a few thousand records over seconds. {@code seconds} bounds the sending whatever
     * happens to the cluster.
     */
    static LoadProducer.Settings shortLoad(String topic, int seconds) {
        return new LoadProducer.Settings(topic, PARTITIONS, 500, 500L * seconds, Duration.ofSeconds(seconds),
                VALUE_SIZE);
    }

    /**
     * The load of a long form, at twice the short rate. It sends for {@code duration} plus {@link #LAST_ROUND}, so the
     * last fault round, started just before {@code duration} ends, still has records to acknowledge: a load that
     * ended during a round left its wait for progress waiting on records never sent, which looked like a stalled
     * cluster (the 2026-12-04 long runs). The test stops the load itself once its rounds are done.
     */
    static LoadProducer.Settings longLoad(String topic, Duration duration) {
        Duration sending = duration.plus(LAST_ROUND);
        return new LoadProducer.Settings(topic, PARTITIONS, 1000, 1000L * sending.toSeconds(), sending,
                VALUE_SIZE);
    }

    /**
     * Three brokers under {@code dir}. ISR changes and session expiry within seconds (once the brokers act on them),
     * so a fault shows its effect well inside a short test.
     */
    static ProcessClusterConfig clusterConfig(Path dir) {
        return ProcessClusterConfig.in(dir).brokers(3)
                .brokerConfig("replica.lag.time.max.ms", "5000")
                .brokerConfig("replica.socket.timeout.ms", "10000");
    }

    /** Creates {@code topic} (RF 3, min.insync.replicas 2) and waits until every partition has a leader and ISR 3. */
    static void createTopic(Admin admin, String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        await("every partition of " + topic + " led with three in sync").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(describe(admin, topic).partitions()).hasSize(PARTITIONS).allSatisfy(p -> {
                    assertThat(p.leader()).isNotNull();
                    assertThat(p.isr()).hasSize(3);
                }));
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
    }

    /** The broker that leads {@code partition} of {@code topic} now. */
    static int leaderOf(Admin admin, String topic, int partition) throws Exception {
        TopicPartitionInfo p = describe(admin, topic).partitions().get(partition);
        assertThat(p.leader()).as("leader of %s-%d", topic, partition).isNotNull();
        return p.leader().id();
    }

    /** The idempotent acks=all producer of every scenario, with {@code overrides}. */
    static KafkaProducer<byte[], byte[]> producer(ProcessCluster cluster, Map<String, Object> overrides) {
        Map<String, Object> c = new java.util.HashMap<>(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // Bounds LoadProducer.stop()'s flush: every record is acknowledged or failed within this.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000,
                // Longer than a request: a first Metadata request to a broker cut off from clients times out, and
                // the producer must have time left to ask another.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
        c.putAll(overrides);
        return cluster.clients().producer(c);
    }

    static List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    /** Reads every partition of {@code topic} from the beginning and counts against the acknowledgements. */
    static DeliveryReport check(ProcessCluster cluster, DeliveryChecker checker, String topic) {
        List<ConsumerRecord<byte[], byte[]>> read = PartitionReader.readAll(cluster.clients().consumer(Map.of()),
                partitions(topic), TIMEOUT);
        return checker.check(read);
    }

    /**
     * The assertions every scenario ends with: something was acknowledged, and nothing lost, duplicated or moved.
     * The counts are printed too, for the record of what the suite ran.
     */
    static void assertDelivered(String scenario, DeliveryReport report, long atLeastAcknowledged) {
        System.out.println("fault scenario " + scenario + ": " + report);
        assertThat(report.acknowledged()).as("acknowledged records; %s", report)
                .isGreaterThanOrEqualTo(atLeastAcknowledged);
        assertThat(report.lost()).as("lost records; %s", report).isZero();
        assertThat(report.duplicated()).as("duplicated records; %s", report).isZero();
        assertThat(report.moved()).as("moved records; %s", report).isZero();
    }
}
