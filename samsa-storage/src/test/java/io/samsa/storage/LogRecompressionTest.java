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
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code compression.type} on the leader's append: a batch in another codec is rebuilt in the topic's codec and
 * level, keeping records and producer fields; a batch already in it, any batch under {@code producer}, and every
 * follower append keep their bytes.
 */
class LogRecompressionTest {
    private static final int LEADER_EPOCH = 4;

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();
    private Log log;

    @BeforeEach
    void setUp() throws IOException {
        log = LogTestSupport.open(new File(tmp, "t-0"), LogConfig.defaults(), time);
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    private static LogConfig.TargetCompression target(String type) {
        return LogConfig.TargetCompression.of(type, 6, 9, 3);
    }

    private static String nameOf(CompressionType codec) {
        return codec == CompressionType.NONE ? "uncompressed" : codec.name;
    }

    private static List<SimpleRecord> records(int count, long timestamp) {
        List<SimpleRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Header[] headers = {new RecordHeader("h" + i, ("hv" + i).getBytes(StandardCharsets.UTF_8))};
            byte[] key = i == 1 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i == 2 ? null : ("value-" + i + "-" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
            records.add(new SimpleRecord(timestamp + i * 7, key, value, headers));
        }
        return records;
    }

    private static MemoryRecords batch(Compression compression, List<SimpleRecord> records, long producerId,
                                       short epoch, int baseSequence, boolean transactional) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 16), RecordBatch.MAGIC_VALUE_V2,
                compression, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, epoch,
                baseSequence, transactional, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        records.forEach(builder::append);
        return builder.build();
    }

    private static MemoryRecords plain(Compression compression, List<SimpleRecord> records) {
        return batch(compression, records, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE, false);
    }

    private List<RecordBatch> logBatches() {
        return LogTestSupport.batchesOf(log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true));
    }

    private static void assertSameRecords(RecordBatch batch, List<SimpleRecord> expected, long baseOffset) {
        List<Record> actual = new ArrayList<>();
        batch.forEach(actual::add);
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Record r = actual.get(i);
            SimpleRecord e = expected.get(i);
            assertThat(r.offset()).isEqualTo(baseOffset + i);
            assertThat(r.timestamp()).isEqualTo(e.timestamp());
            assertThat(r.key()).isEqualTo(e.key());
            assertThat(r.value()).isEqualTo(e.value());
            assertThat(r.headers()).containsExactly(e.headers());
        }
    }

    /** The compressed payload (all after the batch header) of a batch's bytes. */
    private static byte[] payloadOf(byte[] batchBytes) {
        return Arrays.copyOfRange(batchBytes, DefaultRecordBatch.RECORD_BATCH_OVERHEAD, batchBytes.length);
    }

    @ParameterizedTest
    @CsvSource({"NONE, ZSTD", "LZ4, GZIP", "GZIP, NONE", "SNAPPY, LZ4", "ZSTD, SNAPPY", "NONE, GZIP"})
    void aBatchInAnotherCodecIsRebuiltInTheTopicsCodecWithItsRecords(CompressionType source,
                                                                     CompressionType targetCodec) {
        log.updateConfig(log.config().withCompression(target(nameOf(targetCodec))));
        log.appendAsLeader(TestRecords.batch(2, time.milliseconds(), 10), LEADER_EPOCH);
        List<SimpleRecord> records = records(5, time.milliseconds());

        LogAppendInfo info = log.appendAsLeader(plain(Compression.of(source).build(), records), LEADER_EPOCH);

        assertThat(info.firstOffset()).isEqualTo(2);
        assertThat(info.lastOffset()).isEqualTo(6);
        RecordBatch written = logBatches().get(1);
        assertThat(written.compressionType()).isEqualTo(targetCodec);
        assertThat(written.baseOffset()).isEqualTo(2);
        assertThat(written.lastOffset()).isEqualTo(6);
        assertThat(written.partitionLeaderEpoch()).isEqualTo(LEADER_EPOCH);
        assertThat(written.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(written.maxTimestamp()).isEqualTo(records.get(4).timestamp());
        assertSameRecords(written, records, 2);
        assertThat(log.logEndOffset()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource({"lz4, LZ4", "uncompressed, NONE", "producer, LZ4", "producer, NONE", "producer, ZSTD"})
    void aBatchAlreadyInTheTargetCodecOrUnderProducerIsWrittenAsItArrived(String type, CompressionType codec) {
        log.updateConfig(log.config().withCompression(target(type)));
        MemoryRecords sent = plain(Compression.of(codec).build(), records(5, time.milliseconds()));
        byte[] payloadSent = payloadOf(LogContents.bytesOf(sent));

        log.appendAsLeader(sent, LEADER_EPOCH);

        // The log writes the request's own buffer, its header stamped in place (offsets, leader epoch).
        assertThat(LogContents.bytesOf(log)).isEqualTo(LogContents.bytesOf(sent));
        assertThat(payloadOf(LogContents.bytesOf(log))).isEqualTo(payloadSent);
    }

    @Test
    void producerIdEpochSequenceAndTransactionalFlagSurviveTheRebuild() {
        log.updateConfig(log.config().withCompression(target("zstd")));
        List<SimpleRecord> records = records(3, time.milliseconds());
        MemoryRecords sent = batch(Compression.lz4().build(), records, 77L, (short) 3, 0, true);
        MemoryRecords retry = TestRecords.copy(sent);

        log.appendAsLeader(sent, LEADER_EPOCH);

        RecordBatch written = logBatches().get(0);
        assertThat(written.compressionType()).isEqualTo(CompressionType.ZSTD);
        assertThat(written.producerId()).isEqualTo(77L);
        assertThat(written.producerEpoch()).isEqualTo((short) 3);
        assertThat(written.baseSequence()).isZero();
        assertThat(written.lastSequence()).isEqualTo(2);
        assertThat(written.isTransactional()).isTrue();
        assertThat(written.isControlBatch()).isFalse();
        assertSameRecords(written, records, 0);
        // The producer state saw the rebuilt batch as the one sent: a retry is a duplicate, not a new append.
        assertThat(log.appendAsLeader(retry, LEADER_EPOCH).duplicate()).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void theCodecsLevelIsApplied() {
        List<SimpleRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(new SimpleRecord(time.milliseconds(), ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("some text that repeats with a number " + i * 7919 + " in it; ").repeat(20)
                            .getBytes(StandardCharsets.UTF_8)));
        }
        byte[] atLevel1 = payloadOf(LogContents.bytesOf(plain(Compression.gzip().level(1).build(), records)));
        byte[] atLevel9 = payloadOf(LogContents.bytesOf(plain(Compression.gzip().level(9).build(), records)));
        assertThat(atLevel1).as("the levels must differ for this test to mean anything").isNotEqualTo(atLevel9);
        log.updateConfig(log.config().withCompression(LogConfig.TargetCompression.of("gzip", 1, 9, 3)));

        log.appendAsLeader(plain(Compression.NONE, records), LEADER_EPOCH);

        assertThat(payloadOf(LogContents.bytesOf(log))).isEqualTo(atLevel1);
    }

    @Test
    void aLogAppendTimeTopicStampsTheRebuiltBatch() {
        log.updateConfig(log.config().withTimestampType(TimestampType.LOG_APPEND_TIME)
                .withCompression(target("zstd")));
        List<SimpleRecord> records = records(3, time.milliseconds() - 5_000);
        time.sleep(1_000);
        long now = time.milliseconds();

        LogAppendInfo info = log.appendAsLeader(plain(Compression.gzip().build(), records), LEADER_EPOCH);

        assertThat(info.logAppendTime()).isEqualTo(now);
        RecordBatch written = logBatches().get(0);
        assertThat(written.compressionType()).isEqualTo(CompressionType.ZSTD);
        assertThat(written.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(written.maxTimestamp()).isEqualTo(now);
        written.forEach(r -> assertThat(r.timestamp()).isEqualTo(now));
    }

    @Test
    void aBatchTooLargeOnceRebuiltIsRejectedAndNothingIsWritten() {
        List<SimpleRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new SimpleRecord(time.milliseconds(), null, new byte[1000]));
        }
        MemoryRecords sent = plain(Compression.zstd().build(), records);
        assertThat(sent.sizeInBytes()).isLessThan(2000);
        log.updateConfig(log.config().withMaxMessageBytes(2000).withCompression(target("uncompressed")));

        assertThatThrownBy(() -> log.appendAsLeader(sent, LEADER_EPOCH))
                .isInstanceOf(RecordTooLargeException.class)
                .satisfies(e -> assertThat(Errors.forException(e)).isEqualTo(Errors.MESSAGE_TOO_LARGE))
                .hasMessageContaining(LogTestSupport.TP.toString());
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @Test
    void onlyTheBatchesInAnotherCodecAreRebuiltInAMixedRequest() {
        log.updateConfig(log.config().withCompression(target("zstd")));
        List<SimpleRecord> first = records(2, time.milliseconds());
        List<SimpleRecord> second = records(3, time.milliseconds());
        MemoryRecords zstd = plain(Compression.zstd().build(), first);
        MemoryRecords lz4 = plain(Compression.lz4().build(), second);
        byte[] zstdPayload = payloadOf(LogContents.bytesOf(zstd));

        log.appendAsLeader(TestRecords.concat(zstd, lz4), LEADER_EPOCH);

        List<RecordBatch> written = logBatches();
        assertThat(written).extracting(RecordBatch::compressionType)
                .containsExactly(CompressionType.ZSTD, CompressionType.ZSTD);
        byte[] firstBytes = Arrays.copyOf(LogContents.bytesOf(log), written.get(0).sizeInBytes());
        assertThat(payloadOf(firstBytes)).isEqualTo(zstdPayload);
        assertSameRecords(written.get(0), first, 0);
        assertSameRecords(written.get(1), second, 2);
    }

    @Test
    void aFollowerWritesTheLeadersBytesWhateverItsCodec() {
        log.updateConfig(log.config().withCompression(target("zstd")));
        MemoryRecords fromLeader = plain(Compression.lz4().build(), records(3, time.milliseconds()));
        fromLeader.batches().iterator().next().setPartitionLeaderEpoch(LEADER_EPOCH);
        byte[] sent = LogContents.bytesOf(fromLeader);

        log.appendAsFollower(fromLeader);

        assertThat(LogContents.bytesOf(log)).isEqualTo(sent);
    }
}
