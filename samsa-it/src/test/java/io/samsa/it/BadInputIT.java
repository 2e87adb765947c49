package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, oversized and invalid input on a raw socket: the broker closes the offending connection or answers with
 * Kafka's error code, writes nothing, and keeps serving every other connection (checked after each test with the real
 * clients).
 */
class BadInputIT {
    private static final int SOCKET_REQUEST_MAX_BYTES = 1024 * 1024;
    /** Produce v13 addresses topics by id; the name-based v12 is enough to exercise validation. */
    private static final int PRODUCE_VERSION_CAP = 12;
    private static final int METADATA_VERSION_CAP = 12;
    private static final TopicPartition TARGET = new TopicPartition("target", 0);
    private static final TopicPartition LIMITED = new TopicPartition("limited", 0);

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir, Map.of("socket.request.max.bytes", Integer.toString(SOCKET_REQUEST_MAX_BYTES)));
        admin = broker.adminClient();
        Clients.createTopic(admin, TARGET.topic(), 1);
        Clients.createTopic(admin, LIMITED.topic(), 1, Map.of("max.message.bytes", "10000"));
        Clients.createTopic(admin, "healthy", 1);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** After any bad input, a producer and a consumer on their own connections work as before. */
    @AfterEach
    void theBrokerStillServesOtherClients() throws Exception {
        TopicPartition healthy = new TopicPartition("healthy", 0);
        byte[] value = ("still alive " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        long offset = broker.producer().send(new ProducerRecord<>(healthy.topic(), 0, null, value))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readToEnd(broker.consumer(), List.of(healthy),
                Map.of(healthy, offset));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).value()).isEqualTo(value);
    }

    private static long endOffset(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    }

    private static MemoryRecords batch(byte[] value) {
        return MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(System.currentTimeMillis(), "key".getBytes(StandardCharsets.UTF_8), value));
    }

    /**
     * The same batch with one byte of its last record's value flipped: inside the span the CRC covers, outside every
     * length or count, so only the CRC can tell. (The record ends with the value, then one byte: zero headers.)
     */
    private static MemoryRecords corrupted(MemoryRecords records) {
        ByteBuffer b = records.buffer().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        bytes[bytes.length - 5] ^= 0x5A;
        return MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
    }

    private static ProduceRequest produceRequest(RawConnection c, String topic, int partition, MemoryRecords records,
                                                 short acks) throws IOException {
        short version = c.version(ApiKeys.PRODUCE, PRODUCE_VERSION_CAP);
        return new ProduceRequest.Builder(version, version, produceData(topic, partition, records, acks))
                .build(version);
    }

    private static ProduceRequestData produceData(String topic, int partition, MemoryRecords records, short acks) {
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                        new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                                new ProduceRequestData.PartitionProduceData().setIndex(partition)
                                        .setRecords(records)))).iterator()));
    }

    /** Produces with acks=all on a fresh raw connection and returns the one partition's response. */
    private static PartitionProduceResponse produce(String topic, int partition, MemoryRecords records)
            throws IOException {
        try (RawConnection c = new RawConnection(broker.port())) {
            return onlyPartition(c.call(produceRequest(c, topic, partition, records, (short) -1)), topic);
        }
    }

    private static PartitionProduceResponse onlyPartition(ProduceResponse response, String topic) {
        List<TopicProduceResponse> topics = List.copyOf(response.data().responses());
        assertThat(topics).hasSize(1);
        assertThat(topics.get(0).name()).isEqualTo(topic);
        assertThat(topics.get(0).partitionResponses()).hasSize(1);
        return topics.get(0).partitionResponses().get(0);
    }

    @Test
    void aFrameLargerThanSocketRequestMaxBytesClosesTheConnection() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            new DataOutputStream(frame).writeInt(SOCKET_REQUEST_MAX_BYTES + 1);
            frame.write(new byte[1000]);
            c.writeRaw(frame.toByteArray());

            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(header);
            d.writeShort(12_345); // api key
            d.writeShort(0);      // api version
            d.writeInt(1);        // correlation id
            d.writeShort(-1);     // client id: null
            c.writeFrame(header.toByteArray());

            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void randomBytesCloseTheConnection() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        try (RawConnection c = new RawConnection(broker.port())) {
            c.writeRaw(garbage);

            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void aProduceRequestWithAGarbageBodyClosesTheConnection() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            short version = c.version(ApiKeys.PRODUCE, 8); // v8: a non-flexible header, simple to write by hand
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(frame);
            d.writeShort(ApiKeys.PRODUCE.id);
            d.writeShort(version);
            d.writeInt(99);
            d.writeShort(-1);
            byte[] body = new byte[200];
            new Random(11).nextBytes(body);
            d.write(body);
            c.writeFrame(frame.toByteArray());

            assertThat(c.closedByBroker()).isTrue();
        }
    }

    @Test
    void anApiVersionsRequestOfAnUnknownVersionGetsAV0ResponseWithTheSupportedRanges() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(frame);
            d.writeShort(ApiKeys.API_VERSIONS.id);
            // The version a newer client would try first; it uses request header v2, as ApiVersions v3+ does.
            d.writeShort(ApiKeys.API_VERSIONS.latestVersion() + 1);
            d.writeInt(4242);
            d.writeShort(4);
            d.write("next".getBytes(StandardCharsets.US_ASCII));
            d.writeByte(0); // no tagged fields in the header
            d.write(new byte[] {5, 'n', 'e', 'x', 't', 2, '1', 0}); // a body the broker cannot know the shape of
            c.writeFrame(frame.toByteArray());

            ByteBuffer response = c.readFrame();
            assertThat(response.getInt()).as("correlation id").isEqualTo(4242);
            ApiVersionsResponse v0 = ApiVersionsResponse.parse(new ByteBufferAccessor(response), (short) 0);
            assertThat(Errors.forCode(v0.data().errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            ApiVersionsResponseData.ApiVersion range = v0.apiVersion(ApiKeys.API_VERSIONS.id);
            assertThat(range).as("ApiVersions' own range").isNotNull();
            assertThat(range.minVersion()).isZero();
            assertThat(range.maxVersion()).isGreaterThanOrEqualTo((short) 3);
            assertThat(v0.apiVersion(ApiKeys.PRODUCE.id)).as("Produce's range").isNotNull();
        }
    }

    @Test
    void aBatchWithABadCrcIsRejectedAsCorruptAndNotWritten() throws Exception {
        long before = endOffset(TARGET);

        PartitionProduceResponse r = produce(TARGET.topic(), 0, corrupted(batch("payload".repeat(20).getBytes())));

        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(endOffset(TARGET)).isEqualTo(before);
    }

    @Test
    void aCorruptBatchWithAcksZeroClosesTheConnection() throws Exception {
        long before = endOffset(TARGET);
        try (RawConnection c = new RawConnection(broker.port())) {
            // acks=0 has no response to carry the error: Kafka closes the connection so the client notices.
            c.send(produceRequest(c, TARGET.topic(), 0, corrupted(batch(new byte[100])), (short) 0));

            assertThat(c.closedByBroker()).isTrue();
        }
        assertThat(endOffset(TARGET)).isEqualTo(before);
    }

    @Test
    void aBatchLargerThanMaxMessageBytesIsRejected() throws Exception {
        long before = endOffset(LIMITED);

        PartitionProduceResponse r = produce(LIMITED.topic(), 0, batch(new byte[20_000]));

        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        assertThat(endOffset(LIMITED)).isEqualTo(before);
        // A batch under the limit is accepted.
        assertThat(Errors.forCode(produce(LIMITED.topic(), 0, batch(new byte[5_000])).errorCode()))
                .isEqualTo(Errors.NONE);
    }

    /**
     * As in Kafka, zstd needs Produce v7 or later: an older request with a zstd batch gets
     * UNSUPPORTED_COMPRESSION_TYPE and nothing is written. (kafka-clients' request builder refuses to build such a
     * request, so it is made directly.)
     */
    @Test
    void aZstdBatchBeforeProduceV7IsUnsupportedCompressionType() throws Exception {
        long before = endOffset(TARGET);
        MemoryRecords zstd = MemoryRecords.withRecords(Compression.zstd().build(),
                new SimpleRecord(System.currentTimeMillis(), "key".getBytes(StandardCharsets.UTF_8), new byte[10]));

        try (RawConnection c = new RawConnection(broker.port())) {
            ProduceResponse v6 = c.call(new ProduceRequest(produceData(TARGET.topic(), 0, zstd, (short) -1),
                    (short) 6));
            assertThat(Errors.forCode(onlyPartition(v6, TARGET.topic()).errorCode()))
                    .isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE);
        }
        assertThat(endOffset(TARGET)).isEqualTo(before);
        try (RawConnection c = new RawConnection(broker.port())) {
            ProduceResponse v7 = c.call(new ProduceRequest(produceData(TARGET.topic(), 0, zstd, (short) -1),
                    (short) 7));
            assertThat(Errors.forCode(onlyPartition(v7, TARGET.topic()).errorCode())).isEqualTo(Errors.NONE);
        }
    }

    @Test
    void metadataForAnInvalidTopicNameIsInvalidTopic() throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            short version = c.version(ApiKeys.METADATA, METADATA_VERSION_CAP);
            MetadataResponse r = c.call(new MetadataRequest.Builder(List.of("bad/name"), true).build(version));

            assertThat(r.errors()).containsEntry("bad/name", Errors.INVALID_TOPIC_EXCEPTION);
        }
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .doesNotContain("bad/name");
    }

    @Test
    void produceToAPartitionThatDoesNotExistIsUnknownTopicOrPartition() throws Exception {
        PartitionProduceResponse r = produce(TARGET.topic(), 5, batch(new byte[10]));

        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void produceToAnInvalidTopicNameWritesNothing() throws Exception {
        // Kafka answers a produce to a topic it does not have with UNKNOWN_TOPIC_OR_PARTITION whatever the name;
        // INVALID_TOPIC_EXCEPTION would be as good. Either way nothing may be created.
        PartitionProduceResponse r = produce("bad/name", 0, batch(new byte[10]));

        assertThat(Errors.forCode(r.errorCode()))
                .isIn(Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .doesNotContain("bad/name");
    }
}
