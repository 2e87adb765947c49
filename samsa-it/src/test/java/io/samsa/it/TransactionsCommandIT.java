package io.samsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.TransactionsCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's {@code kafka-transactions} tool against a Samsa broker (issue 10, point 6): {@code list},
 * {@code describe} and {@code describe-producers} show an open transaction; {@code find-hanging} finds a
 * transaction that a partition holds open but no coordinator knows of, and {@code abort} ends it, after which
 * read_committed consumers get past it.
 */
class TransactionsCommandIT {
    private static final short PRODUCE_VERSION = 9;

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        // Without KIP-890's partition verification, as on brokers before Kafka 3.6: the hanging transaction that
        // find-hanging is for can then be made (verification refuses the batch that would open it).
        broker = TestBroker.start(dir.resolve("broker"),
                Map.of("transaction.partition.verification.enable", "false"));
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String tool(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrap()));
        all.addAll(Arrays.asList(args));
        CliTools.Result r = CliTools.runInProcess(TransactionsCommand.class, all.toArray(String[]::new));
        assertThat(r.status()).as("kafka-transactions %s\n%s", Arrays.toString(args), r).isZero();
        return r.out();
    }

    @Test
    void listDescribeAndDescribeProducersShowAnOpenTransaction() throws Exception {
        admin.createTopics(List.of(new NewTopic("tool-open", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tool-txn"), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("tool-open", "k", "v" + i));
            }
            producer.flush();

            assertThat(tool("list")).contains("tool-txn").contains("Ongoing");
            assertThat(tool("describe", "--transactional-id", "tool-txn")).contains("Ongoing")
                    .contains("tool-open-0");
            String producers = tool("describe-producers", "--topic", "tool-open", "--partition", "0");
            List<String> rows = producers.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertThat(rows).as(producers).hasSize(2);
            List<String> row = Arrays.asList(rows.get(1).split("\\s+"));
            assertThat(row.get(row.size() - 1)).as("the open transaction's first offset: %s", producers)
                    .isEqualTo("0");
            producer.commitTransaction();
        }
        // commitTransaction returns once the commit is decided; the markers, then CompleteCommit, follow.
        await("the commit completed").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tool("describe", "--transactional-id", "tool-txn")).contains("CompleteCommit"));
    }

    @Test
    void findHangingFindsATransactionNoCoordinatorKnowsAndAbortEndsIt() throws Exception {
        admin.createTopics(List.of(new NewTopic("tool-hanging", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition("tool-hanging", 0);
        // A transactional batch from a producer id that never went through a transaction coordinator: the
        // partition holds its transaction open, and nothing will ever end it.
        long producerId;
        try (RawConnection c = new RawConnection(broker.port())) {
            InitProducerIdResponse init = c.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)).build((short) 4));
            assertThat(init.error()).isEqualTo(Errors.NONE);
            producerId = init.data().producerId();
            MemoryRecords batch = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, 0,
                    new SimpleRecord("ghost".getBytes(StandardCharsets.UTF_8)));
            ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5_000)
                    .setTransactionalId("ghost-txn")
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                            new ProduceRequestData.TopicProduceData().setName(tp.topic()).setPartitionData(List.of(
                                    new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch))))
                            .iterator()));
            ProduceResponse produced = c.call(new ProduceRequest.Builder(PRODUCE_VERSION, PRODUCE_VERSION, data)
                    .build(PRODUCE_VERSION));
            assertThat(produced.data().responses().iterator().next().partitionResponses().get(0).errorCode())
                    .isEqualTo(Errors.NONE.code());
        }
        assertThat(lastStableOffset(tp)).as("held at the open transaction").isZero();

        String hanging = tool("find-hanging", "--broker-id", "0", "--max-transaction-timeout", "0");
        assertThat(hanging).as(hanging).contains("tool-hanging").contains(Long.toString(producerId));

        tool("abort", "--topic", "tool-hanging", "--partition", "0", "--start-offset", "0");
        await("read_committed past the aborted transaction").atMost(Duration.ofSeconds(30))
                .until(() -> lastStableOffset(tp) == 2); // the batch, then the abort marker
        assertThat(tool("find-hanging", "--broker-id", "0", "--max-transaction-timeout", "0"))
                .doesNotContain("tool-hanging");
    }

    /** The end of what read_committed consumers may read: the last stable offset. */
    private static long lastStableOffset(TopicPartition tp) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }
}
