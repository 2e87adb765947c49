package io.samsa.storage;

import static io.samsa.storage.LogTestSupport.batchesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.producer.ProducerStateEntry;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-style recovery tests: random logs (mixed codecs, idempotent and plain batches, tiny segments), damaged
 * the way a crash or a bad disk damages them, then reopened without the clean-shutdown marker. The log must
 * hold exactly the batches before the damage, serve every offset, and accept appends that continue the offsets.
 */
class LogRecoveryPropertyTest {
    private static final Compression[] CODECS = {Compression.NONE, Compression.gzip().build(),
        Compression.lz4().build(), Compression.zstd().build(), Compression.snappy().build()};
    private static final long PID = 42L;

    @TempDir
    File tmp;

    private final MockTime time = LogTestSupport.newTime();

    /** A batch as written: its offsets, the file holding it and where, its CRC, its producer sequence. */
    private record Written(long base, long last, long checksum, File file, int position, int size, int lastSeq) {
    }

    private record RandomLog(LogConfig config, List<Written> batches) {
    }

    private RandomLog writeRandomLog(File dir, Random random) throws IOException {
        LogConfig config = LogTestSupport.smallSegments(400 + random.nextInt(1200), 40 + random.nextInt(300));
        if (random.nextInt(4) == 0) {
            config = LogTestSupport.withIndexBytes(config, 8 * 3); // index-full rolls too
        }
        int n = 10 + random.nextInt(30);
        int seq = 0;
        try (Log log = Log.open(LogTestSupport.params(dir, config, time))) {
            for (int i = 0; i < n; i++) {
                // The last batch is small: the truncation test cuts it at every byte.
                int count = i == n - 1 ? 1 : 1 + random.nextInt(6);
                Compression codec = CODECS[random.nextInt(CODECS.length)];
                MemoryRecords records;
                if (random.nextBoolean()) {
                    records = TestRecords.batch(codec, count, time.milliseconds(), random.nextInt(60), PID,
                            (short) 0, seq);
                    seq += count;
                } else {
                    records = TestRecords.batch(codec, count, time.milliseconds(),
                            i == n - 1 ? random.nextInt(10) : random.nextInt(60));
                }
                log.appendAsLeader(records, 1);
                time.sleep(random.nextInt(100));
            }
            log.updateHighWatermark(log.logEndOffset());
        }
        return new RandomLog(config, scan(dir));
    }

    /** Reads back every batch of every segment file, in offset order. */
    private static List<Written> scan(File dir) throws IOException {
        File[] logs = dir.listFiles((d, name) -> name.endsWith(".log"));
        Arrays.sort(logs);
        List<Written> result = new ArrayList<>();
        int lastSeq = -1;
        for (File f : logs) {
            try (FileRecords records = FileRecords.open(f, false)) {
                for (FileChannelRecordBatch b : records.batches()) {
                    if (b.hasProducerId()) {
                        lastSeq = b.lastSequence();
                    }
                    result.add(new Written(b.baseOffset(), b.lastOffset(), b.checksum(), f, b.position(),
                            b.sizeInBytes(), lastSeq));
                }
            }
        }
        return result;
    }

    private static void copyDir(File from, File to) throws IOException {
        if (to.exists()) {
            Utils.delete(to);
        }
        Files.createDirectories(to.toPath());
        for (File f : from.listFiles()) {
            Files.copy(f.toPath(), new File(to, f.getName()).toPath());
        }
    }

    private static File inCopy(File copyDir, File original) {
        return new File(copyDir, original.getName());
    }

    /** Opens without the clean-shutdown marker and checks the log holds exactly {@code expected}. */
    private void reopenAndVerify(File dir, LogConfig config, long recoveryPoint, List<Written> expected)
            throws IOException {
        try (Log log = Log.open(new LogParams(dir, LogTestSupport.TP, config, time, recoveryPoint, 0L, false))) {
            long end = expected.isEmpty() ? 0 : expected.get(expected.size() - 1).last() + 1;
            assertThat(log.logEndOffset()).isEqualTo(end);
            for (Written w : expected) {
                for (long offset = w.base(); offset <= w.last(); offset++) {
                    List<RecordBatch> read = batchesOf(log.read(offset, Integer.MAX_VALUE, end, true));
                    assertThat(read).isNotEmpty();
                    assertThat(read.get(0).baseOffset()).isEqualTo(w.base());
                    assertThat(read.get(0).checksum()).isEqualTo(w.checksum());
                }
            }
            assertThat(log.read(end, 1000, end, true).sizeBytes()).isZero();
            int lastSeq = expected.isEmpty() ? -1 : expected.get(expected.size() - 1).lastSeq();
            ProducerStateEntry producer = log.activeProducers().get(PID);
            assertThat(producer == null ? -1 : producer.lastSeq()).isEqualTo(lastSeq);

            LogAppendInfo appended = log.appendAsLeader(TestRecords.batch(3, time.milliseconds(), 10), 2);
            assertThat(appended.firstOffset()).isEqualTo(end);
            List<RecordBatch> readBack = batchesOf(log.read(end, 1000, end + 3, true));
            assertThat(readBack).hasSize(1);
            assertThat(readBack.get(0).lastOffset()).isEqualTo(end + 2);
        }
    }

    @Test
    void truncatingTheLastBatchAtEveryBytePositionRecoversTheBatchesBeforeIt() throws IOException {
        Random random = new Random(20240611L);
        int cases = 0;
        for (int trial = 0; trial < 2; trial++) {
            File pristine = new File(tmp, "pristine-" + trial);
            RandomLog written = writeRandomLog(pristine, random);
            List<Written> batches = written.batches();
            Written last = batches.get(batches.size() - 1);
            List<Written> survivors = batches.subList(0, batches.size() - 1);
            File work = new File(tmp, "work-0");
            for (int cut = last.position(); cut < last.position() + last.size(); cut++) {
                copyDir(pristine, work);
                try (RandomAccessFile raf = new RandomAccessFile(inCopy(work, last.file()), "rw")) {
                    raf.setLength(cut);
                }
                if (random.nextBoolean()) {
                    // As after a crash of the process: the active segment's index is still preallocated.
                    String index = last.file().getName().replace(".log", ".index");
                    try (RandomAccessFile raf = new RandomAccessFile(new File(work, index), "rw")) {
                        raf.setLength(8 * 64);
                    }
                }
                long recoveryPoint = random.nextBoolean() ? 0 : last.base();
                reopenAndVerify(work, written.config(), recoveryPoint, survivors);
                cases++;
            }
        }
        assertThat(cases).isBetween(100, 400);
    }

    @Test
    void corruptingAByteInsideABatchKeepsExactlyTheBatchesBeforeIt() throws IOException {
        Random random = new Random(77L);
        File work = new File(tmp, "work-1");
        for (int trial = 0; trial < 10; trial++) {
            File pristine = new File(tmp, "pristine-" + trial);
            RandomLog written = writeRandomLog(pristine, random);
            List<Written> batches = written.batches();
            for (int c = 0; c < 10; c++) {
                int k = random.nextInt(batches.size());
                Written victim = batches.get(k);
                // Inside the part the CRC covers (from the attributes on); the base offset, length and leader
                // epoch fields are outside it, so a flip there is not detectable as corruption.
                int crcStart = 21;
                int position = victim.position() + crcStart + random.nextInt(victim.size() - crcStart);
                copyDir(pristine, work);
                try (RandomAccessFile raf = new RandomAccessFile(inCopy(work, victim.file()), "rw")) {
                    raf.seek(position);
                    int b = raf.read();
                    raf.seek(position);
                    raf.write(b ^ (1 + random.nextInt(255)));
                }
                long recoveryPoint = victim.base() == 0 ? 0 : (long) (random.nextDouble() * victim.base());
                reopenAndVerify(work, written.config(), recoveryPoint, batches.subList(0, k));
            }
        }
    }

    @Test
    void missingOrCorruptIndexesAreRebuiltAfterACleanShutdown() throws IOException {
        Random random = new Random(5L);
        File dir = new File(tmp, "t-0");
        RandomLog written = writeRandomLog(dir, random);
        File[] indexes = dir.listFiles((d, n) -> n.endsWith(".index"));
        File[] timeIndexes = dir.listFiles((d, n) -> n.endsWith(".timeindex"));
        assertThat(indexes.length).isGreaterThan(2);
        Arrays.sort(indexes);
        Arrays.sort(timeIndexes);
        assertThat(indexes[0].delete()).isTrue();
        assertThat(timeIndexes[1].delete()).isTrue();
        try (RandomAccessFile raf = new RandomAccessFile(indexes[indexes.length - 1], "rw")) {
            raf.setLength(raf.length() + 3);
        }
        try (Log log = Log.open(new LogParams(dir, LogTestSupport.TP, written.config(), time, 0L, 0L, true))) {
            List<Written> batches = written.batches();
            long end = batches.get(batches.size() - 1).last() + 1;
            assertThat(log.logEndOffset()).isEqualTo(end);
            for (Written w : batches) {
                assertThat(batchesOf(log.read(w.last(), 100_000, end, true)).get(0).checksum())
                        .isEqualTo(w.checksum());
            }
        }
    }

    @Test
    void leftoverFilesAreDeletedOnOpen() throws IOException {
        // The .swap file belongs to an uncommitted cleaned copy (a .cleaned file at its base offset): discarded.
        File dir = new File(tmp, "t-0");
        RandomLog written = writeRandomLog(dir, new Random(9L));
        for (String name : List.of("00000000000000000000.log.deleted", "00000000000000000123.index.swap",
                "00000000000000000123.log.cleaned", "recovery.tmp", "00000000000000999999.index")) {
            Files.writeString(new File(dir, name).toPath(), "junk");
        }
        try (Log log = Log.open(new LogParams(dir, LogTestSupport.TP, written.config(), time, 0L, 0L, true))) {
            assertThat(log.logEndOffset()).isEqualTo(written.batches().get(written.batches().size() - 1).last() + 1);
        }
        assertThat(dir.list((d, n) -> n.endsWith(".deleted") || n.endsWith(".swap") || n.endsWith(".cleaned")
                || n.endsWith(".tmp") || n.startsWith("00000000000000999999"))).isEmpty();
    }
}
