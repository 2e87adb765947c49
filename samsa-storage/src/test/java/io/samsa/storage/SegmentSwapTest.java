package io.samsa.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replacing segments by a cleaned copy, and restarting after a crash at every point of it: the log must come back
 * with either all the old records of the replaced group or all the new ones, never a mix, and every record
 * outside the group unchanged.
 */
class SegmentSwapTest {
    private static final int RECORDS = 40;
    private static final long DELETE_DELAY_MS = 60_000L;

    @TempDir
    File dir;

    private final MockTime time = LogTestSupport.newTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    /** Where a simulated crash stops the replacement. */
    private static final class Crash extends IOException {
        private static final long serialVersionUID = 1L;

        Crash(String step) {
            super("simulated crash after " + step);
        }
    }

    /** A log of single-record batches over several segments; the group is its second and third segments. */
    private final class Fixture {
        final Log log;
        final List<SegmentView> group;
        final Map<Long, String> before;
        final Map<Long, String> after;

        Fixture() throws IOException {
            log = open(true);
            for (int i = 0; i < RECORDS; i++) {
                log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(time.milliseconds(),
                        ("k" + i % 4).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8))),
                        0);
            }
            assertThat(log.numberOfSegments()).isGreaterThanOrEqualTo(5);
            List<SegmentView> all = log.segmentViews(0, Long.MAX_VALUE);
            group = List.of(all.get(1), all.get(2));
            before = readAll(log);
            after = new LinkedHashMap<>(before);
            long groupEnd = all.get(3).baseOffset();
            for (long offset = group.get(0).baseOffset(); offset < groupEnd - 1; offset++) {
                if (offset % 2 == 0) {
                    after.remove(offset); // the copy keeps odd offsets and the group's last batch
                }
            }
        }

        CleanedSegment cleanedCopy() throws IOException {
            CleanedSegment cleaned = log.createCleanedSegment(group.get(0).baseOffset());
            for (SegmentView view : group) {
                for (FileChannelRecordBatch batch : view.records().batches()) {
                    if (after.containsKey(batch.lastOffset())) {
                        ByteBuffer buffer = ByteBuffer.allocate(batch.sizeInBytes());
                        batch.writeTo(buffer);
                        buffer.flip();
                        cleaned.append(batch.lastOffset(), MemoryRecords.readableRecords(buffer));
                    }
                }
            }
            cleaned.finish(group.get(group.size() - 1).lastModified());
            return cleaned;
        }

        /** Replaces the group, crashing after {@code crashAfter} (null: no crash). */
        void replace(String crashAfter) throws IOException {
            CleanedSegment cleaned = cleanedCopy();
            try {
                log.replaceSegments(cleaned, group, log.truncations(), step -> {
                    if (step.equals(crashAfter)) {
                        throw new Crash(step);
                    }
                });
            } catch (org.apache.kafka.common.errors.KafkaStorageException e) {
                assertThat(e).hasRootCauseInstanceOf(Crash.class);
            }
        }
    }

    private Log open(boolean cleanShutdown) throws IOException {
        LogConfig config = LogTestSupport.withDeleteDelay(LogTestSupport.smallSegments(300, 100), DELETE_DELAY_MS);
        return Log.open(new LogParams(dir, LogTestSupport.TP, config, time, 0L, 0L, cleanShutdown)
                .withScheduler(scheduler));
    }

    /** Offset → value of every record, read through the log. */
    private static Map<Long, String> readAll(Log log) {
        Map<Long, String> records = new LinkedHashMap<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            long next = offset;
            for (RecordBatch batch : LogTestSupport.batchesOf(log.read(offset, 1 << 20, Long.MAX_VALUE, true))) {
                for (Record r : batch) {
                    assertThat(r.offset()).as("offsets strictly increase").isGreaterThanOrEqualTo(next);
                    records.put(r.offset(), StandardCharsets.UTF_8.decode(r.value()).toString());
                    next = r.offset() + 1;
                }
                next = Math.max(next, batch.lastOffset() + 1);
            }
            offset = next;
        }
        return records;
    }

    /** Reopens as after a crash and checks the log holds exactly {@code expected} and accepts appends. */
    private void assertRecoversTo(Map<Long, String> expected) throws IOException {
        try (Log reopened = open(false)) {
            assertThat(readAll(reopened)).isEqualTo(expected);
            assertThat(dir.list()).noneMatch(name -> name.endsWith(".cleaned") || name.endsWith(".swap")
                    || name.endsWith(".deleted"));
            long end = reopened.logEndOffset();
            reopened.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(time.milliseconds(),
                    "k".getBytes(StandardCharsets.UTF_8), "later".getBytes(StandardCharsets.UTF_8))), 0);
            assertThat(readAll(reopened)).containsEntry(end, "later");
        }
    }

    private void renameOne(String from, String to) throws IOException {
        File[] matches = dir.listFiles((d, name) -> name.endsWith(from));
        assertThat(matches).hasSize(1);
        String name = matches[0].getName();
        Files.move(matches[0].toPath(), new File(dir, name.substring(0, name.length() - from.length()) + to).toPath());
    }

    @Test
    void replacementServesTheCleanedRecordsAndSurvivesARestart() throws IOException {
        Fixture f = new Fixture();
        f.replace(null);
        assertThat(readAll(f.log)).isEqualTo(f.after);
        assertThat(dir.list()).anyMatch(name -> name.endsWith(".log.deleted"));
        scheduler.advance(DELETE_DELAY_MS);
        assertThat(dir.list()).noneMatch(name -> name.endsWith(".deleted"));
        f.log.close();
        assertRecoversTo(f.after);
    }

    @Test
    void crashBeforeTheSwapKeepsTheOldRecords() throws IOException {
        Fixture f = new Fixture();
        f.cleanedCopy(); // finished .cleaned files, never swapped
        assertRecoversTo(f.before);
    }

    @Test
    void crashWhileRenamingToSwapKeepsTheOldRecords() throws IOException {
        Fixture f = new Fixture();
        f.cleanedCopy();
        renameOne(".log.cleaned", ".log.swap"); // the log file goes first, the indexes are still .cleaned
        assertRecoversTo(f.before);
    }

    /** Once every file of the copy is .swap, the replacement is committed: a restart completes it. */
    @ParameterizedTest
    @ValueSource(strings = {"swap renamed", "old segments deleted", "final names"})
    void crashAfterTheCommitPointCompletesTheReplacement(String crashAfter) throws IOException {
        Fixture f = new Fixture();
        f.replace(crashAfter);
        assertRecoversTo(f.after);
    }

    @Test
    void crashDuringTheFinalRenamesCompletesTheReplacement() throws IOException {
        Fixture f = new Fixture();
        f.replace("old segments deleted");
        assertThat(dir.list()).anyMatch(name -> name.endsWith(".log.deleted"));
        renameOne(".log.swap", ".log"); // the log file got its final name, the indexes did not
        assertRecoversTo(f.after);
    }

    @Test
    void replacementIsRefusedAfterATruncation() throws IOException {
        Fixture f = new Fixture();
        CleanedSegment cleaned = f.cleanedCopy();
        long truncations = f.log.truncations();
        f.log.truncateTo(f.log.logEndOffset() - 1);
        assertThatThrownBy(() -> f.log.replaceSegments(cleaned, f.group, truncations))
                .isInstanceOf(LogCleaningAbortedException.class);
        cleaned.discard();
        Map<Long, String> truncated = new LinkedHashMap<>(f.before);
        truncated.remove((long) RECORDS - 1);
        assertThat(readAll(f.log)).isEqualTo(truncated);
        f.log.close();
        assertRecoversTo(truncated);
    }

    @Test
    void replacementIsRefusedWhenTheSegmentsLeftTheLog() throws IOException {
        Fixture f = new Fixture();
        CleanedSegment cleaned = f.cleanedCopy();
        f.log.updateHighWatermark(f.log.logEndOffset());
        f.log.deleteRecordsBefore(f.group.get(1).baseOffset());
        f.log.deleteRetentionExceededSegments();
        assertThatThrownBy(() -> f.log.replaceSegments(cleaned, f.group, f.log.truncations()))
                .isInstanceOf(LogCleaningAbortedException.class);
        cleaned.discard();
        assertThat(readAll(f.log).get(f.group.get(1).baseOffset())).isEqualTo(f.before.get(f.group.get(1).baseOffset()));
    }

    @Test
    void compactedLogWithOffsetGapsSurvivesAnUncleanRestartUnderTheDeletePolicy() throws IOException {
        Fixture f = new Fixture();
        f.replace(null);
        // No clean shutdown, recovery point 0: every segment, gaps included, is validated again.
        assertRecoversTo(f.after);
    }
}
