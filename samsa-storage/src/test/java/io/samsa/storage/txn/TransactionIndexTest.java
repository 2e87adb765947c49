package io.samsa.storage.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .txnindex file: Kafka's 34-byte entries, read back on open, searched, truncated. */
class TransactionIndexTest {
    @TempDir
    File dir;

    private File file() {
        return new File(dir, "00000000000000000000.txnindex");
    }

    @Test
    void entriesAreWrittenInKafkasFormatAndReadBackOnOpen() throws IOException {
        AbortedTxn a = new AbortedTxn(5L, 0, 10, 11);
        AbortedTxn b = new AbortedTxn(6L, 3, 20, 3);
        try (TransactionIndex index = new TransactionIndex(file())) {
            assertThat(index.append(a)).isTrue();
            assertThat(index.append(b)).isTrue();
            assertThat(index.append(new AbortedTxn(7L, 1, 15, 16))).as("a marker before the newest").isFalse();
        }
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file().toPath()));
        assertThat(raw.remaining()).isEqualTo(2 * TransactionIndex.ENTRY_SIZE).isEqualTo(68);
        raw.position(TransactionIndex.ENTRY_SIZE);
        assertThat(raw.getShort()).isZero();
        assertThat(raw.getLong()).isEqualTo(6L);
        assertThat(raw.getLong()).isEqualTo(3L);
        assertThat(raw.getLong()).isEqualTo(20L);
        assertThat(raw.getLong()).isEqualTo(3L);
        try (TransactionIndex reopened = new TransactionIndex(file())) {
            assertThat(reopened.allAbortedTxns()).containsExactly(a, b);
        }
    }

    @Test
    void aTornLastEntryIsDroppedOnOpen() throws IOException {
        try (TransactionIndex index = new TransactionIndex(file())) {
            index.append(new AbortedTxn(5L, 0, 10, 11));
        }
        Files.write(file().toPath(), new byte[] {0, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        try (TransactionIndex reopened = new TransactionIndex(file())) {
            assertThat(reopened.allAbortedTxns()).containsExactly(new AbortedTxn(5L, 0, 10, 11));
        }
        assertThat(file().length()).isEqualTo(TransactionIndex.ENTRY_SIZE);
    }

    @Test
    void collectingStopsOnceAnEntrysLastStableOffsetReachesTheUpperBound() throws IOException {
        try (TransactionIndex index = new TransactionIndex(file())) {
            index.append(new AbortedTxn(1L, 0, 5, 2));    // another transaction was open from 2
            index.append(new AbortedTxn(2L, 2, 8, 9));
            index.append(new AbortedTxn(3L, 9, 12, 13));
            List<AbortedTxn> found = new ArrayList<>();
            assertThat(index.collectAbortedTxns(6, 9, found)).isTrue();
            assertThat(found).extracting(AbortedTxn::producerId).containsExactly(2L);
            found.clear();
            assertThat(index.collectAbortedTxns(0, 100, found)).isFalse();
            assertThat(found).hasSize(3);
        }
    }

    @Test
    void truncationRemovesEntriesWhoseMarkerIsAtOrAfterTheOffset() throws IOException {
        try (TransactionIndex index = new TransactionIndex(file())) {
            index.append(new AbortedTxn(1L, 0, 5, 6));
            index.append(new AbortedTxn(2L, 6, 8, 9));
            index.truncateTo(8);
            assertThat(index.allAbortedTxns()).containsExactly(new AbortedTxn(1L, 0, 5, 6));
            assertThat(index.append(new AbortedTxn(3L, 7, 9, 10))).isTrue();
        }
        try (TransactionIndex reopened = new TransactionIndex(file())) {
            assertThat(reopened.allAbortedTxns()).extracting(AbortedTxn::producerId).containsExactly(1L, 3L);
        }
    }

    @Test
    void anUnreadableFileIsEmptiedAndReportedForRebuildInsteadOfFailingTheLoad() throws IOException {
        ByteBuffer bad = ByteBuffer.allocate(TransactionIndex.ENTRY_SIZE).putShort((short) 9);
        Files.write(file().toPath(), bad.array());
        try (TransactionIndex index = new TransactionIndex(file())) {
            assertThat(index.lostEntries()).isTrue();
            assertThat(index.allAbortedTxns()).isEmpty();
            assertThat(index.append(new AbortedTxn(1L, 0, 5, 6))).isTrue();
        }
        assertThat(file().length()).isEqualTo(TransactionIndex.ENTRY_SIZE);
    }
}
