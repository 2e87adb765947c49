package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static io.samsa.storage.cleaner.CleanerTestLog.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleaner service: which log it chooses, what it checkpoints, and its threads' lifecycle. */
class LogCleanerTest {
    private static final LogCleaner.Settings SETTINGS = new LogCleaner.Settings(1, 64 * 1024, 0.9, 512,
            1024 * 1024, 10_000L);

    @TempDir
    File logDir;

    private final MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);
    private final List<Log> logs = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        logs.forEach(Log::close);
    }

    /** A log of partition {@code topic-0}, compacted unless {@code compact} is false. */
    private Log open(String topic, boolean compact, double minCleanableRatio) throws IOException {
        return open(topic, compact, new LogConfig.Compaction(10_000L, 0L, Long.MAX_VALUE, minCleanableRatio));
    }

    private Log open(String topic, boolean compact, LogConfig.Compaction compaction) throws IOException {
        TopicPartition tp = new TopicPartition(topic, 0);
        LogConfig config = LogConfig.defaults().withSegmentBytes(400).withIndexIntervalBytes(64)
                .withCleanupPolicy(compact, !compact).withCompaction(compaction);
        Log log = Log.open(new LogParams(new File(logDir, topic + "-0"), tp, config, time, 0L, 0L, true));
        logs.add(log);
        return log;
    }

    private Log compacted(String topic, double minCleanableRatio) throws IOException {
        return open(topic, true, minCleanableRatio);
    }

    private void writeUpdates(Log log, int n) {
        for (int i = 0; i < n; i++) {
            append(log, time, "k" + i % 4, "v" + i);
        }
    }

    private Map<TopicPartition, Long> checkpoint() throws IOException {
        return new CleanerCheckpoints(logDir).read();
    }

    @Test
    void cleansACompactedLogOnceAndCheckpointsItsFirstDirtyOffset() throws IOException {
        Log log = compacted("compacted", 0.5);
        writeUpdates(log, 60);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(checkpoint()).containsEntry(log.topicPartition(), log.activeSegmentBaseOffset());
        assertThat(readAll(log).size()).isLessThan(30);
        assertThat(cleaner.cleanOnce()).as("nothing dirty is left").isFalse();
    }

    @Test
    void leavesLogsWithoutCompactPolicyOrNotDirtyEnoughAlone() throws IOException {
        Log notCompacted = open("deleted", false, 0.5);
        writeUpdates(notCompacted, 60);
        // All of it is dirty (ratio 1.0), and the rule is "strictly greater than".
        Log ratioOne = compacted("strict", 1.0);
        writeUpdates(ratioOne, 60);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);

        assertThat(cleaner.cleanOnce()).isFalse();
        assertThat(readAll(notCompacted)).hasSize(60);
        assertThat(readAll(ratioOne)).hasSize(60);
    }

    @Test
    void aDirtyRecordOlderThanTheMaxCompactionLagMakesTheLogCleanableWhateverItsRatio() throws IOException {
        Log log = open("lagging", true, new LogConfig.Compaction(10_000L, 0L, 1_000L, 1.0));
        writeUpdates(log, 60);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);
        assertThat(cleaner.cleanOnce()).as("ratio 1.0 is never exceeded; no record is 1 s old").isFalse();

        time.sleep(1_001L);
        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(checkpoint()).containsEntry(log.topicPartition(), log.activeSegmentBaseOffset());
    }

    @Test
    void aCompactedLogRollsAtTheMaxCompactionLagSoThatItsRecordsBecomeCleanable() throws IOException {
        Log log = open("quiet", true, new LogConfig.Compaction(10_000L, 0L, 1_000L, 1.0));
        log.updateConfig(log.config().withSegmentBytes(1024 * 1024));
        writeUpdates(log, 20);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);
        assertThat(log.numberOfSegments()).isEqualTo(1);

        time.sleep(1_001L);
        append(log, time, "k0", "late");
        assertThat(log.numberOfSegments()).as("rolled by max.compaction.lag.ms, segment.ms is a week").isEqualTo(2);
        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(readAll(log)).hasSize(5);
    }

    @Test
    void cleansTheDirtiestLogFirst() throws IOException {
        Log lessDirty = compacted("compacted", 0.1);
        writeUpdates(lessDirty, 60);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);
        assertThat(cleaner.cleanOnce()).isTrue();
        writeUpdates(lessDirty, 20);
        Log dirtier = compacted("dirtier", 0.1);
        writeUpdates(dirtier, 60);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(checkpoint()).containsEntry(dirtier.topicPartition(), dirtier.activeSegmentBaseOffset());
        assertThat(checkpoint().get(lessDirty.topicPartition())).isLessThan(lessDirty.activeSegmentBaseOffset());
        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(checkpoint()).containsEntry(lessDirty.topicPartition(), lessDirty.activeSegmentBaseOffset());
    }

    @Test
    void aLogWhoseCleanFailsIsMarkedUncleanableAndSkipped() throws IOException {
        Log first = compacted("first", 0.5);
        writeUpdates(first, 60);
        Log second = compacted("second", 0.5);
        writeUpdates(second, 60);
        // Batches larger than the cleaner's largest buffer (8 bytes here) cannot be recopied: an unexpected failure.
        LogCleaner cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 2, 8, 10_000L),
                () -> List.copyOf(logs), time);

        assertThat(cleaner.cleanOnce()).isFalse();
        assertThat(cleaner.cleanOnce()).isFalse();
        assertThat(cleaner.isUncleanable(first)).isTrue();
        assertThat(cleaner.isUncleanable(second)).isTrue();
        assertThat(cleaner.cleanOnce()).as("both skipped now").isFalse();
        assertThat(readAll(first)).hasSize(60);
        assertThat(checkpoint()).isEmpty();
    }

    @Test
    void aLogDeletedDuringItsCleanIsNotMarkedUncleanableNorCheckpointed() throws IOException {
        Log deleted = compacted("deleted", 0.5);
        writeUpdates(deleted, 60);
        // The log is listed when chosen, and gone by the time its clean fails.
        AtomicInteger calls = new AtomicInteger();
        LogCleaner cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 2, 8, 10_000L),
                () -> calls.getAndIncrement() == 0 ? List.of(deleted) : List.of(), time);

        assertThat(cleaner.cleanOnce()).isFalse();
        assertThat(cleaner.isUncleanable(deleted)).isFalse();
        assertThat(checkpoint()).isEmpty();
    }

    @Test
    void aCheckpointDropsTheEntriesOfDeletedLogs() throws IOException {
        Log kept = compacted("kept", 0.5);
        writeUpdates(kept, 60);
        new CleanerCheckpoints(logDir).update(new TopicPartition("deleted", 0), 7L);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(checkpoint()).containsOnlyKeys(kept.topicPartition());
    }

    @Test
    void aThreadSurvivesAFailureToChooseALogAndTriesAgainAfterTheBackoff() throws Exception {
        Log log = compacted("compacted", 0.5);
        writeUpdates(log, 60);
        AtomicInteger calls = new AtomicInteger();
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("test: listing the logs failed");
            }
            return List.copyOf(logs);
        }, time);
        cleaner.startup();
        try {
            // The failed attempt backs off on the mock clock, so nothing happens until it moves; it moves on each
            // check, since the thread may not be waiting yet when it first does.
            awaitUpTo10s(() -> {
                time.sleep(SETTINGS.backoffMs());
                return Files.exists(logDir.toPath().resolve("cleaner-offset-checkpoint"));
            });
            assertThat(calls.get()).isGreaterThan(1);
        } finally {
            cleaner.shutdown();
        }
        assertThat(checkpoint()).containsEntry(log.topicPartition(), log.activeSegmentBaseOffset());
    }

    private static void awaitUpTo10s(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void threadsCleanInTheBackgroundAndStopAtShutdown() throws Exception {
        Log log = compacted("compacted", 0.5);
        writeUpdates(log, 60);
        LogCleaner cleaner = new LogCleaner(SETTINGS, () -> List.copyOf(logs), time);
        cleaner.startup();
        try {
            awaitUpTo10s(() -> Files.exists(logDir.toPath().resolve("cleaner-offset-checkpoint")));
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("kafka-log-cleaner-thread-0");
        } finally {
            cleaner.shutdown();
        }
        assertThat(checkpoint()).containsEntry(log.topicPartition(), log.activeSegmentBaseOffset());
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("kafka-log-cleaner-thread-0");
    }
}
