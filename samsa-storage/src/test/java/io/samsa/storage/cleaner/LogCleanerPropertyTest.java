package io.samsa.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded model test of compaction: random keyed appends and tombstones over a few keys, tiny segments, time
 * passing, offset maps too small for the key space, cleans at random points, clean and unclean reopens in between. After every step the log must serve
 * only records the model wrote, at their offsets; every key's latest record at its original offset; and a latest
 * tombstone until at least {@code delete.retention.ms} after it was written. A failure names its seed.
 */
class LogCleanerPropertyTest {
    private static final int SEEDS = 25;
    private static final int STEPS = 250;
    private static final int KEYS = 6;
    private static final long DELETE_RETENTION_MS = 5_000L;

    @TempDir
    File tmp;

    /** What the model wrote at one offset. */
    private record Written(String key, String value, long appendMs) {
    }

    @Test
    void cleaningNeverLosesALatestRecordNorChangesOne() throws IOException {
        int compacted = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                compacted += run(seed) ? 1 : 0;
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("LogCleanerPropertyTest failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
        assertThat(compacted).as("runs whose log lost superseded records (else the test proves nothing)")
                .isGreaterThan(SEEDS / 2);
    }

    /** Runs one seed; returns whether the log ends up holding fewer records than were written. */
    private boolean run(long seed) throws IOException {
        Random random = new Random(seed);
        File dir = new File(tmp, "compacted-" + seed);
        MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);
        int segmentBytes = 250 + random.nextInt(400);
        TopicCompaction topic = new TopicCompaction(DELETE_RETENTION_MS, random.nextBoolean() ? 0L : 2_000L, 0.5);
        CleanerCheckpoints checkpoints = new CleanerCheckpoints(tmp);
        // Some runs get an offset map smaller than the key space, so a clean stops inside the dirty section.
        int mapBytes = random.nextBoolean() ? 64 * 1024 : 24 * (2 + random.nextInt(6));
        LogCleaning cleaning = new LogCleaning(new CleanerConfig(mapBytes, 0.9, 128 + random.nextInt(512),
                1024 * 1024), time);
        Map<Long, Written> model = new HashMap<>();
        Map<String, Long> latest = new HashMap<>();
        List<Log> abandoned = new ArrayList<>();
        Log log = CleanerTestLog.open(dir, time, segmentBytes, true);
        try {
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(100);
                if (action < 70) {
                    String key = "k" + random.nextInt(KEYS);
                    String value = random.nextInt(100) < 15 ? null : "v" + step;
                    long offset = CleanerTestLog.append(log, time, key, value);
                    model.put(offset, new Written(key, value, time.milliseconds()));
                    latest.put(key, offset);
                } else if (action < 82) {
                    time.sleep(random.nextInt(3_000));
                } else if (action < 94) {
                    log.updateHighWatermark(log.logEndOffset());
                    long firstDirty = checkpoints.firstDirtyOffset(CleanerTestLog.TP, log.logStartOffset(),
                            log.logEndOffset());
                    checkpoints.update(CleanerTestLog.TP, cleaning.clean(log, firstDirty, topic).endOffset());
                } else if (action < 97) {
                    log.close();
                    log = CleanerTestLog.open(dir, time, segmentBytes, true);
                } else {
                    // A crash: the old instance is never closed; its data is in the page cache, as after a
                    // process kill.
                    abandoned.add(log);
                    log = CleanerTestLog.open(dir, time, segmentBytes, false);
                }
                check(log, model, latest, time.milliseconds(), step);
            }
            return CleanerTestLog.readAll(log).size() < model.size();
        } finally {
            log.close();
            for (Log old : abandoned) {
                // Releases file handles only; its files may be gone (replaced by the instance that followed).
                try {
                    old.close();
                } catch (RuntimeException ignored) {
                    // expected for a crashed instance
                }
            }
        }
    }

    private static void check(Log log, Map<Long, Written> model, Map<String, Long> latest, long nowMs, int step) {
        Map<Long, CleanerTestLog.Read> read = CleanerTestLog.readAll(log);
        for (Map.Entry<Long, CleanerTestLog.Read> e : read.entrySet()) {
            Written w = model.get(e.getKey());
            assertThat(w).as("step %d: offset %d was written", step, e.getKey()).isNotNull();
            assertThat(e.getValue()).as("step %d: record at offset %d", step, e.getKey())
                    .isEqualTo(new CleanerTestLog.Read(w.key(), w.value()));
        }
        for (Map.Entry<String, Long> e : latest.entrySet()) {
            Written w = model.get(e.getValue());
            boolean mayBeGone = w.value() == null && nowMs >= w.appendMs() + DELETE_RETENTION_MS;
            if (!mayBeGone) {
                assertThat(read).as("step %d: latest record of %s at offset %d", step, e.getKey(), e.getValue())
                        .containsKey(e.getValue());
            }
        }
        long end = model.keySet().stream().mapToLong(Long::longValue).max().orElse(-1L) + 1;
        assertThat(log.logEndOffset()).as("step %d: log end offset", step).isEqualTo(end);
    }
}
