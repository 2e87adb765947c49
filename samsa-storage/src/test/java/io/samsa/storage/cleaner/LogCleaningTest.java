package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static io.samsa.storage.cleaner.CleanerTestLog.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One synchronous clean of one log: what a consumer reading from the start sees afterwards. */
class LogCleaningTest {
    private static final long DELETE_RETENTION_MS = 10_000L;
    private static final TopicCompaction TOPIC = new TopicCompaction(DELETE_RETENTION_MS, 0L, 0.5);

    @TempDir
    File dir;

    private final MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);

    @Test
    void keepsOnlyTheLatestValueOfEachKeyAtItsOriginalOffset() throws IOException {
        try (Log log = CleanerTestLog.open(dir, time, 400, true)) {
            Map<String, Long> latest = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                latest.put("k" + i % 5, append(log, time, "k" + i % 5, "v" + i));
            }
            CleanerStats stats = new LogCleaning(CleanerTestLog.CLEANER, time).clean(log, 0L, TOPIC);

            Map<Long, CleanerTestLog.Read> after = readAll(log);
            for (Map.Entry<String, Long> e : latest.entrySet()) {
                if (e.getValue() < stats.endOffset()) {
                    assertThat(after.get(e.getValue()).key()).isEqualTo(e.getKey());
                }
            }
            long cleanedKept = after.keySet().stream().filter(o -> o < stats.endOffset()).count();
            assertThat(cleanedKept).as("at most one record per key, plus the last of each cleaned group")
                    .isLessThan(stats.endOffset() / 2);
            assertThat(stats.endOffset()).isEqualTo(log.activeSegmentBaseOffset());
            assertThat(stats.messagesWritten()).isLessThan(stats.messagesRead());
            assertThat(stats.bytesWritten()).isLessThan(stats.bytesRead());
            assertThat(stats.dirtyRatioBefore()).isEqualTo(1.0);
            assertThat(stats.dirtyRatioAfter()).isEqualTo(0.0);
            assertThat(stats.mapUtilization()).isGreaterThan(0.0);
        }
    }

    @Test
    void tombstoneOutlivesItsFirstCleanByTheDeleteRetentionAndIsRemovedByALaterClean() throws IOException {
        try (Log log = CleanerTestLog.open(dir, time, 300, true)) {
            append(log, time, "gone", "old value");
            long tombstone = append(log, time, "gone", null);
            for (int i = 0; i < 30; i++) {
                append(log, time, "k" + i % 3, "v" + i);
            }
            LogCleaning cleaning = new LogCleaning(CleanerTestLog.CLEANER, time);
            long firstDirty = cleaning.clean(log, 0L, TOPIC).endOffset();
            assertThat(readAll(log)).containsEntry(tombstone, new CleanerTestLog.Read("gone", null))
                    .doesNotContainKey(tombstone - 1);

            time.sleep(DELETE_RETENTION_MS - 1);
            for (int i = 0; i < 20; i++) {
                append(log, time, "k" + i % 3, "w" + i);
            }
            firstDirty = cleaning.clean(log, firstDirty, TOPIC).endOffset();
            assertThat(readAll(log)).as("horizon not reached").containsKey(tombstone);

            time.sleep(1);
            for (int i = 0; i < 20; i++) {
                append(log, time, "k" + i % 3, "x" + i);
            }
            cleaning.clean(log, firstDirty, TOPIC);
            assertThat(readAll(log).values()).as("horizon passed")
                    .noneMatch(r -> "gone".equals(r.key()));
        }
    }

    @Test
    void neverCleansTheActiveSegmentNorAboveTheHighWatermark() throws IOException {
        try (Log log = CleanerTestLog.open(dir, time, 400, true)) {
            for (int i = 0; i < 40; i++) {
                append(log, time, "same", "v" + i);
            }
            log.updateHighWatermark(5);
            Map<Long, CleanerTestLog.Read> before = readAll(log);
            CleanerStats stats = new LogCleaning(CleanerTestLog.CLEANER, time).clean(log, 0L, TOPIC);
            assertThat(stats.endOffset()).isLessThanOrEqualTo(5);
            Map<Long, CleanerTestLog.Read> after = readAll(log);
            for (long offset = log.activeSegmentBaseOffset(); offset < log.logEndOffset(); offset++) {
                assertThat(after.get(offset)).isEqualTo(before.get(offset));
            }
            for (long offset = stats.endOffset(); offset < log.logEndOffset(); offset++) {
                assertThat(after.get(offset)).as("offset %d above the cleaned range", offset)
                        .isEqualTo(before.get(offset));
            }
        }
    }

    @Test
    void cleanerCheckpointRoundTripsAndFallsBackToTheLogStart() throws IOException {
        CleanerCheckpoints checkpoints = new CleanerCheckpoints(dir);
        assertThat(checkpoints.firstDirtyOffset(CleanerTestLog.TP, 3L, 100L)).isEqualTo(3L);
        checkpoints.update(CleanerTestLog.TP, 42L);
        assertThat(new CleanerCheckpoints(dir).firstDirtyOffset(CleanerTestLog.TP, 3L, 100L)).isEqualTo(42L);
        assertThat(checkpoints.firstDirtyOffset(CleanerTestLog.TP, 50L, 100L)).as("below the log start").isEqualTo(50L);
        assertThat(checkpoints.firstDirtyOffset(CleanerTestLog.TP, 3L, 40L)).as("beyond the log end").isEqualTo(3L);
        checkpoints.remove(CleanerTestLog.TP);
        assertThat(checkpoints.read()).isEmpty();
    }
}
