package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static io.samsa.it.TxnRequests.initProducerId;
import static io.samsa.it.TxnRequests.markerErrors;
import static io.samsa.it.TxnRequests.produceAnswer;
import static io.samsa.it.TxnRequests.writeMarkers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.TransactionResult;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition side of transactions, driven by hand as a transaction coordinator would: transactional batches
 * from producer ids of InitProducerId, then WriteTxnMarkers ABORT for one transaction and COMMIT for another. The
 * official consumer with {@code isolation.level=read_committed} sees only committed records, stops at the last
 * stable offset while a transaction is open, and still does after a restart (the {@code .txnindex} and the open
 * transaction survive it); read_uncommitted sees everything.
 */
class TransactionMarkersIT {
    /**
     * These tests play the coordinator themselves (hand-made producer ids and markers), so the broker must not ask
     * its own coordinator about their transactional batches (KIP-890 verification, which knows nothing of them).
     */
    private static final Map<String, String> PARTITION_SIDE_ONLY =
            Map.of("transaction.partition.verification.enable", "false");

    private static final String TOPIC = "txn-markers";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dir;

    private static long txn(RawConnection c, long producerId, int sequence, String... v) throws IOException {
        return TxnRequests.txn(c, TP, producerId, sequence, v);
    }

    private static long plain(RawConnection c, String... v) throws IOException {
        return TxnRequests.plain(c, TP, v);
    }

    private static WriteTxnMarkersRequest.TxnMarkerEntry marker(long producerId, TransactionResult result) {
        return TxnRequests.marker(producerId, result, TP);
    }

    private static List<String> read(TestBroker broker, String isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            return Clients.readFromBeginning(consumer, List.of(TP)).stream()
                    .map(ConsumerRecord::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
        }
    }

    private static long endOffset(TestBroker broker, String isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            return consumer.endOffsets(List.of(TP), TIMEOUT).get(TP);
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnlyAndStopAtAnOpenOne() throws Exception {
        long aborting;
        try (TestBroker broker = TestBroker.start(dir, PARTITION_SIDE_ONLY)) {
            Clients.createTopic(broker.adminClient(), TOPIC, 1);
            try (RawConnection c = new RawConnection(broker.port())) {
                aborting = initProducerId(c);
                long committing = initProducerId(c);
                assertThat(plain(c, "p0")).isZero();
                assertThat(txn(c, aborting, 0, "a0", "a1")).isEqualTo(1);
                assertThat(txn(c, committing, 0, "b0", "b1")).isEqualTo(3);
                plain(c, "p1");                                            // 5, between the transactions' ends
                writeMarkers(c, List.of(marker(aborting, TransactionResult.ABORT),
                        marker(committing, TransactionResult.COMMIT)));    // 6, 7
                plain(c, "p2");                                            // 8
                assertThat(read(broker, "read_committed")).containsExactly("p0", "b0", "b1", "p1", "p2");
                assertThat(read(broker, "read_uncommitted"))
                        .containsExactly("p0", "a0", "a1", "b0", "b1", "p1", "p2");

                // A transaction left open: read_committed consumers stop before it.
                assertThat(txn(c, aborting, 2, "a2")).isEqualTo(9);
                plain(c, "p3");                                            // 10
            }
            assertThat(endOffset(broker, "read_committed")).isEqualTo(9);
            assertThat(endOffset(broker, "read_uncommitted")).isEqualTo(11);
            assertThat(read(broker, "read_committed")).containsExactly("p0", "b0", "b1", "p1", "p2");
            List<ProducerState> producers = broker.adminClient().describeProducers(List.of(TP)).partitionResult(TP)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).activeProducers();
            assertThat(producers).filteredOn(p -> p.producerId() == aborting).singleElement()
                    .satisfies(p -> assertThat(p.currentTransactionStartOffset()).hasValue(9L));

            // A restart keeps the aborted-transaction index and the open transaction.
            broker.restart();
            assertThat(endOffset(broker, "read_committed")).isEqualTo(9);
            assertThat(read(broker, "read_committed")).containsExactly("p0", "b0", "b1", "p1", "p2");
            try (RawConnection c = new RawConnection(broker.port())) {
                writeMarkers(c, List.of(marker(aborting, TransactionResult.COMMIT)));   // 11
            }
            assertThat(endOffset(broker, "read_committed")).isEqualTo(12);
            assertThat(read(broker, "read_committed")).containsExactly("p0", "b0", "b1", "p1", "p2", "a2", "p3");
        }
    }

    @Test
    void afterAnUncleanStopTheAbortedAndOpenTransactionsAreRebuiltFromTheLog() throws Exception {
        Path crashCopy = dir.resolve("logs-at-crash");
        long aborting;
        try (TestBroker broker = TestBroker.start(dir, PARTITION_SIDE_ONLY)) {
            Clients.createTopic(broker.adminClient(), TOPIC, 1);
            try (RawConnection c = new RawConnection(broker.port())) {
                aborting = initProducerId(c);
                long open = initProducerId(c);
                plain(c, "p0");                                            // 0
                txn(c, aborting, 0, "a0");                                 // 1
                txn(c, open, 0, "o0");                                     // 2
                writeMarkers(c, List.of(marker(aborting, TransactionResult.ABORT)));   // 3
                plain(c, "p1");                                            // 4
            }
            assertThat(endOffset(broker, "read_committed")).isEqualTo(2);
            copyTree(broker.logDir(), crashCopy); // still running: what a kill -9 leaves
        }
        // Nothing flushed the index or a producer snapshot: both come back from the batches alone.
        try (Stream<Path> files = Files.walk(crashCopy)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".txnindex") || name.endsWith(".snapshot")) {
                    Files.delete(f);
                }
            }
        }
        replaceTree(dir.resolve("logs"), crashCopy);

        try (TestBroker broker = TestBroker.start(dir, PARTITION_SIDE_ONLY)) {
            assertThat(endOffset(broker, "read_committed")).as("the open transaction still holds the LSO")
                    .isEqualTo(2);
            try (RawConnection c = new RawConnection(broker.port())) {
                List<ProducerState> producers = broker.adminClient().describeProducers(List.of(TP))
                        .partitionResult(TP).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).activeProducers();
                long open = producers.stream().filter(p -> p.currentTransactionStartOffset().isPresent())
                        .mapToLong(ProducerState::producerId).findFirst().orElseThrow();
                writeMarkers(c, List.of(new WriteTxnMarkersRequest.TxnMarkerEntry(open, (short) 0, 0,
                        TransactionResult.COMMIT, List.of(TP))));         // 5
            }
            assertThat(read(broker, "read_committed")).containsExactly("p0", "o0", "p1");
            assertThat(read(broker, "read_uncommitted")).containsExactly("p0", "a0", "o0", "p1");
        }
    }

    @Test
    void markersAndTransactionalProducesAreRefusedAsKafkaRefusesThem() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, PARTITION_SIDE_ONLY)) {
            Clients.createTopic(broker.adminClient(), TOPIC, 1);
            try (RawConnection c = new RawConnection(broker.port())) {
                long producer = initProducerId(c);
                MemoryRecords transactional = MemoryRecords.withTransactionalRecords(Compression.NONE, producer,
                        (short) 0, 0, TxnRequests.values("t0"));
                assertThat(Errors.forCode(produceAnswer(c, TP, null, transactional).errorCode()))
                        .as("transactional batches without a transactional id")
                        .isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
                MemoryRecords control = MemoryRecords.withEndTransactionMarker(0L, producer, (short) 0,
                        new EndTransactionMarker(ControlRecordType.COMMIT, 0));
                assertThat(Errors.forCode(produceAnswer(c, TP, "tx", control).errorCode()))
                        .as("a client's control batch").isEqualTo(Errors.INVALID_RECORD);

                txn(c, producer, 0, "t0");
                writeMarkers(c, List.of(new WriteTxnMarkersRequest.TxnMarkerEntry(producer, (short) 0, 3,
                        TransactionResult.ABORT, List.of(TP))));
                assertThat(markerErrors(c, List.of(
                        new WriteTxnMarkersRequest.TxnMarkerEntry(producer, (short) 0, 2, TransactionResult.COMMIT,
                                List.of(TP)),
                        new WriteTxnMarkersRequest.TxnMarkerEntry(producer, (short) 0, 3, TransactionResult.COMMIT,
                                List.of(new TopicPartition(TOPIC, 7), new TopicPartition("no-such-topic", 0))))))
                        .containsExactly(Errors.TRANSACTION_COORDINATOR_FENCED, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                                Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Deletes {@code target} and moves {@code replacement} into its place. */
    private static void replaceTree(Path target, Path replacement) throws IOException {
        try (Stream<Path> files = Files.walk(target)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        Files.move(replacement, target);
    }
}
