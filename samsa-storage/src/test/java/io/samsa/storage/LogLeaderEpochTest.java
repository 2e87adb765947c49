package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.epoch.EpochEndOffset;
import io.samsa.storage.epoch.EpochEntry;
import io.samsa.storage.epoch.LeaderEpochCheckpointFile;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader epochs a log keeps: what a leader answers a follower's divergence check with, so they must be right
 * after appends, copies, truncations and restarts, clean or not.
 */
class LogLeaderEpochTest {
    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();
    private final LogConfig config = LogTestSupport.smallSegments(2_000, 100);

    private static MemoryRecords toMemory(Records records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(b);
        }
        return MemoryRecords.readableRecords(b.flip());
    }

    private void appendAsLeader(Log log, int epoch, int batches) {
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(TestRecords.batch(2, time.milliseconds(), 50), epoch);
        }
    }

    @Test
    void leaderAppendsRecordWhereEachEpochStarts() throws IOException {
        try (Log log = LogTestSupport.open(new File(tmp, "l"), config, time)) {
            appendAsLeader(log, 0, 3);
            assertThat(log.startLeaderEpoch(2)).isEqualTo(6);
            appendAsLeader(log, 2, 2);

            assertThat(log.epochCache().entries()).containsExactly(new EpochEntry(0, 0), new EpochEntry(2, 6));
            assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 6));
            assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(0, 6));
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 10));
        }
    }

    @Test
    void aFollowerTakesTheEpochsFromTheBatchesItCopiesAndLosesThemWhenItTruncates() throws IOException {
        try (Log leader = LogTestSupport.open(new File(tmp, "leader"), config, time);
             Log follower = LogTestSupport.open(new File(tmp, "follower"), config, time)) {
            appendAsLeader(leader, 1, 2);
            leader.startLeaderEpoch(4);
            appendAsLeader(leader, 4, 2);
            follower.appendAsFollower(toMemory(leader.read(0, 100_000, leader.logEndOffset(), true).records()));

            assertThat(follower.epochCache().entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(4, 4));

            follower.truncateTo(4);
            assertThat(follower.epochCache().entries()).containsExactly(new EpochEntry(1, 0));
            follower.truncateFullyAndStartAt(100);
            assertThat(follower.epochCache().entries()).isEmpty();
        }
    }

    @Test
    void epochsSurviveACleanRestart() throws IOException {
        File dir = new File(tmp, "clean");
        try (Log log = LogTestSupport.open(dir, config, time)) {
            appendAsLeader(log, 3, 2);
            log.startLeaderEpoch(5);
            appendAsLeader(log, 5, 1);
        }
        try (Log log = LogTestSupport.open(dir, config, time)) {
            assertThat(log.epochCache().entries()).containsExactly(new EpochEntry(3, 0), new EpochEntry(5, 4));
        }
    }

    @Test
    void afterACrashTheEpochsAreRebuiltFromTheBatchesAfterTheRecoveryPoint() throws IOException {
        File dir = new File(tmp, "crash");
        Log log = LogTestSupport.open(dir, config, time);
        appendAsLeader(log, 3, 2);
        log.flush();
        appendAsLeader(log, 6, 2);
        long recoveryPoint = log.recoveryPoint();
        log.close();
        // A crash before the checkpoint write of epoch 6 reached the disk: the file knows only epoch 3.
        new LeaderEpochCheckpointFile(dir).write(java.util.List.of(new EpochEntry(3, 0)), true);

        try (Log reopened = Log.open(new LogParams(dir, LogTestSupport.TP, config, time, recoveryPoint, 0L, false))) {
            assertThat(reopened.logEndOffset()).isEqualTo(8);
            assertThat(reopened.epochCache().entries()).containsExactly(new EpochEntry(3, 0), new EpochEntry(6, 4));
        }
    }

    @Test
    void aLogWithoutACheckpointRebuildsEveryEpochFromItsBatches() throws IOException {
        File dir = new File(tmp, "old");
        try (Log log = LogTestSupport.open(dir, config, time)) {
            appendAsLeader(log, 2, 20);
            appendAsLeader(log, 9, 20);
        }
        Files.delete(new File(dir, LeaderEpochCheckpointFile.FILE_NAME).toPath());

        try (Log log = LogTestSupport.open(dir, config, time)) {
            assertThat(log.numberOfSegments()).isGreaterThan(1);
            assertThat(log.epochCache().entries()).containsExactly(new EpochEntry(2, 0), new EpochEntry(9, 40));
        }
    }

    @Test
    void deleteRecordsMovesTheFirstEpochsStart() throws IOException {
        try (Log log = LogTestSupport.open(new File(tmp, "dr"), config, time)) {
            appendAsLeader(log, 1, 3);
            appendAsLeader(log, 2, 3);
            log.updateHighWatermark(log.logEndOffset());

            log.deleteRecordsBefore(4);

            assertThat(log.epochCache().entries()).containsExactly(new EpochEntry(1, 4), new EpochEntry(2, 6));
        }
    }
}
