package io.samsa.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How COMPACT sizes a partition's log and decides that it is compacted. */
class CompactionSizeTest {

    @Test
    void segmentBytesCountLogAndSwapFilesOnly(@TempDir Path dir) throws Exception {
        write(dir.resolve("00000000000000000000.log"), 100);
        write(dir.resolve("00000000000000000000.index"), 10_000);
        write(dir.resolve("00000000000000000500.log.swap"), 40);
        write(dir.resolve("00000000000000000500.log.deleted"), 1_000);
        write(dir.resolve("00000000000000000600.log.cleaned"), 1_000);
        write(dir.resolve("00000000000000000900.log"), 7);
        SegmentBytes size = SegmentBytes.of(dir);
        assertThat(size.total()).isEqualTo(147);
        assertThat(size.active()).isEqualTo(7);
    }

    @Test
    void compactedWithinToleranceOfOneRecordPerKeyPlusTheActiveSegment() {
        SegmentBytes active = new SegmentBytes(1_000 + 100 + 50, 100);
        assertThat(CompactionWait.compacted(active, 1_000)).isTrue();
        assertThat(CompactionWait.compacted(new SegmentBytes(1_000 + 100 + 56, 100), 1_000)).isFalse();
    }

    @Test
    void compactedSizeIsAboutOneKibibyteAndAFewBytesPerKey() {
        KeyedDataSet data = KeyedDataSet.of(128L << 20, 100_000, 1024, 131_072);
        assertThat(data.records()).isEqualTo(131_072);
        assertThat(new String(data.key(100_123))).isEqualTo("key-123");
        // 1024 B value, "key-n" of 5-9 bytes, about 10 B of record header, a batch header per ~125 records.
        assertThat(data.compactedBytes()).isBetween(100_000L * 1_040, 100_000L * 1_050);
    }

    private static void write(Path file, int bytes) throws Exception {
        Files.write(file, new byte[bytes]);
    }
}
