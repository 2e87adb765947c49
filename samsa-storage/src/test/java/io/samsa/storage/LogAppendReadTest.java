package io.samsa.storage;

import static io.samsa.storage.LogTestSupport.batchesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAppendReadTest {
    private static final Compression[] CODECS = {Compression.NONE, Compression.gzip().build(),
        Compression.lz4().build(), Compression.zstd().build(), Compression.snappy().build()};

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private record Appended(long first, long last) {
    }

    @Test
    void appendsAcrossManyRollsKeepOffsetsContiguousAndEveryOffsetIsReadable() throws IOException {
        File dir = new File(tmp, "t-0");
        LogConfig config = LogTestSupport.smallSegments(1024, 100);
        Random random = new Random(7);
        List<Appended> appended = new ArrayList<>();
        try (Log log = LogTestSupport.open(dir, config, time)) {
            long expectedNext = 0;
            for (int i = 0; i < 150; i++) {
                int count = 1 + random.nextInt(5);
                MemoryRecords records = TestRecords.batch(CODECS[random.nextInt(CODECS.length)], count,
                        time.milliseconds(), random.nextInt(120));
                LogAppendInfo info = log.appendAsLeader(records, 4);
                assertThat(info.firstOffset()).isEqualTo(expectedNext);
                assertThat(info.lastOffset()).isEqualTo(expectedNext + count - 1);
                assertThat(info.duplicate()).isFalse();
                appended.add(new Appended(info.firstOffset(), info.lastOffset()));
                expectedNext += count;
            }
            assertThat(log.logEndOffset()).isEqualTo(expectedNext);
            assertThat(log.numberOfSegments()).isGreaterThan(10);
            assertEveryOffsetReadable(log, appended);
        }
        try (Log reopened = LogTestSupport.open(dir, config, time)) {
            assertThat(reopened.logEndOffset()).isEqualTo(appended.get(appended.size() - 1).last() + 1);
            assertEveryOffsetReadable(reopened, appended);
            LogAppendInfo next = reopened.appendAsLeader(TestRecords.batch(2, time.milliseconds(), 5), 5);
            assertThat(next.firstOffset()).isEqualTo(reopened.logEndOffset() - 2);
        }
    }

    private static void assertEveryOffsetReadable(Log log, List<Appended> appended) {
        long end = log.logEndOffset();
        for (Appended a : appended) {
            for (long offset = a.first(); offset <= a.last(); offset++) {
                List<RecordBatch> batches = batchesOf(log.read(offset, Integer.MAX_VALUE, end, true));
                assertThat(batches).isNotEmpty();
                assertThat(batches.get(0).baseOffset()).isEqualTo(a.first());
                assertThat(batches.get(0).lastOffset()).isEqualTo(a.last());
                assertThat(batches.get(0).partitionLeaderEpoch()).isEqualTo(4);
                long expected = a.first();
                for (RecordBatch b : batches) {
                    assertThat(b.baseOffset()).isEqualTo(expected);
                    expected = b.lastOffset() + 1;
                }
            }
        }
        assertThat(log.read(end, Integer.MAX_VALUE, end, true).sizeBytes()).isZero();
        assertThatThrownBy(() -> log.read(end + 1, 100, end + 1, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 100, end, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void maxBytesCutsAtBatchBoundariesAndMinOneMessageReturnsALargeFirstBatch() throws IOException {
        LogConfig config = LogTestSupport.smallSegments(1 << 20, 150);
        try (Log log = LogTestSupport.open(new File(tmp, "t-0"), config, time)) {
            int size = 0;
            for (int i = 0; i < 20; i++) {
                MemoryRecords records = TestRecords.batch(3, time.milliseconds(), 40);
                size = records.sizeInBytes();
                log.appendAsLeader(records, 0);
            }
            long end = log.logEndOffset();
            FetchDataInfo two = log.read(0, size * 2 + size / 2, end, false);
            assertThat(batchesOf(two)).hasSize(2);
            assertThat(two.sizeBytes()).isEqualTo(2 * size);

            FetchDataInfo many = log.read(3, size * 11 + 1, end, false);
            List<RecordBatch> batches = batchesOf(many);
            assertThat(batches).hasSize(11);
            assertThat(batches.get(0).baseOffset()).isEqualTo(3);

            assertThat(log.read(0, size - 1, end, false).sizeBytes()).isZero();
            FetchDataInfo one = log.read(0, size - 1, end, true);
            assertThat(batchesOf(one)).hasSize(1);
            assertThat(log.read(0, 0, end, true).sizeBytes()).isEqualTo(size);

            assertThat(batchesOf(log.read(0, Integer.MAX_VALUE, end, false))).hasSize(20);
            assertThat(batchesOf(log.read(0, size * 20, end, false))).hasSize(20);
        }
    }

    @Test
    void maxOffsetExclusiveBoundsTheReadAtBatchGranularity() throws IOException {
        LogConfig config = LogTestSupport.smallSegments(2000, 50);
        try (Log log = LogTestSupport.open(new File(tmp, "t-0"), config, time)) {
            for (int i = 0; i < 12; i++) {
                log.appendAsLeader(TestRecords.batch(5, time.milliseconds(), 20), 0);
            }
            assertThat(log.numberOfSegments()).isGreaterThanOrEqualTo(2);
            // Batches are [0-4], [5-9], [10-14], ...; a read stays within one segment, as in Kafka.
            assertThat(batchesOf(log.read(0, Integer.MAX_VALUE, 10, true))).extracting(RecordBatch::lastOffset)
                    .containsExactly(4L, 9L);
            assertThat(batchesOf(log.read(0, Integer.MAX_VALUE, 7, true))).extracting(RecordBatch::lastOffset)
                    .containsExactly(4L);
            assertThat(log.read(5, Integer.MAX_VALUE, 7, true).sizeBytes()).isZero();
            assertThat(log.read(7, Integer.MAX_VALUE, 7, true).sizeBytes()).isZero();
            assertThat(batchesOf(log.read(7, Integer.MAX_VALUE, 10, true))).extracting(RecordBatch::baseOffset)
                    .containsExactly(5L);
            for (long limit = 1; limit <= log.logEndOffset(); limit++) {
                List<RecordBatch> batches = batchesOf(log.read(0, Integer.MAX_VALUE, limit, true));
                long lastVisible = batches.isEmpty() ? -1 : batches.get(batches.size() - 1).lastOffset();
                assertThat(lastVisible).isLessThan(limit);
                assertThat(batches.isEmpty()).isEqualTo(limit < 5);
            }
            // A read at the high watermark but below the log end offset is empty, not out of range.
            log.updateHighWatermark(20);
            assertThat(log.highWatermark()).isEqualTo(20);
            assertThat(log.read(25, 1000, log.highWatermark(), true).sizeBytes()).isZero();
        }
    }

    @Test
    void highWatermarkIsClampedToTheLog() throws IOException {
        try (Log log = LogTestSupport.open(new File(tmp, "t-0"), LogConfig.defaults(), time)) {
            log.appendAsLeader(TestRecords.batch(4, time.milliseconds(), 1), 0);
            log.updateHighWatermark(100);
            assertThat(log.highWatermark()).isEqualTo(4);
            log.updateHighWatermark(-5);
            assertThat(log.highWatermark()).isZero();
        }
    }

    @Test
    void concurrentReadsNeverSeePartialBatches() throws Exception {
        LogConfig config = LogTestSupport.smallSegments(8 * 1024, 256);
        try (Log log = LogTestSupport.open(new File(tmp, "t-0"), config, time)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = new Thread(() -> {
                try {
                    long reads = 0;
                    while (!done.get() || reads < 100) {
                        long end = log.logEndOffset();
                        long start = end == 0 ? 0 : Math.max(0, end - 50);
                        batchesOf(log.read(start, 64 * 1024, Long.MAX_VALUE, true));
                        reads++;
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            try {
                for (int i = 0; i < 1000; i++) {
                    log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 30), 0);
                }
            } finally {
                done.set(true);
                reader.join();
            }
            assertThat(failure.get()).isNull();
        }
    }
}
