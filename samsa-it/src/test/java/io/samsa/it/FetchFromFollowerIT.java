package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.InProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch from the closest replica (KIP-392): brokers on three racks with Kafka's {@code RackAwareReplicaSelector}; a
 * consumer with {@code client.rack} set to a follower's rack is sent there by the leader and reads every record
 * from it, and goes back to the leader when that follower stops, which holds up no acks=all write.
 */
class FetchFromFollowerIT {
    private static final String TOPIC = "racked";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.start(dir, 3, Map.of("broker.rack", "rack-{id}",
                "replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector"));
        admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void produce(int from, int count) throws Exception {
        KafkaProducer<byte[], byte[]> producer = cluster.producer(Map.of("acks", "all"));
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private static double preferredReadReplica(KafkaConsumer<byte[], byte[]> consumer) {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("preferred-read-replica")
                    && TOPIC.equals(e.getKey().tags().get("topic"))) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return Double.NaN;
    }

    private static void readUntil(KafkaConsumer<byte[], byte[]> consumer, List<String> into, int total) {
        await().atMost(TIMEOUT).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                into.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            return into.size() >= total;
        });
    }

    private static List<String> expected(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("r" + i);
        }
        return out;
    }

    @Test
    void aConsumerReadsFromTheFollowerInItsRackAndFromTheLeaderOnceThatFollowerStops() throws Exception {
        TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(TOPIC);
        TopicPartitionInfo p = d.partitions().get(0);
        int leader = p.leader().id();
        int follower = p.replicas().stream().mapToInt(n -> n.id()).filter(id -> id != leader).findFirst().getAsInt();
        produce(0, 200);

        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer(Map.of(
                ConsumerConfig.CLIENT_RACK_CONFIG, "rack-" + follower));
        consumer.assign(List.of(TP));
        consumer.seekToBeginning(List.of(TP));
        List<String> read = new ArrayList<>();
        readUntil(consumer, read, 200);

        assertThat(read).containsExactlyElementsOf(expected(200));
        assertThat(preferredReadReplica(consumer)).isEqualTo(follower);

        cluster.stop(follower);
        // The stopped follower left the ISR and does not come back while it is down: acks=all goes on at once
        // (it once waited replica.lag.time.max.ms, 30 s, for a follower whose last fetch completed after it stopped).
        long started = System.nanoTime();
        produce(200, 100);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        readUntil(consumer, read, 300);

        assertThat(read).containsExactlyElementsOf(expected(300));
        cluster.start(follower);
    }
}
