package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogOffsetByTimestampTest {
    private static final long T0 = LogTestSupport.START_MS;

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private static MemoryRecords withTimestamps(Compression compression, long... timestamps) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.MAGIC_VALUE_V2,
                compression, TimestampType.CREATE_TIME, 0L);
        for (long ts : timestamps) {
            builder.append(ts, null, ("v" + ts).getBytes());
        }
        return builder.build();
    }

    /** Batch i (offsets 3i..3i+2) has timestamps T0 + 100 i + {0, 10, 20}; batch 7 also holds the maximum. */
    private Log filledLog(File dir) throws IOException {
        Log log = LogTestSupport.open(dir, LogTestSupport.smallSegments(350, 60), time);
        for (int i = 0; i < 12; i++) {
            long base = T0 + 100L * i;
            MemoryRecords records = i == 7
                    ? withTimestamps(Compression.gzip().build(), base, base + 99_999, base + 20)
                    : withTimestamps(Compression.NONE, base, base + 10, base + 20);
            log.appendAsLeader(records, 10 + i);
        }
        return log;
    }

    @Test
    void specialTimestamps() throws IOException {
        try (Log log = filledLog(new File(tmp, "t-0"))) {
            assertThat(log.numberOfSegments()).isGreaterThan(3);
            assertThat(log.fetchOffsetByTimestamp(ListOffsetsRequest.EARLIEST_TIMESTAMP))
                    .contains(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, 0, Optional.of(10)));
            assertThat(log.fetchOffsetByTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP))
                    .contains(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, 36, Optional.of(21)));
            assertThat(log.fetchOffsetByTimestamp(ListOffsetsRequest.MAX_TIMESTAMP))
                    .contains(new TimestampAndOffset(T0 + 700 + 99_999, 22, Optional.of(17)));
        }
    }

    @Test
    void maxTimestampOnAnEmptyLogIsEmpty() throws IOException {
        try (Log log = LogTestSupport.open(new File(tmp, "t-0"), LogConfig.defaults(), time)) {
            assertThat(log.fetchOffsetByTimestamp(ListOffsetsRequest.MAX_TIMESTAMP)).isEmpty();
            assertThat(log.fetchOffsetByTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP).map(t -> t.offset)).contains(0L);
            assertThat(log.fetchOffsetByTimestamp(T0)).isEmpty();
        }
    }

    @Test
    void realTimestampsFindTheFirstOffsetAtOrAfterThem() throws IOException {
        File dir = new File(tmp, "t-0");
        try (Log log = filledLog(dir)) {
            assertRealTimestamps(log);
        }
        try (Log reopened = LogTestSupport.open(dir, LogTestSupport.smallSegments(350, 60), time)) {
            assertRealTimestamps(reopened);
            assertThat(reopened.fetchOffsetByTimestamp(ListOffsetsRequest.MAX_TIMESTAMP).map(t -> t.offset))
                    .contains(22L);
        }
    }

    private static void assertRealTimestamps(Log log) {
        assertThat(log.fetchOffsetByTimestamp(T0 - 5_000))
                .contains(new TimestampAndOffset(T0, 0, Optional.of(10)));
        assertThat(log.fetchOffsetByTimestamp(T0 + 10))
                .contains(new TimestampAndOffset(T0 + 10, 1, Optional.of(10)));
        assertThat(log.fetchOffsetByTimestamp(T0 + 11))
                .contains(new TimestampAndOffset(T0 + 20, 2, Optional.of(10)));
        assertThat(log.fetchOffsetByTimestamp(T0 + 21))
                .contains(new TimestampAndOffset(T0 + 100, 3, Optional.of(11)));
        assertThat(log.fetchOffsetByTimestamp(T0 + 510))
                .contains(new TimestampAndOffset(T0 + 510, 16, Optional.of(15)));
        // Batch 7's big timestamp makes offset 22 the first at or after anything up to it.
        assertThat(log.fetchOffsetByTimestamp(T0 + 721).map(t -> t.offset)).contains(22L);
        assertThat(log.fetchOffsetByTimestamp(T0 + 1120).map(t -> t.offset)).contains(22L);
        assertThat(log.fetchOffsetByTimestamp(T0 + 700 + 99_999).map(t -> t.offset)).contains(22L);
        assertThat(log.fetchOffsetByTimestamp(T0 + 700 + 100_000)).isEmpty();
        for (int i = 0; i < 12; i++) {
            if (i == 7) {
                continue;
            }
            long ts = T0 + 100L * i;
            long expected = i < 7 ? 3L * i : 22L;
            assertThat(log.fetchOffsetByTimestamp(ts).map(t -> t.offset)).as("timestamp of batch %d", i)
                    .contains(expected);
        }
    }
}
