package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compression.type} in a running broker (issue 11): what the official producer sends in another codec is
 * written to the segment files in the topic's codec (or the broker's default), with the producer's ids and
 * sequences, a consumer reads exactly what was produced, and a changed topic setting applies to later batches.
 * Consumers older than zstd (Fetch below v10) are refused a zstd topic's data, as Kafka does.
 */
class CompressionTypeIT {
    private static final String VALUE_PADDING = " padding that compresses well".repeat(10);

    @TempDir
    Path dir;

    @Test
    void theTopicsCodecIsWrittenWhateverTheProducerSentAndCanBeChanged() throws Exception {
        TopicPartition tp = new TopicPartition("zstd-topic", 0);
        try (TestBroker broker = TestBroker.start(dir)) {
            Clients.createTopic(broker.adminClient(), tp.topic(), 1, Map.of("compression.type", "zstd"));
            List<String> sent = new ArrayList<>();
            sendInBatches(producer(broker, "lz4"), tp, "lz4", 30, sent);
            sendInBatches(producer(broker, "none"), tp, "none", 30, sent);

            List<RecordBatch> onDisk = batchesOnDisk(broker, tp);
            assertThat(onDisk).extracting(RecordBatch::compressionType).containsOnly(CompressionType.ZSTD);
            assertThat(onDisk.stream().mapToLong(b -> b.lastOffset() - b.baseOffset() + 1).sum())
                    .isEqualTo(sent.size());
            assertSequencesRunOnPerProducer(onDisk, 2);
            assertThat(valuesRead(broker, tp)).isEqualTo(sent);

            broker.adminClient().incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, tp.topic()),
                    List.of(new AlterConfigOp(new ConfigEntry("compression.type", "gzip"),
                            AlterConfigOp.OpType.SET)))).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            KafkaProducer<byte[], byte[]> lz4 = producer(broker, "lz4");
            // The new setting reaches the log after the admin call returns; until then batches may still be zstd.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                sendInBatches(lz4, tp, "waiting", 1, sent);
                return last(batchesOnDisk(broker, tp)).compressionType() == CompressionType.GZIP;
            });
            int before = batchesOnDisk(broker, tp).size();
            sendInBatches(lz4, tp, "after", 20, sent);

            List<RecordBatch> after = batchesOnDisk(broker, tp);
            assertThat(after.subList(before, after.size())).hasSize(2)
                    .extracting(RecordBatch::compressionType).containsOnly(CompressionType.GZIP);
            assertThat(after.subList(0, onDisk.size())).extracting(RecordBatch::compressionType)
                    .containsOnly(CompressionType.ZSTD);
            assertThat(valuesRead(broker, tp)).isEqualTo(sent);
        }
    }

    @Test
    void theBrokersDefaultAppliesToATopicWithoutOverride() throws Exception {
        TopicPartition tp = new TopicPartition("plain-topic", 0);
        try (TestBroker broker = TestBroker.start(dir, Map.of("compression.type", "lz4"))) {
            Clients.createTopic(broker.adminClient(), tp.topic(), 1);
            List<String> sent = new ArrayList<>();
            sendInBatches(producer(broker, "none"), tp, "none", 20, sent);
            sendInBatches(producer(broker, "zstd"), tp, "zstd", 20, sent);

            List<RecordBatch> onDisk = batchesOnDisk(broker, tp);
            assertThat(onDisk).hasSize(4).extracting(RecordBatch::compressionType)
                    .containsOnly(CompressionType.LZ4);
            assertSequencesRunOnPerProducer(onDisk, 2);
            assertThat(valuesRead(broker, tp)).isEqualTo(sent);
        }
    }

    /**
     * Kafka's rule: a consumer's Fetch older than v10 (before zstd) gets UNSUPPORTED_COMPRESSION_TYPE for a topic
     * whose compression.type is zstd, and records as usual for other topics; v10 reads the zstd topic.
     */
    @Test
    void aFetchBeforeV10GetsUnsupportedCompressionTypeForAZstdTopic() throws Exception {
        TopicPartition zstd = new TopicPartition("zstd-topic", 0);
        TopicPartition plain = new TopicPartition("plain-topic", 0);
        try (TestBroker broker = TestBroker.start(dir)) {
            Clients.createTopic(broker.adminClient(), zstd.topic(), 1, Map.of("compression.type", "zstd"));
            Clients.createTopic(broker.adminClient(), plain.topic(), 1);
            List<String> sent = new ArrayList<>();
            KafkaProducer<byte[], byte[]> producer = producer(broker, "lz4");
            sendInBatches(producer, zstd, "z", 1, sent);
            sendInBatches(producer, plain, "p", 1, sent);

            try (RawConnection c = new RawConnection(broker.port())) {
                Map<TopicPartition, FetchResponseData.PartitionData> v9 = fetch(c, (short) 9, zstd, plain);
                assertThat(Errors.forCode(v9.get(zstd).errorCode())).isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE);
                assertThat(FetchResponse.recordsOrFail(v9.get(zstd)).sizeInBytes()).isZero();
                assertThat(Errors.forCode(v9.get(plain).errorCode())).isEqualTo(Errors.NONE);
                assertThat(FetchResponse.recordsOrFail(v9.get(plain)).sizeInBytes()).isPositive();

                Map<TopicPartition, FetchResponseData.PartitionData> v10 = fetch(c, (short) 10, zstd, plain);
                assertThat(Errors.forCode(v10.get(zstd).errorCode())).isEqualTo(Errors.NONE);
                assertThat(FetchResponse.recordsOrFail(v10.get(zstd)).sizeInBytes()).isPositive();
            }
        }
    }

    /** A sessionless consumer fetch of {@code partitions} from offset 0, at {@code version}. */
    private static Map<TopicPartition, FetchResponseData.PartitionData> fetch(RawConnection c, short version,
                                                                           TopicPartition... partitions)
            throws IOException {
        Map<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            data.put(tp, new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0L, -1L, 1 << 20, Optional.empty()));
        }
        FetchResponse response = c.call(FetchRequest.Builder.forConsumer(version, 0, 0, data).build(version));
        return response.responseData(Map.of(), version);
    }

    /** An idempotent producer (Kafka's default) using {@code codec}. */
    private static KafkaProducer<byte[], byte[]> producer(TestBroker broker, String codec) {
        return broker.producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, 60_000, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    }

    /** Two batches of {@code perBatch} records each: the long linger holds every batch until the flush. */
    private static void sendInBatches(KafkaProducer<byte[], byte[]> producer, TopicPartition tp, String label,
                                      int perBatch, List<String> sent) throws Exception {
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < perBatch; i++) {
                String value = label + "-" + sent.size() + VALUE_PADDING;
                sent.add(value);
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(),
                        ("key-" + i).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Every producer's batches: ids set, and each batch's sequence continues the previous batch's. */
    private static void assertSequencesRunOnPerProducer(List<RecordBatch> batches, int producers) {
        Map<Long, Integer> nextSequence = new HashMap<>();
        for (RecordBatch b : batches) {
            assertThat(b.producerId()).isNotEqualTo(RecordBatch.NO_PRODUCER_ID);
            int expected = nextSequence.getOrDefault(b.producerId(), 0);
            assertThat(b.baseSequence()).as("base sequence of producer %d", b.producerId()).isEqualTo(expected);
            nextSequence.put(b.producerId(), b.lastSequence() + 1);
        }
        assertThat(nextSequence).hasSize(producers);
    }

    private static List<String> valuesRead(TestBroker broker, TopicPartition tp) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : Clients.readFromBeginning(broker.consumer(), List.of(tp))) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The batches of the partition's segment files, oldest first, as the broker wrote them. */
    private static List<RecordBatch> batchesOnDisk(TestBroker broker, TopicPartition tp) throws IOException {
        Path partitionDir = broker.logDir().resolve(tp.topic() + "-" + tp.partition());
        List<Path> segments;
        try (Stream<Path> files = Files.list(partitionDir)) {
            segments = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        List<RecordBatch> batches = new ArrayList<>();
        for (Path segment : segments) {
            File file = segment.toFile();
            try (FileRecords records = FileRecords.open(file, false, true, 0, false)) {
                for (RecordBatch batch : records.batches()) {
                    batch.ensureValid();
                    batches.add(batch);
                }
            }
        }
        return batches;
    }

    private static RecordBatch last(List<RecordBatch> batches) {
        return batches.get(batches.size() - 1);
    }
}
