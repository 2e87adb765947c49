package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Producing and consuming with Kafka's Java clients: every field comes back exactly, and positions work. */
class ProduceConsumeIT {
    private static final int RECORDS_PER_CASE = 500;
    /** Records of the shared read-only topic {@code positions}. */
    private static final int POSITIONS_COUNT = 300;

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;
    static List<TestRecord> positionsRecords;
    static final TopicPartition POSITIONS = new TopicPartition("positions", 0);

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
        admin = broker.adminClient();
        Clients.createTopic(admin, POSITIONS.topic(), 1);
        positionsRecords = TestRecord.generate(1, POSITIONS_COUNT, System.currentTimeMillis() - 60_000);
        sendAndCheckOffsets(broker.producer(), POSITIONS, positionsRecords);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Sends {@code records} to {@code tp} in order and checks they landed at offsets 0, 1, 2, … */
    private static void sendAndCheckOffsets(KafkaProducer<byte[], byte[]> producer, TopicPartition tp,
                                            List<TestRecord> records) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (TestRecord r : records) {
            acks.add(producer.send(r.toProducerRecord(tp.topic(), tp.partition())));
        }
        producer.flush();
        for (int i = 0; i < acks.size(); i++) {
            RecordMetadata m = acks.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m.offset()).as("offset acknowledged for record %d", i).isEqualTo(i);
            assertThat(m.partition()).isEqualTo(tp.partition());
        }
    }

    static Stream<Arguments> codecsAndAcks() {
        List<Arguments> cases = new ArrayList<>();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            for (String acks : List.of("0", "1", "all")) {
                cases.add(Arguments.of(codec, acks));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "compression={0} acks={1}")
    @MethodSource("codecsAndAcks")
    void everyRecordComesBackExactly(String codec, String acks) throws Exception {
        TopicPartition tp = new TopicPartition("records-" + codec + "-acks-" + acks, 0);
        Clients.createTopic(admin, tp.topic(), 1);
        List<TestRecord> sent = TestRecord.generate(codec.hashCode() * 31L + acks.hashCode(), RECORDS_PER_CASE,
                System.currentTimeMillis() - 60_000);
        KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.LINGER_MS_CONFIG, 20));

        if (acks.equals("0")) {
            // No acknowledgement carries an offset; after flush() every record has been written to the socket.
            for (TestRecord r : sent) {
                producer.send(r.toProducerRecord(tp.topic(), tp.partition()));
            }
            producer.flush();
        } else {
            sendAndCheckOffsets(producer, tp, sent);
        }

        KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
        if (acks.equals("0")) {
            // acks=0 gives no point at which the log is known to be complete: wait for the end offset first.
            await().atMost(TIMEOUT).until(
                    () -> consumer.endOffsets(List.of(tp), TIMEOUT).get(tp) >= RECORDS_PER_CASE);
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readFromBeginning(consumer, List.of(tp));
        TestRecord.assertAllMatch(sent, got, 0);
        assertThat(consumer.endOffsets(List.of(tp), TIMEOUT)).containsEntry(tp, (long) RECORDS_PER_CASE);
    }

    @Test
    void beginningAndEndOffsets() {
        KafkaConsumer<byte[], byte[]> consumer = broker.consumer();

        assertThat(consumer.beginningOffsets(List.of(POSITIONS), TIMEOUT)).containsEntry(POSITIONS, 0L);
        assertThat(consumer.endOffsets(List.of(POSITIONS), TIMEOUT))
                .containsEntry(POSITIONS, (long) POSITIONS_COUNT);
    }

    @Test
    void seekToEndReadsNothingUntilSomethingNewArrives() {
        KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
        consumer.assign(List.of(POSITIONS));
        consumer.seekToEnd(List.of(POSITIONS));

        assertThat(consumer.position(POSITIONS, TIMEOUT)).isEqualTo(POSITIONS_COUNT);
        assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
        assertThat(consumer.position(POSITIONS, TIMEOUT)).isEqualTo(POSITIONS_COUNT);
    }

    @Test
    void seekToAnOffsetReadsFromThere() {
        KafkaConsumer<byte[], byte[]> consumer = broker.consumer();

        List<ConsumerRecord<byte[], byte[]>> got = Clients.readToEnd(consumer, List.of(POSITIONS),
                Map.of(POSITIONS, 123L));

        TestRecord.assertAllMatch(positionsRecords.subList(123, POSITIONS_COUNT), got, 123);
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterATimestamp() {
        KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
        long ts150 = positionsRecords.get(150).timestamp();

        Map<TopicPartition, OffsetAndTimestamp> exact = consumer.offsetsForTimes(Map.of(POSITIONS, ts150), TIMEOUT);
        assertThat(exact.get(POSITIONS).offset()).isEqualTo(150);
        assertThat(exact.get(POSITIONS).timestamp()).isEqualTo(ts150);

        Map<TopicPartition, OffsetAndTimestamp> between =
                consumer.offsetsForTimes(Map.of(POSITIONS, ts150 + 1), TIMEOUT);
        assertThat(between.get(POSITIONS).offset()).isEqualTo(151);

        Map<TopicPartition, OffsetAndTimestamp> before =
                consumer.offsetsForTimes(Map.of(POSITIONS, positionsRecords.get(0).timestamp() - 1000), TIMEOUT);
        assertThat(before.get(POSITIONS).offset()).isZero();

        long afterLast = positionsRecords.get(POSITIONS_COUNT - 1).timestamp() + 1;
        assertThat(consumer.offsetsForTimes(Map.of(POSITIONS, afterLast), TIMEOUT).get(POSITIONS)).isNull();
    }

    @Test
    void listOffsetsForTheLargestTimestamp() throws Exception {
        var result = admin.listOffsets(Map.of(POSITIONS, OffsetSpec.maxTimestamp())).partitionResult(POSITIONS)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(result.offset()).isEqualTo(POSITIONS_COUNT - 1);
        assertThat(result.timestamp()).isEqualTo(positionsRecords.get(POSITIONS_COUNT - 1).timestamp());
    }

    @Test
    void deleteRecordsMovesTheBeginningOffset() throws Exception {
        TopicPartition tp = new TopicPartition("trimmed", 0);
        Clients.createTopic(admin, tp.topic(), 1);
        List<TestRecord> sent = TestRecord.generate(2, 200, System.currentTimeMillis() - 60_000);
        sendAndCheckOffsets(broker.producer(), tp, sent);

        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(120))).lowWatermarks().get(tp)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).lowWatermark();
        assertThat(low).isEqualTo(120);

        KafkaConsumer<byte[], byte[]> consumer = broker.consumer();
        assertThat(consumer.beginningOffsets(List.of(tp), TIMEOUT)).containsEntry(tp, 120L);
        TestRecord.assertAllMatch(sent.subList(120, 200), Clients.readFromBeginning(consumer, List.of(tp)), 120);

        // A consumer positioned below the new start is reset to it (auto.offset.reset=earliest).
        KafkaConsumer<byte[], byte[]> stale = broker.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readToEnd(stale, List.of(tp), Map.of(tp, 50L));
        TestRecord.assertAllMatch(sent.subList(120, 200), got, 120);
    }

    @Test
    void aRecordLargerThanMessageMaxBytesIsRejected(@TempDir Path smallDir) throws Exception {
        try (TestBroker small = TestBroker.start(smallDir, Map.of("message.max.bytes", "100000"))) {
            Clients.createTopic(small.adminClient(), "small", 1);
            KafkaProducer<byte[], byte[]> producer = small.producer(Map.of(
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10 * 1024 * 1024));

            Future<RecordMetadata> tooLarge = producer.send(new ProducerRecord<>("small", new byte[200_000]));
            assertThatThrownBy(() -> tooLarge.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RecordTooLargeException.class);

            // Nothing was written, and the same producer goes on with records that fit.
            RecordMetadata fits = producer.send(new ProducerRecord<>("small", new byte[50_000]))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(fits.offset()).isZero();
        }
    }

    @Test
    void aLongPollReturnsRecordsAsSoonAsTheyArrive() throws Exception {
        TopicPartition tp = new TopicPartition("long-poll", 0);
        Clients.createTopic(admin, tp.topic(), 1);
        KafkaProducer<byte[], byte[]> producer = broker.producer();
        producer.partitionsFor(tp.topic()); // metadata ready, so the delayed send is quick
        // fetch.max.wait.ms far above the 300 ms: the broker must answer the waiting fetch when data arrives.
        KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                5000));
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        assertThat(consumer.position(tp, TIMEOUT)).isZero();
        double fetchesBefore = fetchTotal(consumer);

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            long start = System.nanoTime();
            scheduler.schedule(() -> producer.send(new ProducerRecord<>(tp.topic(), "late".getBytes())), 300,
                    TimeUnit.MILLISECONDS);
            ConsumerRecords<byte[], byte[]> got = consumer.poll(Duration.ofSeconds(10));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(got.count()).isEqualTo(1);
            assertThat(got.iterator().next().value()).isEqualTo("late".getBytes());
            assertThat(elapsedMs).as("ms until the record was returned").isBetween(250L, 3000L);
            // A broker that answered empty fetches at once would have been asked dozens of times by now.
            assertThat(fetchTotal(consumer) - fetchesBefore).as("fetch requests sent during the poll")
                    .isLessThanOrEqualTo(5);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static double fetchTotal(KafkaConsumer<byte[], byte[]> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("fetch-total")
                    && e.getKey().group().equals("consumer-fetch-manager-metrics")
                    && !e.getKey().tags().containsKey("topic")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("the consumer has no fetch-total metric");
    }
}
