package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction coordinator seen by the official clients on one broker: {@code initTransactions}, fencing of a
 * zombie by a new producer with the same {@code transactional.id}, the broker aborting a transaction left open past
 * {@code transaction.timeout.ms}, and the Admin client's {@code listTransactions}/{@code describeTransactions}.
 * Nothing here needs transaction markers to reach a partition (see {@link TransactionalCommitIT} for that).
 */
class TransactionCoordinatorIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        // A short abort check so a timed-out transaction is aborted within the test; few partitions load faster.
        broker = TestBroker.start(dir.resolve("broker"), Map.of(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "200",
                "transaction.state.log.num.partitions", "5"));
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaProducer<byte[], byte[]> transactional(String id, int timeoutMs) {
        return Clients.transactionalProducer(broker, id, timeoutMs);
    }

    private static TransactionDescription describe(String id) throws Exception {
        return Clients.describeTransaction(admin, id);
    }

    @Test
    void initTransactionsGivesAProducerIdAndTheAdminSeesAnEmptyTransaction() throws Exception {
        KafkaProducer<byte[], byte[]> producer = transactional("init-ok", 60_000);
        producer.initTransactions();

        TransactionDescription d = describe("init-ok");
        assertThat(d.state()).isEqualTo(TransactionState.EMPTY);
        assertThat(d.producerId()).isGreaterThanOrEqualTo(0);
        assertThat(d.producerEpoch()).isEqualTo((short) 0);
        assertThat(d.transactionTimeoutMs()).isEqualTo(60_000);
        assertThat(d.topicPartitions()).isEmpty();
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        Clients.createTopic(admin, "fencing", 2);
        KafkaProducer<byte[], byte[]> zombie = transactional("fenced", 60_000);
        zombie.initTransactions();
        KafkaProducer<byte[], byte[]> successor = transactional("fenced", 60_000);
        successor.initTransactions();
        assertThat(describe("fenced").producerEpoch()).isEqualTo((short) 1);

        zombie.beginTransaction();
        // Transactions v2: the partition leader's AddPartitionsToTxn is refused, and producers get that as
        // INVALID_PRODUCER_EPOCH on the send (Kafka's mapping); the first protocol's own AddPartitionsToTxn gets
        // PRODUCER_FENCED.
        assertThatThrownBy(() -> {
            zombie.send(new ProducerRecord<>("fencing", 0, null, "late".getBytes())).get();
            zombie.commitTransaction();
        }).satisfies(e -> assertThat(rootCause(e))
                .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class));
        assertThatThrownBy(zombie::commitTransaction).as("it cannot commit afterwards")
                .isInstanceOf(org.apache.kafka.common.KafkaException.class);
    }

    @Test
    void anOngoingTransactionIsListedAndDescribedWithItsPartitions() throws Exception {
        Clients.createTopic(admin, "listed", 3);
        KafkaProducer<byte[], byte[]> producer = transactional("listed", 60_000);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("listed", 0, null, "a".getBytes())).get();
        producer.send(new ProducerRecord<>("listed", 2, null, "b".getBytes())).get();

        TransactionDescription d = describe("listed");
        assertThat(d.state()).isEqualTo(TransactionState.ONGOING);
        assertThat(d.topicPartitions()).containsExactlyInAnyOrder(
                new TopicPartition("listed", 0), new TopicPartition("listed", 2));
        assertThat(d.transactionStartTimeMs()).isPresent();

        Collection<TransactionListing> ongoing = admin.listTransactions(new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.ONGOING))).all().get();
        assertThat(ongoing).extracting(TransactionListing::transactionalId).contains("listed");
        assertThat(ongoing).filteredOn(l -> l.transactionalId().equals("listed"))
                .extracting(TransactionListing::producerId).containsExactly(d.producerId());
        Set<String> byProducer = admin.listTransactions(new ListTransactionsOptions()
                        .filterProducerIds(Set.of(d.producerId()))).all().get().stream()
                .map(TransactionListing::transactionalId).collect(Collectors.toSet());
        assertThat(byProducer).containsExactly("listed");
        Collection<TransactionListing> completed = admin.listTransactions(new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.COMPLETE_COMMIT))).all().get();
        assertThat(completed).extracting(TransactionListing::transactionalId).doesNotContain("listed");
    }

    @Test
    void aTransactionOpenPastItsTimeoutIsAbortedAndItsProducerFenced() throws Exception {
        Clients.createTopic(admin, "timeout", 1);
        KafkaProducer<byte[], byte[]> producer = transactional("timed-out", 1_000);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("timeout", 0, null, "x".getBytes())).get();
        int epoch = describe("timed-out").producerEpoch();

        // The abort is decided (PrepareAbort written with a bumped epoch) even before its markers are written.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            TransactionDescription d = describe("timed-out");
            assertThat(d.state()).isIn(TransactionState.PREPARE_ABORT, TransactionState.COMPLETE_ABORT);
            assertThat((int) d.producerEpoch()).isEqualTo(epoch + 1);
        });
        assertThatThrownBy(producer::commitTransaction)
                .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
