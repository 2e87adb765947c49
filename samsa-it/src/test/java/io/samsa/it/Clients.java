package io.samsa.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Small helpers over Kafka's clients shared by the integration tests. Stateless. */
final class Clients {
    /** Upper bound for any single admin call or read-back in these tests. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** No read-back loop polls more often than this, whatever its deadline. */
    private static final int MAX_POLLS = 10_000;

    private Clients() {
    }

    /** Creates a topic with replication factor 1 and waits for the broker's answer. */
    static void createTopic(Admin admin, String name, int partitions, Map<String, String> configs) throws Exception {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
        admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void createTopic(Admin admin, String name, int partitions) throws Exception {
        createTopic(admin, name, partitions, Map.of());
    }

    /**
     * Assigns {@code partitions}, seeks each to {@code from} (or the beginning when absent) and polls until every
     * partition's position has reached its current end offset, or {@link #TIMEOUT} passed. Returns what was read,
     * in the order the consumer returned it (per partition, that is offset order).
     */
    static List<ConsumerRecord<byte[], byte[]>> readToEnd(KafkaConsumer<byte[], byte[]> consumer,
                                                          Collection<TopicPartition> partitions,
                                                          Map<TopicPartition, Long> from) {
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long offset = from.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (int polls = 0; polls < MAX_POLLS && System.nanoTime() < deadline; polls++) {
            boolean done = true;
            for (TopicPartition tp : partitions) {
                if (consumer.position(tp, TIMEOUT) < end.get(tp)) {
                    done = false;
                }
            }
            if (done) {
                break;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    static List<ConsumerRecord<byte[], byte[]>> readFromBeginning(KafkaConsumer<byte[], byte[]> consumer,
                                                                  Collection<TopicPartition> partitions) {
        return readToEnd(consumer, partitions, Map.of());
    }

    /** A transactional producer of {@code broker} with this id and transaction timeout. */
    static KafkaProducer<byte[], byte[]> transactionalProducer(TestBroker broker, String id, int timeoutMs) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    }

    /** What the coordinator reports of a transactional id. */
    static TransactionDescription describeTransaction(Admin admin, String id) throws Exception {
        return admin.describeTransactions(List.of(id)).description(id).get();
    }
}
