package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleaning transactional data (Kafka's rules): an aborted transaction's records go at the first clean, its ABORT
 * marker only once no data of it is left and its delete horizon passed; committed transactional records are compacted
 * by key like any other, and their COMMIT marker goes the same way once their data is gone.
 */
class TransactionalCleaningTest {
    private static final long DELETE_RETENTION_MS = 10_000L;
    private static final TopicCompaction TOPIC = new TopicCompaction(DELETE_RETENTION_MS, 0L, 0.5);
    private static final long COMMITTING = 1L;
    private static final long ABORTING = 2L;

    @TempDir
    File dir;

    private final MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);

    /** What a read_uncommitted consumer sees, with markers shown as "COMMIT"/"ABORT" of their producer. */
    private record Entry(long offset, String what) {
    }

    @Test
    void abortedDataGoesFirstThenItsMarkerAfterTheHorizon() throws IOException {
        try (Log log = CleanerTestLog.open(dir, time, 300, true)) {
            txn(log, COMMITTING, 0, "a", "committed-a");
            txn(log, ABORTING, 0, "b", "aborted-b");
            txn(log, COMMITTING, 1, "c", "committed-c");
            marker(log, ABORTING, false);
            marker(log, COMMITTING, true);
            // The aborting producer goes on, so its aborted batch is not its last one (which would stay, emptied,
            // for its sequence state, and keep its marker with it).
            txn(log, ABORTING, 1, "d", "committed-d");
            marker(log, ABORTING, true);
            fill(log, "x", 30);
            LogCleaning cleaning = new LogCleaning(CleanerTestLog.CLEANER, time);

            long firstDirty = cleaning.clean(log, 0L, TOPIC).endOffset();
            List<Entry> afterFirst = entries(log);
            assertThat(afterFirst).extracting(Entry::what).doesNotContain("b=aborted-b")
                    .contains("a=committed-a", "c=committed-c", "ABORT by 2", "COMMIT by 1");

            // The next clean finds the ABORT marker without data: it stamps the marker's delete horizon.
            fill(log, "y", 30);
            firstDirty = cleaning.clean(log, firstDirty, TOPIC).endOffset();
            assertThat(entries(log)).extracting(Entry::what).contains("ABORT by 2");

            time.sleep(DELETE_RETENTION_MS);
            fill(log, "z", 30);
            cleaning.clean(log, firstDirty, TOPIC);
            assertThat(entries(log)).extracting(Entry::what).as("after the horizon")
                    .doesNotContain("ABORT by 2").contains("a=committed-a", "c=committed-c", "COMMIT by 1");
        }
    }

    @Test
    void aKeptAbortMarkerKeepsItsIndexEntrySoReadCommittedFetchesStillSkip() throws IOException {
        // Data and marker in one segment, so one group: the pass meets the data, then keeps the marker.
        try (Log log = CleanerTestLog.open(dir, time, 2_000, true)) {
            txn(log, ABORTING, 0, "b", "aborted-b");
            marker(log, ABORTING, false);
            fill(log, "x", 60);
            new LogCleaning(CleanerTestLog.CLEANER, time).clean(log, 0L, TOPIC);
            assertThat(entries(log)).extracting(Entry::what).doesNotContain("b=aborted-b").contains("ABORT by 2");
            assertThat(log.collectAbortedTransactions(0, log.logEndOffset()))
                    .extracting(t -> t.producerId()).containsExactly(ABORTING);
        }
    }

    @Test
    void committedTransactionalRecordsAreCompactedByKeyAndTheirMarkerGoesOnceTheirDataHas() throws IOException {
        try (Log log = CleanerTestLog.open(dir, time, 300, true)) {
            txn(log, COMMITTING, 0, "k", "in-transaction");
            marker(log, COMMITTING, true);
            long newer = append(log, time, "k", "plain-later");
            // A later transaction of the same producer, so the first one's batch is not its last (which stays).
            txn(log, COMMITTING, 1, "m", "second-transaction");
            marker(log, COMMITTING, true);
            fill(log, "x", 30);
            LogCleaning cleaning = new LogCleaning(CleanerTestLog.CLEANER, time);

            long firstDirty = cleaning.clean(log, 0L, TOPIC).endOffset();
            List<Entry> after = entries(log);
            assertThat(after).extracting(Entry::what).doesNotContain("k=in-transaction")
                    .contains("k=plain-later", "m=second-transaction");
            assertThat(after).contains(new Entry(newer, "k=plain-later"));
            assertThat(after.stream().filter(e -> e.what().equals("COMMIT by 1")).count())
                    .as("met in this clean: both markers stay").isEqualTo(2);

            fill(log, "y", 30);
            firstDirty = cleaning.clean(log, firstDirty, TOPIC).endOffset();
            time.sleep(DELETE_RETENTION_MS);
            fill(log, "z", 30);
            cleaning.clean(log, firstDirty, TOPIC);
            assertThat(entries(log).stream().filter(e -> e.what().equals("COMMIT by 1")).count())
                    .as("the first marker went with its data; the second stays with its").isEqualTo(1);
        }
    }

    @Test
    void aTransactionalRecordSupersedesAnOlderPlainOneOnceCommitted() throws IOException {
        try (Log log = CleanerTestLog.open(dir, time, 300, true)) {
            long older = append(log, time, "k", "plain-first");
            long inTxn = txn(log, COMMITTING, 0, "k", "committed-later");
            marker(log, COMMITTING, true);
            fill(log, "x", 30);
            new LogCleaning(CleanerTestLog.CLEANER, time).clean(log, 0L, TOPIC);
            List<Entry> after = entries(log);
            assertThat(after).doesNotContain(new Entry(older, "k=plain-first"))
                    .contains(new Entry(inTxn, "k=committed-later"));
        }
    }

    private long txn(Log log, long producerId, int sequence, String key, String value) {
        long offset = log.appendAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, producerId,
                (short) 0, sequence, new SimpleRecord(time.milliseconds(), bytes(key), bytes(value))), 0).firstOffset();
        log.updateHighWatermark(log.logEndOffset());
        return offset;
    }

    private void marker(Log log, long producerId, boolean commit) {
        log.appendMarker(producerId, (short) 0, 0, commit, 0);
        log.updateHighWatermark(log.logEndOffset());
    }

    private void fill(Log log, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            append(log, time, prefix + i % 3, prefix + "-" + i);
        }
    }

    private static List<Entry> entries(Log log) {
        List<Entry> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            long next = offset;
            for (RecordBatch batch : log.read(offset, 1 << 20, Long.MAX_VALUE, true).records().batches()) {
                batch.ensureValid();
                for (Record r : batch) {
                    if (batch.isControlBatch()) {
                        ControlRecordType type = ControlRecordType.parse(r.key());
                        out.add(new Entry(r.offset(), type + " by " + batch.producerId()));
                    } else {
                        out.add(new Entry(r.offset(), text(r.key()) + "=" + (r.hasValue() ? text(r.value()) : null)));
                    }
                }
                next = Math.max(next, batch.lastOffset() + 1);
            }
            offset = next;
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(java.nio.ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }
}
