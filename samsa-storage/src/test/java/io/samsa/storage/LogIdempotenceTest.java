package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogIdempotenceTest {
    private static final long PID = 1000L;
    private static final short EPOCH = 3;

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private File dir() {
        return new File(tmp, "t-0");
    }

    /** Batches seq [2i, 2i+1] for i in [0, n), each kept as the client's original bytes. */
    private List<MemoryRecords> batches(int n) {
        List<MemoryRecords> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(TestRecords.idempotent(PID, EPOCH, 2 * i, 2, time.milliseconds()));
        }
        return result;
    }

    private static List<LogAppendInfo> appendAll(Log log, List<MemoryRecords> batches) {
        List<LogAppendInfo> infos = new ArrayList<>();
        for (MemoryRecords b : batches) {
            infos.add(log.appendAsLeader(TestRecords.copy(b), 0));
        }
        return infos;
    }

    @Test
    void retriesOfTheLastFiveBatchesReturnTheirOriginalOffsets() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 5), 0); // offsets 0-2, no producer id
            List<MemoryRecords> sent = batches(6);
            List<LogAppendInfo> infos = appendAll(log, sent);
            long end = log.logEndOffset();
            assertThat(end).isEqualTo(15);
            for (int i = 1; i < 6; i++) {
                LogAppendInfo retry = log.appendAsLeader(TestRecords.copy(sent.get(i)), 0);
                assertThat(retry.duplicate()).isTrue();
                assertThat(retry.firstOffset()).isEqualTo(infos.get(i).firstOffset());
                assertThat(retry.lastOffset()).isEqualTo(infos.get(i).lastOffset());
            }
            assertThat(log.logEndOffset()).isEqualTo(end);
            // The first batch is now six batches old: no longer recognised, and out of sequence.
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.copy(sent.get(0)), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThat(log.logEndOffset()).isEqualTo(end);
        }
    }

    @Test
    void sequenceGapIsOutOfOrder() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            appendAll(log, batches(2)); // last seq 3
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 5, 1, 0), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 3, 1, 0), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThat(log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 4, 1, time.milliseconds()), 0)
                    .firstOffset()).isEqualTo(4);
        }
    }

    @Test
    void epochsFenceOldProducersAndNewEpochsStartAtZero() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            appendAll(log, batches(1));
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PID, (short) (EPOCH - 1), 2, 1, 0), 0))
                    .isInstanceOf(InvalidProducerEpochException.class);
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PID, (short) (EPOCH + 1), 2, 1, 0), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            LogAppendInfo bumped = log.appendAsLeader(
                    TestRecords.idempotent(PID, (short) (EPOCH + 1), 0, 1, time.milliseconds()), 0);
            assertThat(bumped.firstOffset()).isEqualTo(2);
            // The old epoch is now fenced, even for a batch that would have been in sequence.
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 2, 1, 0), 0))
                    .isInstanceOf(InvalidProducerEpochException.class);
        }
    }

    @Test
    void unknownProducerIsAcceptedAtAnySequence() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            assertThat(log.appendAsLeader(TestRecords.idempotent(77L, (short) 0, 17, 2, time.milliseconds()), 0)
                    .firstOffset()).isZero();
            assertThat(log.activeProducers().get(77L).lastSeq()).isEqualTo(18);
        }
    }

    @Test
    void sequenceWrapsAroundAtIntegerMax() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, Integer.MAX_VALUE - 1, 2, time.milliseconds()), 0);
            assertThat(log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 0, 1, time.milliseconds()), 0)
                    .duplicate()).isFalse();
        }
    }

    @Test
    void stateSurvivesACleanRestart() throws IOException {
        List<MemoryRecords> sent = batches(5);
        List<LogAppendInfo> infos;
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            infos = appendAll(log, sent);
        }
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            assertRetriesAreDuplicates(log, sent, infos);
            assertThat(log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 10, 1, time.milliseconds()), 0)
                    .firstOffset()).isEqualTo(10);
        }
    }

    @Test
    void stateIsRebuiltFromTheLogAfterAnUncleanStop() throws IOException {
        LogConfig config = LogTestSupport.smallSegments(300, 50);
        List<MemoryRecords> sent = batches(12);
        List<LogAppendInfo> infos;
        try (Log log = LogTestSupport.open(dir(), config, time)) {
            infos = appendAll(log, sent);
            assertThat(log.numberOfSegments()).isGreaterThan(3);
        }
        // Newest snapshot lost (it was written at close): rebuilt from an older one plus the log.
        File[] snapshots = dir().listFiles((d, n) -> n.endsWith(".snapshot"));
        assertThat(snapshots).hasSizeGreaterThan(1);
        java.util.Arrays.sort(snapshots);
        assertThat(snapshots[snapshots.length - 1].delete()).isTrue();
        try (Log log = Log.open(new LogParams(dir(), LogTestSupport.TP, config, time, 0L, 0L, false))) {
            assertRetriesAreDuplicates(log, sent.subList(7, 12), infos.subList(7, 12));
        }
        // Every snapshot lost: rebuilt from the whole log.
        for (File f : dir().listFiles((d, n) -> n.endsWith(".snapshot"))) {
            assertThat(f.delete()).isTrue();
        }
        try (Log log = Log.open(new LogParams(dir(), LogTestSupport.TP, config, time, 0L, 0L, false))) {
            assertRetriesAreDuplicates(log, sent.subList(7, 12), infos.subList(7, 12));
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.copy(sent.get(6)), 0))
                    .isInstanceOf(OutOfOrderSequenceException.class);
            assertThat(log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 24, 1, time.milliseconds()), 0)
                    .firstOffset()).isEqualTo(24);
        }
    }

    private static void assertRetriesAreDuplicates(Log log, List<MemoryRecords> sent, List<LogAppendInfo> infos) {
        long end = log.logEndOffset();
        for (int i = 0; i < sent.size(); i++) {
            LogAppendInfo retry = log.appendAsLeader(TestRecords.copy(sent.get(i)), 0);
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(infos.get(i).firstOffset());
            assertThat(retry.lastOffset()).isEqualTo(infos.get(i).lastOffset());
        }
        assertThat(log.logEndOffset()).isEqualTo(end);
    }

    @Test
    void idleProducersExpire() throws IOException {
        LogParams params = LogTestSupport.params(dir(), LogConfig.defaults(), time).withProducerIdExpirationMs(60_000);
        try (Log log = Log.open(params)) {
            appendAll(log, batches(2)); // the last batch's max timestamp is now + 1
            time.sleep(60_000);
            assertThat(log.removeExpiredProducers()).isZero();
            time.sleep(1);
            assertThat(log.removeExpiredProducers()).isEqualTo(1);
            assertThat(log.activeProducers()).isEmpty();
            // Forgotten: any sequence is accepted again.
            assertThat(log.appendAsLeader(TestRecords.idempotent(PID, EPOCH, 40, 1, time.milliseconds()), 0)
                    .duplicate()).isFalse();
        }
    }
}
