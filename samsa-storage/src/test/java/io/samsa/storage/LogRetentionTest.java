package io.samsa.storage;

import static io.samsa.storage.LogTestSupport.batchesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private File dir() {
        return new File(tmp, "t-0");
    }

    /** Appends {@code n} batches of 5 records, one per segment (segment.bytes is smaller than two batches). */
    private static void fill(Log log, MockTime time, int n) {
        for (int i = 0; i < n; i++) {
            log.appendAsLeader(TestRecords.batch(5, time.milliseconds(), 40), 0);
            time.sleep(1_000);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    private static LogConfig oneBatchPerSegment() {
        return LogTestSupport.smallSegments(400, 4096);
    }

    @Test
    void retentionByTimeDeletesOldSegmentsButNeverLeavesTheLogWithoutAnActiveSegment() throws IOException {
        try (Log log = LogTestSupport.open(dir(), oneBatchPerSegment().withRetention(10_500, -1), time)) {
            fill(log, time, 10); // batch i has timestamps START + 1000 i .. + 4
            assertThat(log.numberOfSegments()).isEqualTo(10);
            assertThat(log.deleteRetentionExceededSegments()).isZero();
            time.sleep(5_000); // now = START + 15000: batches 0..4 (max timestamp START + 1000 i + 4) are too old
            assertThat(log.deleteRetentionExceededSegments()).isEqualTo(5);
            assertThat(log.logStartOffset()).isEqualTo(25);
            assertThat(log.segmentBaseOffsets().get(0)).isEqualTo(25);
            assertThatThrownBy(() -> log.read(24, 1000, 50, true)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(batchesOf(log.read(25, 1000, 50, true)).get(0).baseOffset()).isEqualTo(25);

            time.sleep(100_000); // everything expired, the active segment too: it is rolled, then deleted
            assertThat(log.deleteRetentionExceededSegments()).isEqualTo(5);
            assertThat(log.numberOfSegments()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(50);
            assertThat(log.logEndOffset()).isEqualTo(50);
            assertThat(log.read(50, 1000, 50, true).sizeBytes()).isZero();
            assertThat(log.deleteRetentionExceededSegments()).isZero();
            assertThat(log.appendAsLeader(TestRecords.batch(1, time.milliseconds(), 1), 0).firstOffset())
                    .isEqualTo(50);
        }
    }

    @Test
    void retentionBySizeKeepsTheNewestSegmentsWithinTheLimit() throws IOException {
        try (Log log = LogTestSupport.open(dir(), oneBatchPerSegment(), time)) {
            fill(log, time, 8);
            long segmentSize = log.sizeInBytes() / 8;
            long retentionBytes = segmentSize * 3 + segmentSize / 2;
            log.updateConfig(log.config().withRetention(-1, retentionBytes));
            // Kafka's rule: drop the oldest segment while the log minus that segment is still >= retention.bytes.
            assertThat(log.deleteRetentionExceededSegments()).isEqualTo(4);
            assertThat(log.numberOfSegments()).isEqualTo(4);
            assertThat(log.logStartOffset()).isEqualTo(20);
            assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(retentionBytes);
            assertThat(log.sizeInBytes() - segmentSize).isLessThan(retentionBytes);
            assertThat(log.deleteRetentionExceededSegments()).isZero();
        }
    }

    @Test
    void retentionOnlyDeletesBelowTheHighWatermark() throws IOException {
        try (Log log = LogTestSupport.open(dir(), oneBatchPerSegment().withRetention(1, -1), time)) {
            fill(log, time, 5);
            log.updateHighWatermark(10);
            time.sleep(60_000);
            assertThat(log.deleteRetentionExceededSegments()).isEqualTo(2);
            assertThat(log.logStartOffset()).isEqualTo(10);
        }
    }

    @Test
    void deleteRecordsMovesTheLogStartOffsetAndPersistsThroughReopen() throws IOException {
        long startOffset;
        try (Log log = LogTestSupport.open(dir(), oneBatchPerSegment(), time)) {
            fill(log, time, 6);
            log.updateHighWatermark(20);
            assertThatThrownBy(() -> log.deleteRecordsBefore(21)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.deleteRecordsBefore(12)).isEqualTo(12);
            assertThat(log.segmentBaseOffsets().get(0)).isEqualTo(10);
            assertThatThrownBy(() -> log.read(11, 1000, 20, true)).isInstanceOf(OffsetOutOfRangeException.class);
            // The batch holding the log start offset starts before it; it is returned whole.
            List<RecordBatch> batches = batchesOf(log.read(12, 1000, 20, true));
            assertThat(batches.get(0).baseOffset()).isEqualTo(10);
            assertThat(log.deleteRecordsBefore(5)).isEqualTo(12);
            assertThat(log.fetchOffsetByTimestamp(-2).map(t -> t.offset)).contains(12L);
            startOffset = log.logStartOffset();
        }
        try (Log log = Log.open(new LogParams(dir(), LogTestSupport.TP, oneBatchPerSegment(), time, 0L, startOffset,
                true))) {
            assertThat(log.logStartOffset()).isEqualTo(12);
            assertThat(batchesOf(log.read(12, 1000, 30, true)).get(0).baseOffset()).isEqualTo(10);
        }
    }

    @Test
    void deletedSegmentsStayReadableUntilTheDeleteDelayHasPassed() throws IOException {
        ManualScheduler scheduler = new ManualScheduler(time);
        LogConfig config = LogTestSupport.withDeleteDelay(oneBatchPerSegment().withRetention(1, -1), 60_000);
        try (Log log = Log.open(LogTestSupport.params(dir(), config, time).withScheduler(scheduler))) {
            fill(log, time, 3);
            scheduler.tick();
            FetchDataInfo inFlight = log.read(0, 1000, 15, true);
            time.sleep(10_000);
            assertThat(log.deleteRetentionExceededSegments()).isEqualTo(3);
            assertThat(dir().list((d, n) -> n.endsWith(".log.deleted"))).hasSize(3);
            // One batch per segment never reaches index.interval.bytes, so these segments have no index files.
            assertThat(dir().list((d, n) -> n.endsWith(".index") || n.endsWith(".timeindex"))).isEmpty();
            // A zero-copy send that started before the deletion still reads its bytes.
            assertThat(batchesOf(inFlight)).hasSize(1);
            scheduler.advance(59_999);
            assertThat(dir().list((d, n) -> n.endsWith(".deleted"))).isNotEmpty();
            scheduler.advance(1);
            assertThat(dir().list((d, n) -> n.endsWith(".deleted"))).isEmpty();
        }
    }
}
