package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.testkit.process.ProcessCluster;
import io.samsa.testkit.process.ProcessClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newest Kafka Java clients (this module's kafka-clients, newer than the one Samsa builds against) against a
 * three-broker Samsa cluster started from the distribution: they negotiate down to the versions Samsa advertises and
 * work unchanged — admin (create, describe with DescribeTopicPartitions), the idempotent producer with acks=all,
 * and consumers with both group protocols, committing offsets — and keep working through a leader's kill -9.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewestClientsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static ProcessCluster cluster;
    static final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = ProcessCluster.start(ProcessClusterConfig.in(dir).brokers(3));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Admin admin() {
        Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()));
        clients.add(a);
        return a;
    }

    private static KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        clients.add(p);
        return p;
    }

    private static KafkaConsumer<String, String> consumer(String group, String protocol) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> k = new KafkaConsumer<>(c);
        clients.add(k);
        return k;
    }

    private static Set<String> consumeAll(KafkaConsumer<String, String> consumer, String topic, int expected) {
        consumer.subscribe(List.of(topic));
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (seen.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                seen.add(r.value());
            }
        }
        consumer.commitSync();
        return seen;
    }

    @Test
    @Order(1)
    void theNewestClientsProduceConsumeAndAdministerAReplicatedTopic() throws Exception {
        assertThat(AppInfoParser.getVersion()).as("the client under test").startsWith("4.4");
        String topic = "newest-clients";
        Admin admin = admin();
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        assertThat(d.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.isr()).hasSize(3));

        KafkaProducer<String, String> producer = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        assertThat(consumeAll(consumer("classic-group", "classic"), topic, 300)).hasSize(300);
        assertThat(consumeAll(consumer("consumer-group", "consumer"), topic, 300)).hasSize(300);
        assertThat(admin.listConsumerGroupOffsets("classic-group").partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).hasSize(3);
    }

    @Test
    @Order(2)
    void theNewestTransactionalProducerUsesTransactionsV2() throws Exception {
        String topic = "newest-transactions";
        Admin admin = admin();
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "newest-txn",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000));
        try {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                producer.initTransactions();
                int first = admin.describeTransactions(List.of("newest-txn")).description("newest-txn")
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).producerEpoch();
                for (int t = 0; t < 3; t++) {
                    producer.beginTransaction();
                    for (int p = 0; p < 3; p++) {
                        producer.send(new ProducerRecord<>(topic, p, null, "t" + t + "-p" + p));
                    }
                    if (t == 1) {
                        producer.abortTransaction();
                    } else {
                        producer.commitTransaction();
                    }
                }
                // Transactions v2: the epoch was bumped by each of the three ends.
                assertThat(admin.describeTransactions(List.of("newest-txn")).description("newest-txn")
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).producerEpoch()).isEqualTo(first + 3);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new AssertionError("transactions failed; the brokers' logs end with:\n" + cluster.logTails(60), e);
        }
        Map<String, Object> consumerConfig = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "newest-txn-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig);
        clients.add(consumer);
        assertThat(consumeAll(consumer, topic, 6)).containsExactlyInAnyOrder(
                "t0-p0", "t0-p1", "t0-p2", "t2-p0", "t2-p1", "t2-p2");
    }

    @Test
    @Order(3)
    void theNewestProducerRidesThroughTheKillOfALeader() throws Exception {
        String topic = "newest-failover";
        Admin admin = admin();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        int leader = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().get(0).leader().id();
        KafkaProducer<String, String> producer = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, "before-" + i)));
        }
        producer.flush();
        // The group's coordinator (and __consumer_offsets, which needs three live brokers to be created) exists
        // before the kill, as in a running system.
        KafkaConsumer<String, String> consumer = consumer("failover-group", "consumer");
        assertThat(consumeAll(consumer, topic, 200)).hasSize(200);

        cluster.kill(leader);
        for (int i = 0; i < 200; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, "after-" + i)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(admin.describeTopics(List.of(topic))
                .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().get(0)
                .leader().id()).isNotEqualTo(leader));

        Set<String> read = consumeAll(consumer, topic, 200);
        assertThat(read).as(() -> cluster.logTails(80)).hasSize(200).allMatch(v -> v.startsWith("after-"));
        cluster.start(leader);
    }
}
