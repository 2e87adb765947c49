package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.storage.txn.AbortedTxn;
import io.samsa.storage.txn.TransactionIndex;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions in one partition's log: open transactions, markers, the last stable offset and .txnindex. */
class LogTransactionTest {
    private static final short EPOCH = 2;

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    private File dir() {
        return new File(tmp, "t-0");
    }

    private MemoryRecords txnBatch(long producerId, int baseSequence, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(1024 + count * 64);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, EPOCH, baseSequence, true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < count; i++) {
            builder.append(time.milliseconds(), ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return builder.build();
    }

    private MemoryRecords plain(int count) {
        return TestRecords.batch(count, time.milliseconds(), 5);
    }

    private static void commitAll(Log log) {
        log.updateHighWatermark(log.logEndOffset());
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetUntilItsMarkerIsBelowTheHighWatermark() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(plain(3), 0);                  // 0..2
            log.appendAsLeader(txnBatch(1L, 0, 2), 0);        // 3..4, opens the transaction
            log.appendAsLeader(plain(1), 0);                  // 5
            commitAll(log);
            assertThat(log.highWatermark()).isEqualTo(6);
            assertThat(log.lastStableOffset()).isEqualTo(3);

            LogAppendInfo marker = log.appendMarker(1L, EPOCH, 0, true, 0);
            assertThat(marker.firstOffset()).isEqualTo(6);
            // Written but not replicated: still unstable.
            assertThat(log.lastStableOffset()).isEqualTo(3);
            log.updateHighWatermark(6);
            assertThat(log.lastStableOffset()).isEqualTo(3);
            log.updateHighWatermark(7);
            assertThat(log.lastStableOffset()).isEqualTo(7);
            assertThat(log.activeProducers().get(1L).hasOngoingTxn()).isFalse();
            assertThat(log.collectAbortedTransactions(0, 7)).isEmpty();
        }
    }

    @Test
    void anAbortGoesIntoTheTxnIndexInKafkasFormatAndIsCollectedForTheRangeItOverlaps() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(txnBatch(1L, 0, 2), 0);        // 0..1
            log.appendAsLeader(txnBatch(2L, 0, 2), 0);        // 2..3
            log.appendMarker(1L, EPOCH, 5, false, 0);          // 4: abort 1 while 2 is open
            log.appendMarker(2L, EPOCH, 5, true, 0);           // 5: commit 2
            log.appendAsLeader(txnBatch(1L, 2, 1), 0);        // 6: 1's next transaction
            log.appendMarker(1L, EPOCH, 5, false, 0);          // 7: abort it
            commitAll(log);
            assertThat(log.lastStableOffset()).isEqualTo(8);

            AbortedTxn first = new AbortedTxn(1L, 0, 4, 2);
            AbortedTxn second = new AbortedTxn(1L, 6, 7, 8);
            assertThat(log.collectAbortedTransactions(0, 8)).containsExactly(first, second);
            assertThat(log.collectAbortedTransactions(5, 8)).containsExactly(second);
            assertThat(log.collectAbortedTransactions(0, 2)).containsExactly(first);

            File index = new File(dir(), LogFileNames.prefix(0) + TransactionIndex.SUFFIX);
            ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(index.toPath()));
            assertThat(raw.remaining()).isEqualTo(2 * 34);
            assertThat(raw.getShort()).isEqualTo((short) 0);
            assertThat(raw.getLong()).isEqualTo(1L);
            assertThat(raw.getLong()).isEqualTo(0L);
            assertThat(raw.getLong()).isEqualTo(4L);
            assertThat(raw.getLong()).isEqualTo(2L);
        }
    }

    @Test
    void markersAndTransactionalBatchesAreFencedAsKafkaDoes() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(txnBatch(1L, 0, 1), 0);
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(1L, EPOCH, 1, 1,
                    time.milliseconds()), 0)).isInstanceOf(InvalidTxnStateException.class);
            assertThatThrownBy(() -> log.appendMarker(1L, (short) (EPOCH - 1), 3, false, 0))
                    .isInstanceOf(InvalidProducerEpochException.class);
            log.appendMarker(1L, EPOCH, 3, false, 0);
            assertThatThrownBy(() -> log.appendMarker(1L, EPOCH, 2, false, 0))
                    .isInstanceOf(TransactionCoordinatorFencedException.class);
            // A marker with a newer epoch (the coordinator fencing a zombie) bumps the producer's epoch.
            log.appendMarker(1L, (short) (EPOCH + 1), 3, false, 0);
            assertThat(log.activeProducers().get(1L).producerEpoch()).isEqualTo((short) (EPOCH + 1));
            assertThat(log.activeProducers().get(1L).coordinatorEpoch()).isEqualTo(3);
            assertThatThrownBy(() -> log.appendAsLeader(txnBatch(1L, 1, 1), 0))
                    .isInstanceOf(InvalidProducerEpochException.class);
            assertThat(log.logEndOffset()).isEqualTo(3);
        }
    }

    @Test
    void clientsCannotWriteControlBatches() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(time.milliseconds(), 1L, EPOCH,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 0));
            assertThatThrownBy(() -> log.appendAsLeader(marker, 0)).isInstanceOf(InvalidRecordException.class);
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void openTransactionsSurviveACleanRestartThroughTheProducerSnapshot() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(plain(2), 0);
            log.appendAsLeader(txnBatch(9L, 0, 2), 0);        // 2..3
            log.appendAsLeader(plain(2), 0);
        }
        LogParams params = LogTestSupport.params(dir(), LogConfig.defaults(), time).withHighWatermark(6);
        try (Log reopened = Log.open(params)) {
            assertThat(reopened.lastStableOffset()).isEqualTo(2);
            assertThat(reopened.activeProducers().get(9L).currentTxnFirstOffset()).isEqualTo(2);
            reopened.appendMarker(9L, EPOCH, 0, true, 0);
            commitAll(reopened);
            assertThat(reopened.lastStableOffset()).isEqualTo(7);
        }
    }

    @Test
    void recoveryAfterACrashRebuildsTheTxnIndexAndTheOpenTransactions() throws IOException {
        LogConfig config = LogTestSupport.smallSegments(400, 100);
        Log log = LogTestSupport.open(dir(), config, time);
        log.appendAsLeader(txnBatch(1L, 0, 2), 0);
        log.appendAsLeader(txnBatch(2L, 0, 2), 0);
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(plain(2), 0);
        }
        log.appendMarker(1L, EPOCH, 0, false, 0);
        log.appendAsLeader(plain(2), 0);
        assertThat(log.numberOfSegments()).isGreaterThan(1);
        long end = log.logEndOffset();
        List<AbortedTxn> before = log.collectAbortedTransactions(0, end);
        assertThat(before).hasSize(1);
        // A crash: no clean close; the index files and snapshots did not make it to disk.
        File[] lost = dir().listFiles((d, name) -> name.endsWith(TransactionIndex.SUFFIX)
                || name.endsWith(".snapshot"));
        for (File f : lost) {
            Files.delete(f.toPath());
        }
        LogParams params = new LogParams(dir(), LogTestSupport.TP, config, time, 0L, 0L, false).withHighWatermark(end);
        try (Log recovered = Log.open(params)) {
            assertThat(recovered.logEndOffset()).isEqualTo(end);
            assertThat(recovered.collectAbortedTransactions(0, end)).isEqualTo(before);
            assertThat(recovered.lastStableOffset()).isEqualTo(2);
            assertThat(recovered.activeProducers().get(2L).currentTxnFirstOffset()).isEqualTo(2);
        } finally {
            log.close();
        }
    }

    @Test
    void anUnreadableTxnIndexAfterACleanStopIsRebuiltFromTheMarkers() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(txnBatch(1L, 0, 2), 0);
            log.appendMarker(1L, EPOCH, 0, false, 0);
        }
        File index = new File(dir(), LogFileNames.prefix(0) + TransactionIndex.SUFFIX);
        Files.write(index.toPath(), ByteBuffer.allocate(34).putShort((short) 7).array());
        try (Log reopened = Log.open(LogTestSupport.params(dir(), LogConfig.defaults(), time).withHighWatermark(3))) {
            assertThat(reopened.collectAbortedTransactions(0, 3)).containsExactly(new AbortedTxn(1L, 0, 2, 3));
        }
    }

    @Test
    void truncationBelowAnAbortMarkerRemovesItsIndexEntryAndReopensTheTransaction() throws IOException {
        try (Log log = LogTestSupport.open(dir(), LogConfig.defaults(), time)) {
            log.appendAsLeader(plain(1), 0);                  // 0
            log.appendAsLeader(txnBatch(1L, 0, 2), 0);        // 1..2
            log.appendMarker(1L, EPOCH, 0, false, 0);          // 3
            commitAll(log);
            assertThat(log.collectAbortedTransactions(0, 4)).hasSize(1);
            assertThat(log.truncateTo(3)).isTrue();
            assertThat(log.collectAbortedTransactions(0, 3)).isEmpty();
            assertThat(log.lastStableOffset()).isEqualTo(1);
            assertThat(log.activeProducers().get(1L).currentTxnFirstOffset()).isEqualTo(1);
        }
    }

    @Test
    void aFollowerTracksTheSameTransactionsFromReplicatedBatches() throws IOException {
        try (Log leader = LogTestSupport.open(new File(tmp, "leader"), LogConfig.defaults(), time);
             Log follower = LogTestSupport.open(new File(tmp, "follower"), LogConfig.defaults(), time)) {
            leader.appendAsLeader(txnBatch(1L, 0, 2), 0);
            leader.appendAsLeader(txnBatch(2L, 0, 2), 0);
            leader.appendMarker(1L, EPOCH, 0, false, 0);
            follower.appendAsFollower(toMemory(leader.read(0, 10_000, leader.logEndOffset(), true).records()));
            follower.updateHighWatermark(follower.logEndOffset());
            assertThat(follower.lastStableOffset()).isEqualTo(2);
            assertThat(follower.collectAbortedTransactions(0, 5)).containsExactly(new AbortedTxn(1L, 0, 4, 2));
            assertThat(follower.activeProducers().get(2L).currentTxnFirstOffset()).isEqualTo(2);
        }
    }

    private static MemoryRecords toMemory(Records records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(b);
        }
        return MemoryRecords.readableRecords(b.flip());
    }
}
