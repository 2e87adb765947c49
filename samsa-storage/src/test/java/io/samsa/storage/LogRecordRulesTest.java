package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What well-formed records may say: offset deltas, keys on compacted topics, timestamps. Failures come as a
 * {@link RecordValidationException} carrying Kafka's error and the index of every record to blame (Produce v8+
 * {@code recordErrors}), and leave the log untouched. Also Kafka's treatment of a batch's max timestamp: taken
 * from the records, not checked.
 */
class LogRecordRulesTest {
    private static final long MINUTE = 60_000;

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

    private static MemoryRecords batch(CompressionType codec, int count, IntToLongFunction timestamp,
                                       IntFunction<byte[]> key) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), RecordBatch.MAGIC_VALUE_V2,
                Compression.of(codec).build(), TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < count; i++) {
            builder.append(timestamp.applyAsLong(i), key.apply(i), ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private RecordValidationException rejected(MemoryRecords records) {
        Throwable thrown = null;
        try {
            log.appendAsLeader(records, 1);
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertThat(thrown).isInstanceOf(RecordValidationException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(LogContents.bytesOf(log)).isEqualTo(logBytesBefore);
        return (RecordValidationException) thrown;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aTimestampOutOfRangeOnTheThirdRecordIsRejectedWithThatRecordNamed(CompressionType codec) {
        log.updateConfig(LogTestSupport.withTimestampLimits(log.config(), MINUTE, MINUTE));
        long now = time.milliseconds();
        // The batch header's base and max timestamps are both in range; only the third record is not.
        MemoryRecords records = batch(codec, 5, i -> i == 2 ? now - 2 * MINUTE : now, LogRecordRulesTest::key);

        RecordValidationException e = rejected(records);

        assertThat(e.error()).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex).containsExactly(2);
        assertThat(e.recordErrors().get(0).message()).contains("before now")
                .contains("message.timestamp.before.max.ms");
        assertThat(e.getMessage()).contains("record 2");
        // A caller that maps by class alone still answers a non-retriable error.
        assertThat(Errors.forException(e)).isEqualTo(Errors.INVALID_RECORD);
    }

    @Test
    void everyRecordToBlameIsListed() {
        log.updateConfig(LogTestSupport.withTimestampLimits(log.config(), MINUTE, MINUTE));
        long now = time.milliseconds();
        MemoryRecords records = batch(CompressionType.LZ4, 6,
                i -> i == 1 ? now + 2 * MINUTE : i == 4 ? now - 3 * MINUTE : now, LogRecordRulesTest::key);

        RecordValidationException e = rejected(records);

        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex)
                .containsExactly(1, 4);
        assertThat(e.recordErrors().get(0).message()).contains("after now");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aNullKeyOnACompactedTopicIsRejectedWithInvalidRecord(CompressionType codec) {
        log.updateConfig(compacted(log.config()));
        MemoryRecords records = batch(codec, 4, i -> time.milliseconds(), i -> i == 1 ? null : key(i));

        RecordValidationException e = rejected(records);

        assertThat(e.error()).isEqualTo(Errors.INVALID_RECORD);
        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex).containsExactly(1);
        assertThat(e.recordErrors().get(0).message()).isEqualTo(
                "Compacted topic cannot accept message without key in topic partition my.topic-with-dashes-3");
    }

    @Test
    void aCompactedTopicTakesKeyedRecordsAndTombstonesAndOtherTopicsTakeNullKeys() {
        log.updateConfig(compacted(log.config()));
        MemoryRecordsBuilder tombstones = MemoryRecords.builder(ByteBuffer.allocate(1024), Compression.NONE,
                TimestampType.CREATE_TIME, 0L);
        tombstones.append(time.milliseconds(), key(0), null);
        tombstones.append(time.milliseconds(), key(1), "v".getBytes(StandardCharsets.UTF_8));
        assertThat(log.appendAsLeader(tombstones.build(), 1).lastOffset()).isEqualTo(4);

        log.updateConfig(LogConfig.defaults());
        assertThat(log.appendAsLeader(batch(CompressionType.ZSTD, 2, i -> time.milliseconds(), i -> null), 1)
                .lastOffset()).isEqualTo(6);
    }

    /** A key error and a timestamp error in one batch: INVALID_TIMESTAMP wins, as in Kafka; both are listed. */
    @Test
    void anyTimestampErrorMakesTheBatchInvalidTimestamp() {
        log.updateConfig(compacted(LogTestSupport.withTimestampLimits(log.config(), MINUTE, MINUTE)));
        long now = time.milliseconds();
        MemoryRecords records = batch(CompressionType.NONE, 4, i -> i == 3 ? now - 2 * MINUTE : now,
                i -> i == 0 ? null : key(i));

        RecordValidationException e = rejected(records);

        assertThat(e.error()).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex)
                .containsExactly(0, 3);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void anOffsetDeltaThatIsNotTheRecordsIndexIsRejected(CompressionType codec) {
        byte[] records = RawRecord.concat(RawRecord.at(0).bytes(), RawRecord.at(5).bytes(), RawRecord.at(2).bytes());
        MemoryRecords template = TestRecords.batch(Compression.of(codec).build(), 3, time.milliseconds(), 5);

        RecordValidationException e = rejected(BatchSurgery.withRecordBytes(template, records));

        assertThat(e.error()).isEqualTo(Errors.INVALID_RECORD);
        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex).containsExactly(1);
    }

    @Test
    void recordErrorsAreCappedButCounted() {
        log.updateConfig(compacted(log.config()));
        int count = RecordValidationException.MAX_RECORD_ERRORS + 500;

        RecordValidationException e = rejected(batch(CompressionType.NONE, count, i -> time.milliseconds(), i -> null));

        assertThat(e.recordErrors()).hasSize(RecordValidationException.MAX_RECORD_ERRORS);
        assertThat(e.getMessage()).startsWith(count + " records");
    }

    /** A malformed record anywhere in the batch wins over record errors: the batch cannot be read at all. */
    @Test
    void aMalformedRecordIsAPlainInvalidRecordEvenAfterRecordErrors() {
        log.updateConfig(compacted(log.config()));
        byte[] records = RawRecord.concat(RawRecord.at(0).withKey(null).bytes(), RawRecord.at(1).withKeyLength(-4)
                .withKey(null).bytes());
        MemoryRecords template = TestRecords.batch(Compression.NONE, 2, time.milliseconds(), 5);

        assertThatThrownBy(() -> log.appendAsLeader(BatchSurgery.withRecordBytes(template, records), 1))
                .isInstanceOf(InvalidRecordException.class).isNotInstanceOf(RecordValidationException.class)
                .hasMessageContaining("Record 1");
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    /** As Kafka: a producer may not claim LogAppendTime on a LogAppendTime topic; every record is blamed. */
    @Test
    void aLogAppendTimeBatchFromAProducerIsRejectedOnALogAppendTimeTopic() {
        log.updateConfig(log.config().withTimestampType(TimestampType.LOG_APPEND_TIME));

        RecordValidationException e = rejected(logAppendTimeBatch(time.milliseconds() - 5));

        assertThat(e.error()).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(e.recordErrors()).extracting(RecordValidationException.RecordError::batchIndex)
                .containsExactly(0, 1, 2);
    }

    /** As Kafka: on a CreateTime topic its records' timestamp is its max timestamp, now stored as CreateTime. */
    @Test
    void aLogAppendTimeBatchFromAProducerIsStoredAsCreateTimeOnACreateTimeTopic() {
        long stamped = time.milliseconds() - 5;
        LogAppendInfo info = log.appendAsLeader(logAppendTimeBatch(stamped), 1);

        RecordBatch stored = LogTestSupport.batchesOf(log.read(info.firstOffset(), 1 << 20, 100, true)).get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(stamped);
    }

    /**
     * Kafka does not reject a batch whose header max timestamp disagrees with its records: it writes the records'
     * largest timestamp there (with a new CRC). Samsa does the same, and the time index follows the records.
     */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aWrongMaxTimestampInTheHeaderIsReplacedByTheRecordsLargest(CompressionType codec) {
        log.updateConfig(LogTestSupport.withTimestampLimits(log.config(), MINUTE, MINUTE));
        long now = time.milliseconds();
        MemoryRecords good = batch(codec, 4, i -> now + 1000 + i * 10, LogRecordRulesTest::key);
        long recordsMax = now + 1000 + 30;
        // Out of the allowed window in the header, but the records are all inside it.
        for (long headerMax : new long[] {now + 10 * MINUTE, now - 10 * MINUTE}) {
            LogAppendInfo info = log.appendAsLeader(BatchSurgery.withMaxTimestamp(good, headerMax), 1);

            RecordBatch stored = LogTestSupport.batchesOf(log.read(info.firstOffset(), 1 << 20, 100, true)).get(0);
            assertThat(stored.isValid()).isTrue();
            assertThat(stored.maxTimestamp()).isEqualTo(recordsMax);
            assertThat(log.fetchOffsetByTimestamp(ListOffsetsRequest.MAX_TIMESTAMP).map(t -> t.timestamp))
                    .contains(recordsMax);
        }
    }

    private MemoryRecords logAppendTimeBatch(long logAppendTime) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.LOG_APPEND_TIME, 0L, logAppendTime);
        for (int i = 0; i < 3; i++) {
            builder.append(time.milliseconds(), key(i), "v".getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static LogConfig compacted(LogConfig c) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.segmentIndexBytes(), c.indexIntervalBytes(),
                c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(), c.flushMessages(), c.flushMs(),
                c.timestampType(), c.timestampBeforeMaxMs(), c.timestampAfterMaxMs(), c.fileDeleteDelayMs(),
                true, false);
    }
}
