package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions v2 (KIP-890) with the official Java producer, which uses it because the broker finalizes
 * {@code transaction.version} 2: partitions join a transaction through Produce, every commit and abort bumps the
 * epoch, a late write of an ended transaction is fenced, and a producer whose transaction timed out aborts and goes
 * on. Also the first protocol's partition verification (KIP-890 part 1) for older clients, with hand-built requests.
 */
class TransactionsV2IT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
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

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> readCommitted(String topic) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return seen;
    }

    @Test
    void kafka4ClientsAreToldToUseTransactionsV2() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            ApiVersionsResponse versions = c.call(new ApiVersionsRequest.Builder().build((short) 3));
            ApiVersionsResponseData.FinalizedFeatureKey finalized =
                    versions.data().finalizedFeatures().find("transaction.version");
            assertThat(finalized).isNotNull();
            assertThat(finalized.maxVersionLevel()).isEqualTo((short) 2);
            assertThat(versions.data().supportedFeatures().find("transaction.version").maxVersion())
                    .isEqualTo((short) 2);
            assertThat(versions.data().finalizedFeaturesEpoch()).isNotNegative();
            assertThat(versions.apiVersion(ApiKeys.END_TXN.id).maxVersion()).isGreaterThanOrEqualTo((short) 5);
        }
    }

    @Test
    void partitionsJoinThroughProduceAndEveryCommitAndAbortBumpsTheEpoch() throws Exception {
        Clients.createTopic(admin, "v2-bump", 2);
        try (KafkaProducer<byte[], byte[]> producer = transactional("v2-bump", 60_000)) {
            producer.initTransactions();
            int first = describe("v2-bump").producerEpoch();

            producer.beginTransaction();
            producer.send(record("v2-bump", 0, "c1")).get();
            producer.send(record("v2-bump", 1, "c2")).get();
            TransactionDescription open = describe("v2-bump");
            assertThat(open.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(open.topicPartitions()).as("added by the partition leaders, not by the producer")
                    .containsExactlyInAnyOrder(new TopicPartition("v2-bump", 0), new TopicPartition("v2-bump", 1));
            producer.commitTransaction();
            assertThat(describe("v2-bump").producerEpoch()).isEqualTo(first + 1);

            producer.beginTransaction();
            producer.send(record("v2-bump", 0, "a1")).get();
            producer.abortTransaction();
            assertThat(describe("v2-bump").producerEpoch()).isEqualTo(first + 2);

            producer.beginTransaction();
            producer.send(record("v2-bump", 1, "c3")).get();
            producer.commitTransaction();
            assertThat(describe("v2-bump").producerEpoch()).isEqualTo(first + 3);
        }
        assertThat(readCommitted("v2-bump")).containsExactlyInAnyOrder("c1", "c2", "c3");
    }

    @Test
    void aLateWriteOfACommittedTransactionIsFencedAndNotAppended() throws Exception {
        Clients.createTopic(admin, "v2-late", 1);
        TopicPartition tp = new TopicPartition("v2-late", 0);
        long producerId;
        short epoch;
        try (KafkaProducer<byte[], byte[]> producer = transactional("v2-late", 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("v2-late", 0, "ok")).get();
            TransactionDescription open = describe("v2-late");
            producerId = open.producerId();
            epoch = (short) open.producerEpoch();
            producer.commitTransaction();
        }
        // Once the commit's markers are written (a batch arriving before them still belongs to the transaction).
        await().atMost(TIMEOUT).until(() -> describe("v2-late").state() == TransactionState.COMPLETE_COMMIT);
        try (RawConnection c = new RawConnection(broker.port())) {
            // The same producer and epoch as the committed transaction, as a zombie's retry would send it.
            MemoryRecords late = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, 1,
                    TxnRequests.values("late"));
            Errors error = produce(c, (short) 12, "v2-late", tp, late);
            assertThat(error).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        }
        assertThat(readCommitted("v2-late")).containsExactly("ok");
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get()
                .get(tp).offset()).as("the record and its commit marker only").isEqualTo(2);
    }

    @Test
    void aProducerWhoseTransactionTimedOutIsFencedOnCommitButGoesOnAfterAnAbort() throws Exception {
        Clients.createTopic(admin, "v2-timeout", 1);
        try (KafkaProducer<byte[], byte[]> producer = transactional("v2-timeout", 1_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("v2-timeout", 0, "lost")).get();
            int epoch = describe("v2-timeout").producerEpoch();
            await().atMost(TIMEOUT).until(() -> describe("v2-timeout").state() == TransactionState.COMPLETE_ABORT);
            assertThat(describe("v2-timeout").producerEpoch()).isEqualTo(epoch + 1);

            // Its abort is recognised as the one the coordinator already made; it goes on with the bumped epoch.
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record("v2-timeout", 0, "kept")).get();
            producer.commitTransaction();
        }
        assertThat(readCommitted("v2-timeout")).containsExactly("kept");

        try (KafkaProducer<byte[], byte[]> producer = transactional("v2-timeout-commit", 1_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("v2-timeout", 0, "never")).get();
            await().atMost(TIMEOUT).until(() ->
                    describe("v2-timeout-commit").state() == TransactionState.COMPLETE_ABORT);
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(ProducerFencedException.class);
        }
        assertThat(readCommitted("v2-timeout")).containsExactly("kept");
    }

    @Test
    void aFirstProtocolBatchForAPartitionOutsideTheTransactionIsRefusedWhole() throws Exception {
        Clients.createTopic(admin, "v1-verify", 2);
        TopicPartition added = new TopicPartition("v1-verify", 0);
        TopicPartition notAdded = new TopicPartition("v1-verify", 1);
        try (RawConnection c = new RawConnection(broker.port())) {
            InitProducerIdResponse init = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId("v1-verify").setTransactionTimeoutMs(60_000)).build((short) 4));
            assertThat(init.error()).isEqualTo(Errors.NONE);
            long pid = init.data().producerId();
            short epoch = init.data().producerEpoch();
            AddPartitionsToTxnResponse addResponse = c.call(AddPartitionsToTxnRequest.Builder.forClient("v1-verify",
                    pid, epoch, List.of(added)).build((short) 3));
            assertThat(addResponse.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID).values())
                    .containsOnly(Errors.NONE);

            MemoryRecords batch = MemoryRecords.withTransactionalRecords(Compression.NONE, pid, epoch, 0,
                    TxnRequests.values("x"));
            assertThat(produce(c, (short) 10, "v1-verify", notAdded, batch))
                    .as("clients before Produce v11 know INVALID_TXN_STATE").isEqualTo(Errors.INVALID_TXN_STATE);
            assertThat(produce(c, (short) 11, "v1-verify", notAdded, batch))
                    .isEqualTo(Errors.TRANSACTION_ABORTABLE);
            assertThat(produce(c, (short) 11, "v1-verify", added, batch)).isEqualTo(Errors.NONE);
        }
        assertThat(admin.listOffsets(Map.of(notAdded, OffsetSpec.latest())).all()
                .get().get(notAdded).offset()).as("nothing appended where verification failed").isZero();
    }

    @Test
    void aPartitionLeadersBatchedRequestIsAnsweredPerTransaction() throws Exception {
        // What a leader on another broker sends the coordinator: AddPartitionsToTxn v4+, several transactions, some
        // only verified and some added (transactions v2).
        Clients.createTopic(admin, "batched", 2);
        TopicPartition p0 = new TopicPartition("batched", 0);
        TopicPartition p1 = new TopicPartition("batched", 1);
        try (RawConnection c = new RawConnection(broker.port())) {
            InitProducerIdResponse adding = init(c, "batched-add");
            InitProducerIdResponse verifying = init(c, "batched-verify");
            AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection transactions =
                    new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection();
            transactions.add(transaction("batched-add", adding, false, p0, p1));
            transactions.add(transaction("batched-verify", verifying, true, p0));
            AddPartitionsToTxnResponse r = c.call(AddPartitionsToTxnRequest.Builder.forBroker(transactions)
                    .build((short) 5));
            assertThat(r.errors().get("batched-add")).containsOnly(Map.entry(p0, Errors.NONE),
                    Map.entry(p1, Errors.NONE));
            assertThat(r.errors().get("batched-verify")).as("never added")
                    .containsOnly(Map.entry(p0, Errors.TRANSACTION_ABORTABLE));
        }
        assertThat(describe("batched-add").topicPartitions()).containsExactlyInAnyOrder(p0, p1);
        assertThat(describe("batched-verify").topicPartitions()).isEmpty();
    }

    private static InitProducerIdResponse init(RawConnection c, String transactionalId) throws Exception {
        InitProducerIdResponse init = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(transactionalId).setTransactionTimeoutMs(60_000)).build((short) 4));
        assertThat(init.error()).isEqualTo(Errors.NONE);
        return init;
    }

    private static AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction transaction(
            String id, InitProducerIdResponse producer, boolean verifyOnly, TopicPartition... partitions) {
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        for (TopicPartition tp : partitions) {
            AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(tp.topic());
                topics.add(topic);
            }
            topic.partitions().add(tp.partition());
        }
        return new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction().setTransactionalId(id)
                .setProducerId(producer.data().producerId()).setProducerEpoch(producer.data().producerEpoch())
                .setVerifyOnly(verifyOnly).setTopics(topics);
    }

    private static Errors produce(RawConnection c, short version, String transactionalId, TopicPartition tp,
                                  MemoryRecords records) throws Exception {
        return Errors.forCode(TxnRequests.produceAnswer(c, version, tp, transactionalId, records).errorCode());
    }
}
