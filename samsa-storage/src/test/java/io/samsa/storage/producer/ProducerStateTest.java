package io.samsa.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Crc32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateTest {
    @TempDir
    File dir;

    @Test
    void entryKeepsTheLastFiveBatchesAndResetsOnNewEpoch() {
        ProducerStateEntry e = ProducerStateEntry.empty(7L);
        for (int i = 0; i < 7; i++) {
            e = e.withBatch((short) 1, new BatchMetadata(i * 10, i * 10 + 9, 100L * i, 100L * i + 9, 1000 + i));
        }
        assertThat(e.batches()).hasSize(5);
        assertThat(e.batches().get(0).firstSeq()).isEqualTo(20);
        assertThat(e.lastSeq()).isEqualTo(69);
        assertThat(e.lastTimestamp()).isEqualTo(1006);
        assertThat(e.findDuplicate((short) 1, 20, 29)).map(BatchMetadata::firstOffset).contains(200L);
        assertThat(e.findDuplicate((short) 1, 10, 19)).isEmpty();
        assertThat(e.findDuplicate((short) 2, 20, 29)).isEmpty();
        ProducerStateEntry bumped = e.withBatch((short) 2, new BatchMetadata(0, 4, 800, 804, 2000));
        assertThat(bumped.batches()).hasSize(1);
        assertThat(bumped.producerEpoch()).isEqualTo((short) 2);
    }

    @Test
    void inSequenceWrapsAround() {
        assertThat(ProducerAppendInfo.inSequence(4, 5)).isTrue();
        assertThat(ProducerAppendInfo.inSequence(4, 6)).isFalse();
        assertThat(ProducerAppendInfo.inSequence(Integer.MAX_VALUE, 0)).isTrue();
        assertThat(ProducerAppendInfo.inSequence(-1, 0)).isTrue();
    }

    @Test
    void snapshotRoundTripsAndDetectsCorruption() throws IOException {
        File file = ProducerStateManager.snapshotFile(dir, 1234);
        assertThat(file.getName()).isEqualTo("00000000000000001234.snapshot");
        ProducerStateEntry a = new ProducerStateEntry(1L, (short) 3,
                List.of(new BatchMetadata(0, 4, 10, 14, 99), new BatchMetadata(5, 5, 20, 20, 100)), 100);
        ProducerStateEntry b = new ProducerStateEntry(2L, (short) 0, List.of(), -1);
        ProducerStateSnapshot.write(file, List.of(a, b), true);
        List<ProducerStateEntry> read = ProducerStateSnapshot.read(file);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).batches()).isEqualTo(a.batches());
        assertThat(read.get(0).producerEpoch()).isEqualTo((short) 3);
        assertThat(read.get(1).producerId()).isEqualTo(2L);

        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.seek(20);
            int v = raf.read();
            raf.seek(20);
            raf.write(v ^ 0x40);
        }
        assertThatThrownBy(() -> ProducerStateSnapshot.read(file)).isInstanceOf(IOException.class);
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(8);
        }
        assertThatThrownBy(() -> ProducerStateSnapshot.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void snapshotsKeepTheOpenTransactionAndCoordinatorEpochAndVersionOneFilesStillLoad() throws IOException {
        File file = ProducerStateManager.snapshotFile(dir, 50);
        ProducerStateEntry open = new ProducerStateEntry(7L, (short) 1, List.of(new BatchMetadata(0, 1, 40, 41, 9)),
                9, 4, 40);
        ProducerStateSnapshot.write(file, List.of(open), true);
        ProducerStateEntry read = ProducerStateSnapshot.read(file).get(0);
        assertThat(read.currentTxnFirstOffset()).isEqualTo(40);
        assertThat(read.coordinatorEpoch()).isEqualTo(4);
        assertThat(read.batches()).isEqualTo(open.batches());

        // Version 1 (before transactions): same layout without the two transaction fields.
        ByteBuffer v1 = ByteBuffer.allocate(2 + 4 + 4 + 8 + 2 + 8 + 4);
        v1.putShort((short) 1).putInt(0).putInt(1).putLong(8L).putShort((short) 2).putLong(77L).putInt(0);
        v1.putInt(2, (int) Crc32C.compute(v1.array(), 6, v1.capacity() - 6));
        File old = ProducerStateManager.snapshotFile(dir, 60);
        Files.write(old.toPath(), v1.array());
        ProducerStateEntry fromV1 = ProducerStateSnapshot.read(old).get(0);
        assertThat(fromV1.producerEpoch()).isEqualTo((short) 2);
        assertThat(fromV1.hasOngoingTxn()).isFalse();
        assertThat(fromV1.coordinatorEpoch()).isEqualTo(ProducerStateEntry.NO_COORDINATOR_EPOCH);
    }

    @Test
    void managerLoadsNewestValidSnapshotAtOrBelowEnd() throws IOException {
        ProducerStateManager manager = new ProducerStateManager(new org.apache.kafka.common.TopicPartition("t", 0),
                dir, 1000);
        ProducerStateEntry a = new ProducerStateEntry(1L, (short) 0, List.of(new BatchMetadata(0, 0, 0, 0, 50)), 50);
        ProducerStateSnapshot.write(ProducerStateManager.snapshotFile(dir, 10), List.of(a), true);
        ProducerStateSnapshot.write(ProducerStateManager.snapshotFile(dir, 20), List.of(a), true);
        ProducerStateSnapshot.write(ProducerStateManager.snapshotFile(dir, 30), List.of(a), true);
        // Corrupt the one at 20.
        try (RandomAccessFile raf = new RandomAccessFile(ProducerStateManager.snapshotFile(dir, 20), "rw")) {
            raf.setLength(raf.length() - 1);
        }
        ProducerStateManager reloaded = new ProducerStateManager(new org.apache.kafka.common.TopicPartition("t", 0),
                dir, 1000);
        assertThat(reloaded.loadLatestSnapshot(25, 100)).isEqualTo(OptionalLong.of(10));
        assertThat(reloaded.snapshotOffsets()).containsExactly(10L);
        assertThat(reloaded.entry(1L)).isNotNull();
        // Expired on load: now - lastTimestamp >= expiration.
        assertThat(reloaded.loadLatestSnapshot(25, 1050)).isEqualTo(OptionalLong.of(10));
        assertThat(reloaded.entry(1L)).isNull();
        assertThat(manager.latestSnapshotOffset()).isEmpty();
        assertThat(ProducerStateManager.snapshotFile(dir, 30)).doesNotExist();
    }
}
