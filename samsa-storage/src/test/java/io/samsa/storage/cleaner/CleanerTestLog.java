package io.samsa.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.MockTime;

/** Test-only: a log with tiny segments, keyed appends, and reads of every record. */
final class CleanerTestLog {
    static final TopicPartition TP = new TopicPartition("compacted", 0);
    static final CleanerConfig CLEANER = new CleanerConfig(64 * 1024, 0.9, 256, 1024 * 1024);

    /** A record as read: its value, or null for a tombstone. */
    record Read(String key, String value) {
    }

    private CleanerTestLog() {
    }

    static Log open(File dir, MockTime time, int segmentBytes, boolean cleanShutdown) throws IOException {
        LogConfig config = LogConfig.defaults().withSegmentBytes(segmentBytes).withIndexIntervalBytes(64);
        return Log.open(new LogParams(dir, TP, config, time, 0L, 0L, cleanShutdown));
    }

    /** Appends one record; returns its offset. A null value is a tombstone. */
    static long append(Log log, MockTime time, String key, String value) {
        long offset = log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(
                time.milliseconds(), key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8))), 0).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        return offset;
    }

    /** Offset → record of every record in the log, checking that offsets strictly increase. */
    static Map<Long, Read> readAll(Log log) {
        Map<Long, Read> records = new LinkedHashMap<>();
        long offset = log.logStartOffset();
        long previous = -1;
        while (offset < log.logEndOffset()) {
            long next = offset;
            for (RecordBatch batch : log.read(offset, 1 << 20, Long.MAX_VALUE, true).records().batches()) {
                batch.ensureValid();
                for (Record r : batch) {
                    assertThat(r.offset()).as("offsets strictly increase").isGreaterThan(previous);
                    previous = r.offset();
                    records.put(r.offset(), new Read(r.hasKey() ? text(r.key()) : null,
                            r.hasValue() ? text(r.value()) : null));
                }
                next = Math.max(next, batch.lastOffset() + 1);
            }
            offset = next;
        }
        return records;
    }

    private static String text(java.nio.ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }
}
