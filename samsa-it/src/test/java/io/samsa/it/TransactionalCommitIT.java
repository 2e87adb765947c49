package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction end to end with the official clients: records to two topics plus {@code sendOffsetsToTransaction},
 * committed; another aborted; a {@code read_committed} consumer sees exactly the committed records and the group's
 * offsets are those of the committed transaction. This needs both halves of transactions: the coordinator (markers,
 * TxnOffsetCommit) and the partition side (the WriteTxnMarkers handler, control batches, the last stable offset).
 * Until the broker serves WriteTxnMarkers the test is skipped, not failed.
 */
class TransactionalCommitIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), Map.of("transaction.state.log.num.partitions", "5"));
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static void assumeMarkersAreServed() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            ApiVersionsResponse versions = c.call(new ApiVersionsRequest.Builder().build((short) 3));
            assumeThat(versions.apiVersion(ApiKeys.WRITE_TXN_MARKERS.id))
                    .as("the broker serves WriteTxnMarkers (the partition side of transactions)").isNotNull();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> r.topic() + "-" + r.partition() + ":"
                + new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void readCommittedSeesExactlyTheCommittedTransactionsAndTheirOffsets() throws Exception {
        assumeMarkersAreServed();
        Clients.createTopic(admin, "txn-a", 2);
        Clients.createTopic(admin, "txn-b", 1);
        Clients.createTopic(admin, "txn-in", 1);
        KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "e2e", ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000));
        producer.initTransactions();
        TopicPartition input = new TopicPartition("txn-in", 0);

        producer.beginTransaction();
        producer.send(record("txn-a", 0, "c1"));
        producer.send(record("txn-a", 1, "c2"));
        producer.send(record("txn-b", 0, "c3"));
        producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(5)), new ConsumerGroupMetadata("g"));
        producer.commitTransaction();

        producer.beginTransaction();
        producer.send(record("txn-a", 0, "aborted"));
        producer.send(record("txn-b", 0, "aborted"));
        producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(9)), new ConsumerGroupMetadata("g"));
        producer.flush(); // abortTransaction drops records not sent yet; these must reach the log to be aborted there
        producer.abortTransaction();

        producer.beginTransaction();
        producer.send(record("txn-a", 0, "c4"));
        producer.commitTransaction();

        await().atMost(TIMEOUT).until(() -> admin.describeTransactions(List.of("e2e")).description("e2e").get()
                .state() == TransactionState.COMPLETE_COMMIT);
        TopicPartition a0 = new TopicPartition("txn-a", 0);
        TopicPartition a1 = new TopicPartition("txn-a", 1);
        TopicPartition b0 = new TopicPartition("txn-b", 0);
        // Every record and marker: a-0 c1, commit, aborted, abort, c4, commit; a-1 c2, commit; b-0 c3, commit,
        // aborted, abort. Read once the end offsets (the last stable offset for read_committed) cover them all.
        Map<TopicPartition, Long> ends = Map.of(a0, 6L, a1, 2L, b0, 4L);
        KafkaConsumer<byte[], byte[]> committed = broker.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed.endOffsets(ends.keySet())).isEqualTo(ends));
        assertThat(values(Clients.readFromBeginning(committed, List.of(a0, a1, b0))))
                .containsExactlyInAnyOrder("txn-a-0:c1", "txn-a-1:c2", "txn-b-0:c3", "txn-a-0:c4");

        KafkaConsumer<byte[], byte[]> uncommitted = broker.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(uncommitted.endOffsets(List.of(b0))).isEqualTo(
                Map.of(b0, 4L)));
        assertThat(values(Clients.readFromBeginning(uncommitted, List.of(b0))))
                .containsExactly("txn-b-0:c3", "txn-b-0:aborted");

        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets("g").partitionsToOffsetAndMetadata().get();
        assertThat(offsets.get(input).offset()).isEqualTo(5);
    }
}
