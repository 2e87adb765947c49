package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.InProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several named listeners, as Kafka users configure them (issue 12, point 1): each broker serves an INTERNAL and an
 * EXTERNAL listener, advertised under different host names, and replicates over INTERNAL
 * ({@code inter.broker.listener.name}). A client sees every broker under the names of the listener it connected to:
 * DescribeCluster, Metadata and FindCoordinator answer per listener, and an acks=all producer, which needs the
 * followers to fetch over INTERNAL, and a consumer group work through EXTERNAL.
 */
class ListenersIT {
    private static final String TOPIC = "two-listeners";

    @TempDir
    Path dir;

    @Test
    void clientsSeeTheBrokersOfTheirListenerAndReplicationUsesTheInterBrokerOne() throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(dir, 2, Map.of(
                "listeners", "INTERNAL://127.0.0.1:0,EXTERNAL://127.0.0.1:0",
                "advertised.listeners", "INTERNAL://127.0.0.1:0,EXTERNAL://localhost:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL",
                "offsets.topic.replication.factor", "2"))) {
            String external = "localhost:" + cluster.broker(0).port("EXTERNAL");
            String internal = "127.0.0.1:" + cluster.broker(0).port("INTERNAL");
            try (Admin externalAdmin = admin(external); Admin internalAdmin = admin(internal)) {
                assertThat(nodes(externalAdmin)).containsExactlyInAnyOrder(
                        "localhost:" + cluster.broker(0).port("EXTERNAL"),
                        "localhost:" + cluster.broker(1).port("EXTERNAL"));
                assertThat(nodes(internalAdmin)).containsExactlyInAnyOrder(
                        "127.0.0.1:" + cluster.broker(0).port("INTERNAL"),
                        "127.0.0.1:" + cluster.broker(1).port("INTERNAL"));

                externalAdmin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(2), Optional.of((short) 2))
                        .configs(Map.of("min.insync.replicas", "2")))).all().get(TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
                await("both replicas of every partition in sync").atMost(TIMEOUT).until(() ->
                        internalAdmin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                                .stream().allMatch(p -> p.isr().size() == 2));
            }

            try (KafkaProducer<byte[], byte[]> producer = producer(external)) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 2, null, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(external, "external-group")) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
                await("records read by a group member on EXTERNAL").atMost(TIMEOUT).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                    return read.size() >= 20;
                });
                consumer.commitSync(TIMEOUT);
                assertThat(read).hasSize(20);
            }
        }
    }

    private static List<String> nodes(Admin admin) throws Exception {
        List<String> out = new ArrayList<>();
        for (Node n : admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            out.add(n.host() + ":" + n.port());
        }
        return out;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(c);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(c);
    }
}
