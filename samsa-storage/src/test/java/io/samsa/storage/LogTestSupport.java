package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.MockTime;

/** Test-only helpers shared by the log tests. */
final class LogTestSupport {
    static final long START_MS = 1_700_000_000_000L;
    static final TopicPartition TP = new TopicPartition("my.topic-with-dashes", 3);

    private LogTestSupport() {
    }

    static MockTime newTime() {
        return new MockTime(0L, START_MS, 0L);
    }

    static LogConfig smallSegments(int segmentBytes, int indexIntervalBytes) {
        return LogConfig.defaults().withSegmentBytes(segmentBytes).withIndexIntervalBytes(indexIntervalBytes);
    }

    /** A config with every field spelled out, for the fields that have no wither. */
    static LogConfig withTimestampLimits(LogConfig c, long beforeMs, long afterMs) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.segmentIndexBytes(), c.indexIntervalBytes(),
                c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(), c.flushMessages(), c.flushMs(),
                c.timestampType(), beforeMs, afterMs, c.fileDeleteDelayMs(), c.compact(), c.delete());
    }

    static LogConfig withFlush(LogConfig c, long flushMessages, long flushMs) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.segmentIndexBytes(), c.indexIntervalBytes(),
                c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(), flushMessages, flushMs,
                c.timestampType(), c.timestampBeforeMaxMs(), c.timestampAfterMaxMs(), c.fileDeleteDelayMs(),
                c.compact(), c.delete());
    }

    static LogConfig withDeleteDelay(LogConfig c, long fileDeleteDelayMs) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.segmentIndexBytes(), c.indexIntervalBytes(),
                c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(), c.flushMessages(), c.flushMs(),
                c.timestampType(), c.timestampBeforeMaxMs(), c.timestampAfterMaxMs(), fileDeleteDelayMs,
                c.compact(), c.delete());
    }

    static LogConfig withIndexBytes(LogConfig c, int segmentIndexBytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), segmentIndexBytes, c.indexIntervalBytes(),
                c.retentionMs(), c.retentionBytes(), c.maxMessageBytes(), c.flushMessages(), c.flushMs(),
                c.timestampType(), c.timestampBeforeMaxMs(), c.timestampAfterMaxMs(), c.fileDeleteDelayMs(),
                c.compact(), c.delete());
    }

    static LogParams params(File dir, LogConfig config, MockTime time) {
        return new LogParams(dir, TP, config, time, 0L, 0L, true);
    }

    static Log open(File dir, LogConfig config, MockTime time) throws IOException {
        return Log.open(params(dir, config, time));
    }

    /** The batches of a read result; asserts they are whole and valid and fill the result exactly. */
    static List<RecordBatch> batchesOf(FetchDataInfo info) {
        List<RecordBatch> batches = new ArrayList<>();
        long total = 0;
        Records records = info.records();
        for (RecordBatch b : records.batches()) {
            b.ensureValid();
            batches.add(b);
            total += b.sizeInBytes();
        }
        assertThat(total).as("read returns whole batches only").isEqualTo(info.sizeBytes());
        assertThat(records.sizeInBytes()).isEqualTo(info.sizeBytes());
        return batches;
    }

    static TimestampType createTime() {
        return TimestampType.CREATE_TIME;
    }
}
