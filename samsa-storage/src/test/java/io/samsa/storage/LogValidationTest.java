package io.samsa.storage;

import static io.samsa.storage.LogTestSupport.batchesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Crc32C;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogValidationTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();
    private Log log;

    @BeforeEach
    void setUp() throws IOException {
        log = LogTestSupport.open(new File(tmp, "t-0"), LogTestSupport.smallSegments(4096, 100), time);
        log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 10), 1);
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        log.close();
    }

    private void assertUnchanged() {
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(batchesOf(log.read(0, Integer.MAX_VALUE, 100, true))).hasSize(1);
    }

    @Test
    void badCrcIsRejectedAndNothingIsAppended() {
        MemoryRecords good = TestRecords.batch(Compression.lz4().build(), 5, time.milliseconds(), 50);
        MemoryRecords bad = TestRecords.batch(5, time.milliseconds(), 50);
        int middle = bad.sizeInBytes() / 2 + 20;
        bad.buffer().put(middle, (byte) (bad.buffer().get(middle) ^ 0x01));
        assertThatThrownBy(() -> log.appendAsLeader(bad, 1)).isInstanceOf(CorruptRecordException.class);
        // A good batch followed by a bad one in the same request: neither is written.
        MemoryRecords mixed = TestRecords.concat(good, TestRecords.copy(bad));
        assertThatThrownBy(() -> log.appendAsLeader(mixed, 1)).isInstanceOf(CorruptRecordException.class);
        assertUnchanged();
    }

    @Test
    void truncatedBatchIsRejected() {
        MemoryRecords full = TestRecords.batch(5, time.milliseconds(), 50);
        ByteBuffer partial = full.buffer().duplicate();
        partial.limit(partial.limit() - 7);
        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(partial.slice()), 1))
                .isInstanceOf(CorruptRecordException.class);
        MemoryRecords twoAndAHalf = TestRecords.concat(TestRecords.batch(2, 0L + time.milliseconds(), 5),
                MemoryRecords.readableRecords(partial.slice()));
        assertThatThrownBy(() -> log.appendAsLeader(twoAndAHalf, 1)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.EMPTY, 1)).isInstanceOf(InvalidRecordException.class);
        assertUnchanged();
    }

    @Test
    void tooLargeBatchIsRejectedWithMessageTooLarge() {
        log.updateConfig(log.config().withMaxMessageBytes(200));
        MemoryRecords big = TestRecords.batch(5, time.milliseconds(), 100);
        assertThat(big.sizeInBytes()).isGreaterThan(200);
        assertThatThrownBy(() -> log.appendAsLeader(big, 1)).isInstanceOf(RecordTooLargeException.class)
                .satisfies(e -> assertThat(Errors.forException(e)).isEqualTo(Errors.MESSAGE_TOO_LARGE));
        log.updateConfig(log.config().withMaxMessageBytes(1 << 20).withSegmentBytes(300));
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.copy(big), 1))
                .isInstanceOf(RecordBatchTooLargeException.class);
        assertUnchanged();
    }

    @Test
    void oldMagicIsRejected() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V1,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        builder.append(time.milliseconds(), "k".getBytes(), "v".getBytes());
        assertThatThrownBy(() -> log.appendAsLeader(builder.build(), 1)).isInstanceOf(InvalidRecordException.class);
        assertUnchanged();
    }

    @Test
    void inconsistentRecordCountIsRejected() {
        MemoryRecords records = TestRecords.batch(4, time.milliseconds(), 10);
        ByteBuffer buf = records.buffer();
        buf.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 9);
        // Recompute the CRC so that only the count check can catch it.
        int attributesOffset = DefaultRecordBatch.CRC_OFFSET + 4;
        buf.putInt(DefaultRecordBatch.CRC_OFFSET,
                (int) Crc32C.compute(buf, attributesOffset, buf.limit() - attributesOffset));
        records.batches().iterator().next().ensureValid();
        assertThatThrownBy(() -> log.appendAsLeader(records, 1)).isInstanceOf(InvalidRecordException.class);
        assertUnchanged();
    }

    @Test
    void timestampsOutsideTheConfiguredWindowAreRejected() {
        log.updateConfig(LogTestSupport.withTimestampLimits(log.config(), 60_000, 5_000));
        long now = time.milliseconds();
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.batch(2, now - 120_000, 5), 1))
                .isInstanceOfSatisfying(RecordValidationException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INVALID_TIMESTAMP));
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.batch(2, now + 10_000, 5), 1))
                .isInstanceOfSatisfying(RecordValidationException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INVALID_TIMESTAMP));
        assertUnchanged();
        assertThat(log.appendAsLeader(TestRecords.batch(2, now - 50_000, 5), 1).firstOffset()).isEqualTo(3);
        assertThat(log.appendAsLeader(TestRecords.batch(2, now + 4_000, 5), 1).firstOffset()).isEqualTo(5);
    }

    @Test
    void logAppendTimeRewritesTheTimestampWithAValidCrc() {
        log.updateConfig(log.config().withTimestampType(TimestampType.LOG_APPEND_TIME));
        time.sleep(5_000);
        long now = time.milliseconds();
        for (Compression c : List.of(Compression.NONE, Compression.zstd().build())) {
            LogAppendInfo info = log.appendAsLeader(TestRecords.batch(c, 3, now - 1_000_000, 20), 9);
            assertThat(info.logAppendTime()).isEqualTo(now);
            RecordBatch batch = batchesOf(log.read(info.firstOffset(), Integer.MAX_VALUE, 100, true)).get(0);
            assertThat(batch.isValid()).isTrue();
            assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(batch.maxTimestamp()).isEqualTo(now);
            assertThat(batch.partitionLeaderEpoch()).isEqualTo(9);
            for (Record r : batch) {
                assertThat(r.timestamp()).isEqualTo(now);
            }
        }
        assertThat(log.fetchOffsetByTimestamp(now).map(t -> t.offset)).contains(3L);
    }

    @Test
    void createTimeAppendReportsNoLogAppendTime() {
        LogAppendInfo info = log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 10), 1);
        assertThat(info.logAppendTime()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(info.logStartOffset()).isZero();
    }
}
