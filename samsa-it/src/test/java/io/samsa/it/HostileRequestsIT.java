package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a buggy or hostile client may send that are well framed and parse, but ask for too much or mix good and
 * bad parts: the broker answers each part with Kafka's error, writes nothing it did not acknowledge, and does not
 * amplify. One test per case observed against an earlier Samsa (issue 8, points 4 to 6).
 */
class HostileRequestsIT {
    private static final int PRODUCE_VERSION_CAP = 12;
    private static final int FETCH_VERSION_CAP = 12;
    private static final String TWO = "two-partitions";

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir);
        admin = broker.adminClient();
        Clients.createTopic(admin, TWO, 2);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static long endOffset(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    }

    private static MemoryRecords batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null,
                    values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** The batch with one byte of its last record flipped, so its CRC no longer matches. */
    private static MemoryRecords badCrc(MemoryRecords records) {
        ByteBuffer b = records.buffer().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        bytes[bytes.length - 3] ^= 0x5A;
        return MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
    }

    /** Two whole batches back to back in one partition's record set. */
    private static MemoryRecords twoBatches(MemoryRecords a, MemoryRecords b) {
        ByteBuffer both = ByteBuffer.allocate(a.sizeInBytes() + b.sizeInBytes());
        both.put(a.buffer().duplicate()).put(b.buffer().duplicate()).flip();
        return MemoryRecords.readableRecords(both);
    }

    private static ProduceRequestData.PartitionProduceData part(int index, MemoryRecords records) {
        return new ProduceRequestData.PartitionProduceData().setIndex(index).setRecords(records);
    }

    private static ProduceRequest produceRequest(RawConnection c, List<ProduceRequestData.PartitionProduceData> parts)
            throws Exception {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                        new ProduceRequestData.TopicProduceData().setName(TWO).setPartitionData(parts)).iterator()));
        short version = c.version(ApiKeys.PRODUCE, PRODUCE_VERSION_CAP);
        return new ProduceRequest(data, version);
    }

    private static List<PartitionProduceResponse> partitions(ProduceResponse response) {
        List<PartitionProduceResponse> out = new ArrayList<>();
        for (TopicProduceResponse t : response.data().responses()) {
            out.addAll(t.partitionResponses());
        }
        return out;
    }

    private static PartitionProduceResponse partition(List<PartitionProduceResponse> all, int index) {
        return all.stream().filter(p -> p.index() == index).findFirst().orElseThrow();
    }

    // ---- point 4: CreateTopics and CreatePartitions

    @Test
    void aMillionPartitionsAreRefusedAtOnceWithPolicyViolationEvenWhenOnlyValidating() throws Exception {
        for (boolean validateOnly : new boolean[] {true, false}) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("huge", 1_000_000, (short) 1)),
                            new CreateTopicsOptions().validateOnly(validateOnly)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PolicyViolationException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        }
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).doesNotContain("huge");
    }

    @Test
    void manySmallTopicsOverTheCapInOneRequestAreAllRefused() throws Exception {
        List<NewTopic> topics = List.of(new NewTopic("many-a", 6_000, (short) 1),
                new NewTopic("many-b", 6_000, (short) 1));
        assertThatThrownBy(() -> admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(PolicyViolationException.class);
        assertThat(admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .doesNotContain("many-a", "many-b");
    }

    @Test
    void growingATopicByAMillionPartitionsIsRefused() throws Exception {
        assertThatThrownBy(() -> admin.createPartitions(Map.of(TWO, NewPartitions.increaseTo(1_000_002))).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(PolicyViolationException.class);
        assertThat(admin.describeTopics(List.of(TWO)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(TWO).partitions()).hasSize(2);
    }

    // ---- point 5: Produce is atomic per partition

    @Test
    void aGoodAndACorruptPartitionInOneRequestAreAnsweredEachOnTheirOwn() throws Exception {
        TopicPartition good = new TopicPartition(TWO, 0);
        TopicPartition bad = new TopicPartition(TWO, 1);
        long goodBefore = endOffset(good);
        long badBefore = endOffset(bad);
        try (RawConnection c = new RawConnection(broker.port())) {
            List<PartitionProduceResponse> r = partitions(c.call(produceRequest(c,
                    List.of(part(0, batch("kept")), part(1, badCrc(batch("corrupt", "records")))))));

            assertThat(Errors.forCode(partition(r, 0).errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition(r, 0).baseOffset()).isEqualTo(goodBefore);
            assertThat(Errors.forCode(partition(r, 1).errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
        }
        assertThat(endOffset(good)).isEqualTo(goodBefore + 1);
        assertThat(endOffset(bad)).isEqualTo(badBefore);
    }

    @Test
    void nullRecordsFailTheirPartitionAndThePipelinedRequestAfterGetsItsOwnAnswer() throws Exception {
        TopicPartition good = new TopicPartition(TWO, 0);
        long before = endOffset(good);
        try (RawConnection c = new RawConnection(broker.port())) {
            RequestHeader produce = c.send(produceRequest(c, List.of(part(0, batch("fine")), part(1, null))));
            short metadataVersion = c.version(ApiKeys.METADATA, 12);
            RequestHeader metadata = c.send(new MetadataRequest.Builder(List.of(TWO), false).build(metadataVersion));

            ProduceResponse first = (ProduceResponse) AbstractResponse.parseResponse(c.readFrame(), produce);
            List<PartitionProduceResponse> r = partitions(first);
            assertThat(Errors.forCode(partition(r, 0).errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(partition(r, 1).errorCode())).isEqualTo(Errors.INVALID_RECORD);
            MetadataResponse second = (MetadataResponse) AbstractResponse.parseResponse(c.readFrame(), metadata);
            assertThat(second.topicMetadata()).extracting(MetadataResponse.TopicMetadata::topic).containsExactly(TWO);
        }
        assertThat(endOffset(good)).isEqualTo(before + 1);
    }

    @Test
    void aPartitionNamedTwiceIsAppendedOnceWithTheLastRecordSet() throws Exception {
        TopicPartition tp = new TopicPartition(TWO, 0);
        long before = endOffset(tp);
        try (RawConnection c = new RawConnection(broker.port())) {
            List<PartitionProduceResponse> r = partitions(c.call(produceRequest(c,
                    List.of(part(0, batch("first", "second", "third")), part(0, batch("last"))))));

            assertThat(r).hasSize(1);
            assertThat(Errors.forCode(r.get(0).errorCode())).isEqualTo(Errors.NONE);
        }
        assertThat(endOffset(tp)).isEqualTo(before + 1);
        List<String> values = Clients.readToEnd(broker.consumer(), List.of(tp), Map.of(tp, before)).stream()
                .map(rec -> new String(rec.value(), StandardCharsets.UTF_8)).toList();
        assertThat(values).containsExactly("last");
    }

    @Test
    void twoBatchesForOnePartitionAreRejectedAsKafkaDoes() throws Exception {
        TopicPartition tp = new TopicPartition(TWO, 1);
        long before = endOffset(tp);
        try (RawConnection c = new RawConnection(broker.port())) {
            List<PartitionProduceResponse> r = partitions(c.call(produceRequest(c,
                    List.of(part(1, twoBatches(batch("a"), batch("b")))))));

            assertThat(Errors.forCode(r.get(0).errorCode())).isEqualTo(Errors.INVALID_RECORD);
        }
        assertThat(endOffset(tp)).isEqualTo(before);
    }

    // ---- point 2: records inside a valid CRC

    /** The batch with its records replaced by {@code garbage} and a CRC that matches: only the records are wrong. */
    private static MemoryRecords garbageRecordsWithValidCrc(MemoryRecords records, long seed) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        b.put(records.buffer().duplicate()).flip();
        java.util.Random random = new java.util.Random(seed);
        for (int i = RECORDS_OFFSET; i < b.limit(); i++) {
            b.put(i, (byte) random.nextInt());
        }
        long crc = org.apache.kafka.common.utils.Crc32C.compute(b, ATTRIBUTES_OFFSET, b.limit() - ATTRIBUTES_OFFSET);
        b.putInt(CRC_OFFSET, (int) crc);
        return MemoryRecords.readableRecords(b);
    }

    /** Batch layout (magic 2): the CRC at 17 covers everything from the attributes at 21; records start at 61. */
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int RECORDS_OFFSET = 61;

    @Test
    void aCompressedBatchWhosePayloadIsGarbageIsRejectedAndThePartitionStaysReadable() throws Exception {
        TopicPartition tp = new TopicPartition(TWO, 1);
        long before = endOffset(tp);
        MemoryRecords gzip = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord("a".repeat(200).getBytes()), new SimpleRecord("b".repeat(200).getBytes()));
        try (RawConnection c = new RawConnection(broker.port())) {
            List<PartitionProduceResponse> r = partitions(c.call(produceRequest(c,
                    List.of(part(1, garbageRecordsWithValidCrc(gzip, 42))))));
            assertThat(Errors.forCode(r.get(0).errorCode())).isEqualTo(Errors.INVALID_RECORD);
            // And a good batch after it is written and read back: nothing blocks the partition.
            assertThat(Errors.forCode(partitions(c.call(produceRequest(c, List.of(part(1, batch("after"))))))
                    .get(0).errorCode())).isEqualTo(Errors.NONE);
        }
        assertThat(endOffset(tp)).isEqualTo(before + 1);
        List<String> values = Clients.readToEnd(broker.consumer(), List.of(tp), Map.of(tp, before)).stream()
                .map(rec -> new String(rec.value(), StandardCharsets.UTF_8)).toList();
        assertThat(values).containsExactly("after");
    }

    @Test
    void aRecordOutOfTheTimestampRangeIsNamedInTheRecordErrors() throws Exception {
        String topic = "strict-time";
        Clients.createTopic(admin, topic, 1, Map.of("message.timestamp.before.max.ms", "60000"));
        long now = System.currentTimeMillis();
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(now, "ok".getBytes()),
                new SimpleRecord(now, "ok".getBytes()), new SimpleRecord(now - 3_600_000, "old".getBytes()));
        try (RawConnection c = new RawConnection(broker.port())) {
            ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                            new ProduceRequestData.TopicProduceData().setName(topic)
                                    .setPartitionData(List.of(part(0, records)))).iterator()));
            PartitionProduceResponse r = partitions(c.call(new ProduceRequest(data,
                    c.version(ApiKeys.PRODUCE, PRODUCE_VERSION_CAP)))).get(0);

            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_TIMESTAMP);
            assertThat(r.recordErrors()).hasSize(1);
            assertThat(r.recordErrors().get(0).batchIndex()).isEqualTo(2);
        }
        assertThat(endOffset(new TopicPartition(topic, 0))).isZero();
    }

    // ---- point 6: Fetch

    private static FetchRequestData fetchData(int partitionCopies) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(TWO);
        for (int i = 0; i < partitionCopies; i++) {
            topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                    .setPartitionMaxBytes(1024 * 1024));
        }
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(50 * 1024 * 1024)
                .setSessionId(0).setSessionEpoch(-1).setTopics(new ArrayList<>(List.of(topic)));
    }

    private static FetchResponse fetch(FetchRequestData data) throws Exception {
        try (RawConnection c = new RawConnection(broker.port())) {
            short version = c.version(ApiKeys.FETCH, FETCH_VERSION_CAP);
            return c.call(new FetchRequest(data, version));
        }
    }

    private static void ensureData() throws Exception {
        TopicPartition tp = new TopicPartition(TWO, 0);
        if (endOffset(tp) == 0) {
            try (RawConnection c = new RawConnection(broker.port())) {
                c.call(produceRequest(c, List.of(part(0, batch("x".repeat(500))))));
            }
        }
    }

    @Test
    void anIncrementalFetchInAnUnknownSessionIsFetchSessionIdNotFound() throws Exception {
        FetchResponse r = fetch(fetchData(1).setSessionId(123_456).setSessionEpoch(7));

        assertThat(r.error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        assertThat(r.data().responses()).isEmpty();
    }

    @Test
    void aPartitionNamedAHundredThousandTimesIsReadOnce() throws Exception {
        ensureData();

        FetchResponse r = fetch(fetchData(100_000));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        List<FetchResponseData.PartitionData> parts = r.data().responses().stream()
                .flatMap(t -> t.partitions().stream()).toList();
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).records().sizeInBytes()).isPositive();
    }

    @Test
    void anUndefinedIsolationLevelIsAnInvalidRequest() throws Exception {
        FetchResponse r = fetch(fetchData(1).setIsolationLevel((byte) 5));

        assertThat(r.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(r.data().responses()).isEmpty();
    }

    @Test
    void aFetchClaimingToComeFromAReplicaReadsNothing() throws Exception {
        ensureData();
        for (int replicaId : new int[] {0, 7, FetchRequest.FUTURE_LOCAL_REPLICA_ID}) {
            FetchResponse r = fetch(fetchData(1).setReplicaId(replicaId));

            FetchResponseData.PartitionData p = r.data().responses().get(0).partitions().get(0);
            assertThat(Errors.forCode(p.errorCode())).as("replica id %d", replicaId)
                    .isIn(Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_LEADER_EPOCH);
            assertThat(p.records().sizeInBytes()).isZero();
        }
    }
}
