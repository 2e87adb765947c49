package io.samsa.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
    private static final long BASE = 1000L;

    @TempDir
    File dir;

    private OffsetIndex newIndex(int maxBytes) throws IOException {
        return new OffsetIndex(new File(dir, "00000000000000001000.index"), BASE, maxBytes);
    }

    @Test
    void newIndexIsEmptyAndItsFileAppearsPreallocatedOnFirstAppend() throws IOException {
        OffsetIndex index = newIndex(8 * 10 + 3);
        assertThat(index.entries()).isZero();
        assertThat(index.maxEntries()).isEqualTo(10);
        assertThat(index.lookup(5000)).isEqualTo(new OffsetPosition(BASE, 0));
        assertThat(index.lastEntry()).isEqualTo(new OffsetPosition(BASE, 0));
        assertThat(index.file()).doesNotExist();
        index.append(BASE + 3, 40);
        assertThat(index.file()).hasSize(80);
        index.close();
        assertThat(index.file()).hasSize(8);
    }

    @Test
    void entriesSpanningManyPagesSurviveTruncationRegrowthAndReopening() throws IOException {
        OffsetIndex index = newIndex(8 * 4000);
        for (int i = 1; i <= 1500; i++) {
            index.append(BASE + i * 2L, i * 10);
        }
        index.truncateTo(BASE + 1401); // keeps entries 1..700
        for (int i = 701; i <= 1600; i++) {
            index.append(BASE + i * 2L, i * 10);
        }
        index.close();
        assertThat(index.file()).hasSize(1600 * 8L);

        OffsetIndex reopened = newIndex(8 * 4000);
        reopened.resize(8 * 4000); // an active segment again: room beyond the 1,600 entries on disk
        for (int i = 1601; i <= 2100; i++) {
            reopened.append(BASE + i * 2L, i * 10);
        }
        for (int i = 1; i <= 2100; i++) {
            assertThat(reopened.lookup(BASE + i * 2L + 1)).isEqualTo(new OffsetPosition(BASE + i * 2L, i * 10));
        }
        reopened.sanityCheck();
        reopened.close();
    }

    @Test
    void anIndexThatNeverGotAnEntryLeavesNoFile() throws IOException {
        OffsetIndex index = newIndex(8 * 10);
        assertThat(index.resize(8 * 20)).isTrue();
        assertThat(index.maxEntries()).isEqualTo(20);
        index.trimToValidSize();
        index.close();
        assertThat(index.file()).doesNotExist();
        OffsetIndex reopened = newIndex(8 * 10);
        assertThat(reopened.entries()).isZero();
        reopened.append(BASE + 2, 20);
        assertThat(reopened.file()).hasSize(80);
        reopened.close();
    }

    @Test
    void renamingAnUntouchedIndexCreatesItsFileUnderTheNewName() throws IOException {
        OffsetIndex index = newIndex(8 * 10);
        File target = new File(dir, "00000000000000001000.index.deleted");
        index.renameTo(target);
        index.append(BASE + 1, 10);
        assertThat(target).hasSize(80);
        assertThat(new File(dir, "00000000000000001000.index")).doesNotExist();
        index.close();
    }

    @Test
    void lookupFindsLargestEntryAtOrBelowTarget() throws IOException {
        OffsetIndex index = newIndex(8 * 100);
        for (int i = 1; i <= 50; i++) {
            index.append(BASE + i * 10L, i * 100);
        }
        assertThat(index.lookup(BASE + 5)).isEqualTo(new OffsetPosition(BASE, 0));
        assertThat(index.lookup(BASE + 10)).isEqualTo(new OffsetPosition(BASE + 10, 100));
        assertThat(index.lookup(BASE + 19)).isEqualTo(new OffsetPosition(BASE + 10, 100));
        assertThat(index.lookup(BASE + 255)).isEqualTo(new OffsetPosition(BASE + 250, 2500));
        assertThat(index.lookup(BASE + 100_000)).isEqualTo(new OffsetPosition(BASE + 500, 5000));
        assertThat(index.lookup(0)).isEqualTo(new OffsetPosition(BASE, 0));
        index.close();
    }

    @Test
    void lookupByPositionFindsLargestEntryAtOrBelowPosition() throws IOException {
        OffsetIndex index = newIndex(8 * 100);
        for (int i = 1; i <= 5; i++) {
            index.append(BASE + i * 10L, i * 100);
        }
        assertThat(index.lookupByPosition(50)).isEqualTo(new OffsetPosition(BASE, 0));
        assertThat(index.lookupByPosition(100)).isEqualTo(new OffsetPosition(BASE + 10, 100));
        assertThat(index.lookupByPosition(399)).isEqualTo(new OffsetPosition(BASE + 30, 300));
        assertThat(index.lookupByPosition(10_000)).isEqualTo(new OffsetPosition(BASE + 50, 500));
        index.close();
    }

    @Test
    void appendRejectsNonIncreasingEntriesAndFullIndex() throws IOException {
        OffsetIndex index = newIndex(8 * 2);
        index.append(BASE + 5, 10);
        assertThatThrownBy(() -> index.append(BASE + 5, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.append(BASE + 6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.append(BASE - 1, 50)).isInstanceOf(IllegalArgumentException.class);
        index.append(BASE + 6, 20);
        assertThat(index.isFull()).isTrue();
        assertThatThrownBy(() -> index.append(BASE + 7, 30)).isInstanceOf(IllegalStateException.class);
        index.close();
    }

    @Test
    void closeTrimsAndReopenRestoresEntries() throws IOException {
        OffsetIndex index = newIndex(8 * 100);
        for (int i = 1; i <= 7; i++) {
            index.append(BASE + i, i * 10);
        }
        index.close();
        File file = new File(dir, "00000000000000001000.index");
        assertThat(file.length()).isEqualTo(7 * 8);

        OffsetIndex reopened = newIndex(8 * 100);
        assertThat(reopened.entries()).isEqualTo(7);
        assertThat(reopened.isFull()).isTrue();
        reopened.sanityCheck(1000);
        assertThat(reopened.lookup(BASE + 4)).isEqualTo(new OffsetPosition(BASE + 4, 40));
        assertThat(reopened.lastEntry()).isEqualTo(new OffsetPosition(BASE + 7, 70));
        reopened.resize(8 * 100);
        assertThat(reopened.isFull()).isFalse();
        reopened.append(BASE + 8, 80);
        assertThat(reopened.lookup(BASE + 100)).isEqualTo(new OffsetPosition(BASE + 8, 80));
        reopened.trimToValidSize();
        assertThat(file.length()).isEqualTo(8 * 8);
        assertThat(reopened.lookup(BASE + 3)).isEqualTo(new OffsetPosition(BASE + 3, 30));
        reopened.close();
    }

    @Test
    void truncateToRemovesEntriesAtOrAboveOffset() throws IOException {
        OffsetIndex index = newIndex(8 * 100);
        for (int i = 1; i <= 10; i++) {
            index.append(BASE + i * 2L, i * 10);
        }
        index.truncateTo(BASE + 11);
        assertThat(index.entries()).isEqualTo(5);
        assertThat(index.lastEntry()).isEqualTo(new OffsetPosition(BASE + 10, 50));
        index.truncateTo(BASE + 10);
        assertThat(index.lastEntry()).isEqualTo(new OffsetPosition(BASE + 8, 40));
        index.append(BASE + 9, 45);
        assertThat(index.lookup(BASE + 9)).isEqualTo(new OffsetPosition(BASE + 9, 45));
        index.close();
    }

    @Test
    void sanityCheckDetectsUntrimmedAndInconsistentFiles() throws IOException {
        OffsetIndex index = newIndex(8 * 100);
        index.append(BASE + 1, 10);
        index.append(BASE + 2, 20);
        index.flush();
        index.close();
        File file = index.file();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(8 * 10); // as after a crash: trailing zero entries
        }
        OffsetIndex untrimmed = newIndex(8 * 100);
        assertThatThrownBy(() -> untrimmed.sanityCheck(1000)).isInstanceOf(CorruptIndexException.class);
        untrimmed.close();

        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(2 * 8 + 3);
        }
        OffsetIndex partial = newIndex(8 * 100);
        assertThatThrownBy(() -> partial.sanityCheck(1000)).isInstanceOf(CorruptIndexException.class);
        partial.deleteIfExists();

        OffsetIndex beyondLog = newIndex(8 * 100);
        beyondLog.append(BASE + 1, 500);
        beyondLog.close();
        OffsetIndex reopened = newIndex(8 * 100);
        assertThatThrownBy(() -> reopened.sanityCheck(400)).isInstanceOf(CorruptIndexException.class);
        reopened.sanityCheck(501);
        reopened.close();
    }

    @Test
    void lookupsSurviveRenameAndResize() throws IOException {
        OffsetIndex index = newIndex(8 * 100);
        index.append(BASE + 3, 30);
        File renamed = new File(dir, "renamed.index.deleted");
        index.renameTo(renamed);
        assertThat(renamed).exists();
        assertThat(index.lookup(BASE + 3)).isEqualTo(new OffsetPosition(BASE + 3, 30));
        index.trimToValidSize();
        assertThat(index.lookup(BASE + 3)).isEqualTo(new OffsetPosition(BASE + 3, 30));
        assertThat(index.deleteIfExists()).isTrue();
        assertThat(renamed).doesNotExist();
    }
}
