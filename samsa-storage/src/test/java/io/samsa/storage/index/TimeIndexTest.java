package io.samsa.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {
    private static final long BASE = 500L;

    @TempDir
    File dir;

    private TimeIndex newIndex(int maxBytes) throws IOException {
        return new TimeIndex(new File(dir, "00000000000000000500.timeindex"), BASE, maxBytes);
    }

    @Test
    void lookupFindsLargestTimestampAtOrBelowTarget() throws IOException {
        TimeIndex index = newIndex(12 * 100);
        assertThat(index.lookup(123)).isEqualTo(new TimestampOffset(-1L, BASE));
        for (int i = 1; i <= 20; i++) {
            assertThat(index.maybeAppend(1000L * i, BASE + i * 5L, false)).isTrue();
        }
        assertThat(index.lookup(999)).isEqualTo(new TimestampOffset(-1L, BASE));
        assertThat(index.lookup(1000)).isEqualTo(new TimestampOffset(1000, BASE + 5));
        assertThat(index.lookup(5500)).isEqualTo(new TimestampOffset(5000, BASE + 25));
        assertThat(index.lookup(Long.MAX_VALUE)).isEqualTo(new TimestampOffset(20_000, BASE + 100));
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(20_000, BASE + 100));
        index.close();
    }

    @Test
    void entriesCrossingPageBoundariesSurviveTruncationAndRegrowth() throws IOException {
        TimeIndex index = newIndex(12 * 3000); // 12-byte entries straddle 4 KiB page boundaries
        for (int i = 1; i <= 1000; i++) {
            assertThat(index.maybeAppend(1000L * i, BASE + i * 5L, false)).isTrue();
        }
        index.truncateTo(BASE + 5L * 400 + 1); // keeps entries 1..400
        for (int i = 401; i <= 1200; i++) {
            assertThat(index.maybeAppend(1000L * i, BASE + i * 5L, false)).isTrue();
        }
        for (int i = 1; i <= 1200; i++) {
            assertThat(index.lookup(1000L * i + 1)).isEqualTo(new TimestampOffset(1000L * i, BASE + i * 5L));
        }
        index.close();
        assertThat(index.file()).hasSize(1200 * 12L);
    }

    @Test
    void maybeAppendOnlyAddsLargerTimestamps() throws IOException {
        TimeIndex index = newIndex(12 * 100);
        assertThat(index.maybeAppend(-1, BASE, false)).isFalse();
        assertThat(index.maybeAppend(100, BASE + 1, false)).isTrue();
        assertThat(index.maybeAppend(100, BASE + 2, false)).isFalse();
        assertThat(index.maybeAppend(50, BASE + 3, false)).isFalse();
        assertThat(index.maybeAppend(200, BASE + 3, false)).isTrue();
        assertThatThrownBy(() -> index.maybeAppend(300, BASE + 2, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(index.entries()).isEqualTo(2);
        index.close();
    }

    @Test
    void keepsOneSlotForTheFinalEntry() throws IOException {
        TimeIndex index = newIndex(12 * 3);
        assertThat(index.maybeAppend(1, BASE + 1, false)).isTrue();
        assertThat(index.maybeAppend(2, BASE + 2, false)).isTrue();
        assertThat(index.isFull()).isTrue();
        assertThat(index.maybeAppend(3, BASE + 3, false)).isFalse();
        assertThat(index.maybeAppend(3, BASE + 3, true)).isTrue();
        assertThat(index.maybeAppend(4, BASE + 4, true)).isFalse();
        index.close();
    }

    @Test
    void reopenAfterTrimAndTruncate() throws IOException {
        TimeIndex index = newIndex(12 * 100);
        for (int i = 1; i <= 6; i++) {
            index.maybeAppend(10L * i, BASE + i, false);
        }
        index.truncateTo(BASE + 5);
        assertThat(index.lastEntry()).isEqualTo(new TimestampOffset(40, BASE + 4));
        index.close();
        assertThat(index.file().length()).isEqualTo(4 * 12);

        TimeIndex reopened = newIndex(12 * 100);
        assertThat(reopened.entries()).isEqualTo(4);
        assertThat(reopened.sanityCheckAndReadLast()).isEqualTo(new TimestampOffset(40, BASE + 4));
        assertThat(reopened.lookup(25)).isEqualTo(new TimestampOffset(20, BASE + 2));
        reopened.close();

        try (RandomAccessFile raf = new RandomAccessFile(index.file(), "rw")) {
            raf.setLength(12 * 10);
        }
        TimeIndex untrimmed = newIndex(12 * 100);
        assertThatThrownBy(untrimmed::sanityCheck).isInstanceOf(CorruptIndexException.class);
        untrimmed.close();
    }
}
