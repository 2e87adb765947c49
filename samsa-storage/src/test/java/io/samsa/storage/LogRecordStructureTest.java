package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batches whose header and CRC are valid but whose records are not: each must be refused with Kafka's error
 * (INVALID_RECORD; never an unexpected exception), leaving the log end offset and the log's bytes as they were.
 * Before full validation these were all acknowledged and written, and then no consumer could read past them.
 * Bad batches are built with kafka-clients and corrupted with a recomputed CRC ({@link BatchSurgery}), for every
 * codec. Also: good batches of every codec are written byte for byte as sent.
 */
class LogRecordStructureTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();
    private Log log;
    private byte[] logBytesBefore;

    @BeforeEach
    void setUp() throws IOException {
        log = LogTestSupport.open(new File(tmp, "t-0"), LogTestSupport.smallSegments(1 << 20, 4096), time);
        log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 10), 1);
        logBytesBefore = LogContents.bytesOf(log);
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    /** Appending {@code records} fails with INVALID_RECORD, and the log is untouched. */
    private void assertRejectedAsInvalidRecord(MemoryRecords records) {
        assertThatThrownBy(() -> log.appendAsLeader(records, 1))
                .isInstanceOf(InvalidRecordException.class)
                .isNotInstanceOf(RecordValidationException.class)
                .satisfies(e -> assertThat(Errors.forException(e)).isEqualTo(Errors.INVALID_RECORD));
        assertUnchanged();
    }

    private void assertUnchanged() {
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(LogContents.bytesOf(log)).isEqualTo(logBytesBefore);
    }

    private MemoryRecords fiveRecords(CompressionType codec) {
        return TestRecords.batch(Compression.of(codec).build(), 5, time.milliseconds(), 30);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aCountAboveTheRecordsPresentIsRejected(CompressionType codec) {
        MemoryRecords six = BatchSurgery.withCount(fiveRecords(codec), 6);
        assertThatThrownBy(() -> log.appendAsLeader(six, 1))
                .hasMessageContaining("declares 6 records but holds only 5");
        assertRejectedAsInvalidRecord(six);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aCountBelowTheRecordsPresentIsRejected(CompressionType codec) {
        MemoryRecords four = BatchSurgery.withCount(fiveRecords(codec), 4);
        assertThatThrownBy(() -> log.appendAsLeader(four, 1)).hasMessageContaining("more than the 4 records");
        assertRejectedAsInvalidRecord(four);
    }

    /** Observed: a count of 2^31-1 (last offset delta to match) moved the log end offset by 2^31-1. */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aCountOfTwoToTheThirtyFirstMinusOneIsRejected(CompressionType codec) {
        MemoryRecords huge = BatchSurgery.withCount(fiveRecords(codec), Integer.MAX_VALUE);
        assertThatThrownBy(() -> log.appendAsLeader(huge, 1))
                .hasMessageContaining("declares 2147483647 records but holds only 5");
        assertRejectedAsInvalidRecord(huge);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void garbageRecordBytesAreRejected(CompressionType codec) {
        MemoryRecords batch = fiveRecords(codec);
        byte[] garbage = new byte[BatchSurgery.recordBytes(batch).length];
        new Random(7).nextBytes(garbage);
        assertRejectedAsInvalidRecord(BatchSurgery.withRecordBytes(batch, garbage));
    }

    /** Observed for gzip, snappy and zstd: a payload that is not the codec's format at all. */
    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aGarbagePayloadOfEachCodecIsRejected(CompressionType codec) {
        MemoryRecords batch = fiveRecords(codec);
        for (int seed = 0; seed < 20; seed++) {
            byte[] garbage = new byte[BatchSurgery.payloadBytes(batch).length];
            new Random(seed).nextBytes(garbage);
            assertRejectedAsInvalidRecord(BatchSurgery.withPayload(batch, garbage));
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aTruncatedCompressedPayloadIsRejected(CompressionType codec) {
        MemoryRecords batch = TestRecords.batch(Compression.of(codec).build(), 50, time.milliseconds(), 100);
        byte[] payload = BatchSurgery.payloadBytes(batch);
        for (int cut : new int[] {1, payload.length / 3, payload.length / 2, payload.length - 1}) {
            assertRejectedAsInvalidRecord(BatchSurgery.withPayload(batch, Arrays.copyOf(payload, cut)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void anEmptyCompressedPayloadIsRejected(CompressionType codec) {
        assertRejectedAsInvalidRecord(BatchSurgery.withPayload(fiveRecords(codec), new byte[0]));
    }

    static Stream<Arguments> malformedRecords() {
        byte[] k = "key".getBytes(StandardCharsets.UTF_8);
        byte[] v = "value".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                malformed("varlong timestamp delta of eleven bytes", "Varlong is too long",
                        RawRecord.at(1).withRawTimestampDelta(bytes(0xFF, 11, 0x01))),
                malformed("record length varint of six bytes", "Varint is too long", null),
                malformed("negative record length", "record length -3 is negative", RawRecord.at(1).withLength(-3)),
                malformed("record length beyond the batch", "record length 10000",
                        RawRecord.at(1).withLength(10_000)),
                malformed("record length shorter than its fields", "overruns the record",
                        RawRecord.at(1).withLength(5)),
                malformed("record length longer than its fields", "record length 13 but its fields take 8",
                        RawRecord.at(1).withLength(13)),
                malformed("key length -2", "key length -2", RawRecord.at(1).withKeyLength(-2).withKey(null)),
                malformed("key length overrunning the record", "key of 200 bytes overruns the record",
                        RawRecord.at(1).withKeyLength(200)),
                malformed("value length -7", "value length -7", RawRecord.at(1).withValueLength(-7).withValue(null)),
                malformed("negative header count", "header count -1", RawRecord.at(1).withHeaderCount(-1)),
                malformed("header count overrunning the record", "header count 1000 does not fit",
                        RawRecord.at(1).withHeaderCount(1000)),
                malformed("header count of two with one header", "overruns the record",
                        RawRecord.at(1).withHeader("h", "x").withHeaderCount(2)),
                malformed("null header key", "key length of -1",
                        RawRecord.at(1).withHeader(-1, new byte[0], v.length, v)),
                malformed("header key length overrunning the record", "header key of 100 bytes overruns",
                        RawRecord.at(1).withHeader(100, k, v.length, v)),
                malformed("header value length -3", "header value length -3",
                        RawRecord.at(1).withHeader(k.length, k, -3, new byte[0])));
    }

    private static Arguments malformed(String what, String expectedMessage, RawRecord second) {
        return Arguments.of(what, expectedMessage, second);
    }

    /**
     * The second of three records is malformed; the first and third are fine. Every codec, and every one of
     * kafka-clients' own reader checks plus the lengths below -1 that its reader would take for null.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRecords")
    void aMalformedRecordIsRejectedInEveryCodec(String what, String expectedMessage, RawRecord second) {
        byte[] bad = second == null ? sixByteVarintRecord() : second.bytes();
        byte[] records = RawRecord.concat(RawRecord.at(0).bytes(), bad, RawRecord.at(2).bytes());
        for (CompressionType codec : CompressionType.values()) {
            MemoryRecords template = TestRecords.batch(Compression.of(codec).build(), 3, time.milliseconds(), 5);
            MemoryRecords malformed = BatchSurgery.withRecordBytes(template, records);
            assertThatThrownBy(() -> log.appendAsLeader(malformed, 1))
                    .hasMessageContaining("Record 1 of the batch").hasMessageContaining(expectedMessage);
            assertRejectedAsInvalidRecord(malformed);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void bytesAfterTheLastRecordAreRejected(CompressionType codec) {
        MemoryRecords batch = fiveRecords(codec);
        byte[] records = BatchSurgery.recordBytes(batch);
        assertRejectedAsInvalidRecord(BatchSurgery.withRecordBytes(batch, Arrays.copyOf(records, records.length + 1)));
    }

    /** The surgery itself is sound: the same records written back are accepted. */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void handWrittenWellFormedRecordsAreAccepted(CompressionType codec) {
        byte[] records = RawRecord.concat(RawRecord.at(0).bytes(),
                RawRecord.at(1).withKey(null).withValue(null).withHeader("h", "x").withHeader("h2", "").bytes(),
                RawRecord.at(2).withHeader(1, new byte[] {'a'}, -1, new byte[0]).bytes());
        MemoryRecords template = TestRecords.batch(Compression.of(codec).build(), 3, time.milliseconds(), 5);
        assertThat(log.appendAsLeader(BatchSurgery.withRecordBytes(template, records), 1).lastOffset()).isEqualTo(5);
    }

    /** Good batches of every codec, with keys, null keys and values, headers: written exactly as sent. */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void goodBatchesAreWrittenByteForByteAsSent(CompressionType codec) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024), RecordBatch.MAGIC_VALUE_V2,
                Compression.of(codec).build(), TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, 42L,
                (short) 3, 17, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        long now = time.milliseconds();
        for (int i = 0; i < 40; i++) {
            byte[] key = i % 4 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 5 == 0 ? null : ("value-" + i).repeat(i).getBytes(StandardCharsets.UTF_8);
            RecordHeader[] headers = i % 3 == 0 ? new RecordHeader[0]
                    : new RecordHeader[] {new RecordHeader("h" + i, ("x" + i).getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader("n", null)};
            builder.append(now - 1000 + (i * 37 % 11), key, value, headers);
        }
        MemoryRecords sent = builder.build();
        byte[] sentBytes = LogContents.bytesOf(sent);

        LogAppendInfo info = log.appendAsLeader(TestRecords.copy(sent), 7);

        byte[] stored = LogContents.bytesOf(log.read(info.firstOffset(), Integer.MAX_VALUE, 100, true).records());
        assertThat(stored).hasSameSizeAs(sentBytes);
        // Base offset (0..7) and partition leader epoch (12..15) are the log's to set; neither is under the CRC.
        assertThat(Arrays.copyOfRange(stored, 8, 12)).isEqualTo(Arrays.copyOfRange(sentBytes, 8, 12));
        assertThat(Arrays.copyOfRange(stored, 16, stored.length))
                .isEqualTo(Arrays.copyOfRange(sentBytes, 16, sentBytes.length));
        RecordBatch batch = LogTestSupport.batchesOf(log.read(info.firstOffset(), Integer.MAX_VALUE, 100, true)).get(0);
        assertThat(batch.baseOffset()).isEqualTo(3);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(7);
        List<Record> read = new ArrayList<>();
        batch.forEach(read::add);
        List<Record> original = new ArrayList<>();
        sent.batches().iterator().next().forEach(original::add);
        assertThat(read).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(read.get(i).offset()).isEqualTo(3 + i);
            assertThat(read.get(i).key()).isEqualTo(original.get(i).key());
            assertThat(read.get(i).value()).isEqualTo(original.get(i).value());
            assertThat(read.get(i).headers()).isEqualTo(original.get(i).headers());
        }
    }

    /** A record whose length varint runs six bytes: never a valid 32-bit varint. */
    private static byte[] sixByteVarintRecord() {
        byte[] wellFormed = RawRecord.at(1).bytes();
        byte[] out = new byte[wellFormed.length + 5];
        Arrays.fill(out, 0, 5, (byte) 0x80);
        out[5] = 0x01;
        System.arraycopy(wellFormed, 1, out, 6, wellFormed.length - 1);
        return out;
    }

    private static byte[] bytes(int fill, int count, int last) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) fill);
        b[count - 1] = (byte) last;
        return b;
    }
}
