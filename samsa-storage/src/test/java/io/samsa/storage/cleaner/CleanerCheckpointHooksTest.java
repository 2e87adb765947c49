package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static io.samsa.storage.cleaner.CleanerTestLog.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogManager;
import io.samsa.storage.LogManagerConfig;
import io.samsa.storage.ManualScheduler;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaner as the {@link LogManager}'s change listener: a truncation lowers the log's checkpointed first dirty
 * offset (Kafka's maybeTruncateCheckpoint), so records appended again are cleaned; a deletion drops the entry.
 */
class CleanerCheckpointHooksTest {
    private static final TopicPartition TP = new TopicPartition("compacted", 0);
    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(400).withIndexIntervalBytes(64)
            .withCleanupPolicy(true, false).withCompaction(new LogConfig.Compaction(10_000L, 0L, Long.MAX_VALUE, 0.01));

    @TempDir
    File dataDir;

    private final MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);
    private LogManager manager;
    private LogCleaner cleaner;

    @BeforeEach
    void start() {
        manager = new LogManager(new LogManagerConfig(List.of(dataDir), CONFIG, 300_000L, 1_000L, 60_000L, 1),
                new ManualScheduler(time), time);
        manager.startup();
        cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 512, 1024 * 1024, 10_000L),
                manager::allLogs, time);
        manager.setChangeListener(cleaner);
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    private void writeUpdates(Log log, int n) {
        for (int i = 0; i < n; i++) {
            append(log, time, "k" + i % 4, "v" + i);
        }
    }

    private Map<TopicPartition, Long> checkpoint() throws IOException {
        return new CleanerCheckpoints(dataDir.getAbsoluteFile()).read();
    }

    @Test
    void aTruncationBelowTheCheckpointLowersItSoThatRecordsAppendedAgainAreCleaned() throws IOException {
        Log log = manager.getOrCreateLog(TP, Uuid.randomUuid(), CONFIG);
        writeUpdates(log, 60);
        long firstUnique = append(log, time, "unique-0", "v");
        for (int i = 1; i < 40; i++) {
            append(log, time, "unique-" + i, "v");
        }
        writeUpdates(log, 20);
        assertThat(cleaner.cleanOnce()).isTrue();
        long cleanedTo = checkpoint().get(TP);
        assertThat(cleanedTo).isEqualTo(log.activeSegmentBaseOffset()).isGreaterThan(firstUnique + 40);

        // A follower diverging from its leader: the unique keys, kept by the clean, and all after them go.
        assertThat(log.truncateTo(firstUnique)).isTrue();
        assertThat(checkpoint()).containsEntry(TP, log.activeSegmentBaseOffset());
        assertThat(log.activeSegmentBaseOffset()).isLessThan(cleanedTo);

        // Duplicates of one key appended again up to the old checkpoint, which would have passed them as clean (a
        // clean only removes a clean record whose key it meets again in the dirty section), then other keys.
        while (log.logEndOffset() < cleanedTo) {
            append(log, time, "again", "v" + log.logEndOffset());
        }
        writeUpdates(log, 60);
        assertThat(cleaner.cleanOnce()).isTrue();

        long activeBase = log.activeSegmentBaseOffset();
        List<String> cleanKeys = readAll(log).entrySet().stream().filter(e -> e.getKey() < activeBase)
                .map(e -> e.getValue().key()).toList();
        assertThat(cleanKeys).as("one record per key below the active segment").contains("again")
                .doesNotHaveDuplicates();
        assertThat(checkpoint()).containsEntry(TP, activeBase);
    }

    @Test
    void aFullTruncationLowersTheCheckpointToTheNewStart() throws IOException {
        Log log = manager.getOrCreateLog(TP, Uuid.randomUuid(), CONFIG);
        writeUpdates(log, 60);
        assertThat(cleaner.cleanOnce()).isTrue();

        log.truncateFullyAndStartAt(5L);

        assertThat(checkpoint()).containsEntry(TP, 5L);
    }

    @Test
    void aDeletedLogLosesItsEntryAtOnce() throws IOException {
        TopicPartition other = new TopicPartition("other", 0);
        Log log = manager.getOrCreateLog(TP, Uuid.randomUuid(), CONFIG);
        writeUpdates(log, 60);
        writeUpdates(manager.getOrCreateLog(other, Uuid.randomUuid(), CONFIG), 60);
        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(checkpoint()).containsOnlyKeys(TP, other);

        manager.deleteLog(TP);

        assertThat(checkpoint()).containsOnlyKeys(other);
    }
}
