package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import io.samsa.storage.LogAppendInfo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotent producer whose records were all superseded keeps its sequence state through a clean and a
 * restart that rebuilds producer state from the log: its next batch is accepted and a retry of its last one is
 * recognised as a duplicate.
 */
class CleanerProducerStateTest {
    private static final long PID = 7L;

    @TempDir
    File dir;

    private final MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);

    private static MemoryRecords idempotent(int sequence, long timestamp) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, PID, (short) 0, sequence,
                new SimpleRecord(timestamp, "p".getBytes(StandardCharsets.UTF_8),
                        ("seq" + sequence).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void lastBatchOfAnActiveProducerSurvivesTheClean() throws IOException {
        long lastOffset;
        try (Log log = CleanerTestLog.open(dir, time, 300, true)) {
            for (int seq = 0; seq < 5; seq++) {
                log.appendAsLeader(idempotent(seq, time.milliseconds()), 0);
            }
            lastOffset = log.logEndOffset() - 1;
            for (int i = 0; i < 40; i++) {
                append(log, time, i == 0 ? "p" : "other" + i % 3, "plain" + i); // supersedes every "p" record
            }
            long end = new LogCleaning(CleanerTestLog.CLEANER, time)
                    .clean(log, 0L, new TopicCompaction(0L, 0L, 0.5)).endOffset();
            assertThat(end).isGreaterThan(lastOffset);
            assertThat(CleanerTestLog.readAll(log)).doesNotContainKey(lastOffset);
        }
        for (File snapshot : dir.listFiles((d, name) -> name.endsWith(".snapshot"))) {
            assertThat(snapshot.delete()).isTrue(); // producer state must come from the log itself
        }
        try (Log reopened = CleanerTestLog.open(dir, time, 300, false)) {
            LogAppendInfo retry = reopened.appendAsLeader(idempotent(4, time.milliseconds()), 0);
            assertThat(retry.firstOffset()).as("a retry of the last batch is a duplicate").isEqualTo(lastOffset);
            LogAppendInfo next = reopened.appendAsLeader(idempotent(5, time.milliseconds()), 0);
            assertThat(next.firstOffset()).isEqualTo(reopened.logEndOffset() - 1);
        }
    }
}
