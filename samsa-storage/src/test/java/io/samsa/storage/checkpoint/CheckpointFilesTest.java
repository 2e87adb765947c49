package io.samsa.storage.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {
    @TempDir
    File dir;

    @Test
    void offsetCheckpointRoundTripsInKafkasTextFormat() throws IOException {
        OffsetCheckpointFile file = new OffsetCheckpointFile(new File(dir, "recovery-point-offset-checkpoint"));
        assertThat(file.read()).isEmpty();
        Map<TopicPartition, Long> offsets = Map.of(
                new TopicPartition("my-topic", 0), 42L,
                new TopicPartition("my.other-topic-7", 12), 0L);
        file.write(offsets);
        assertThat(file.read()).isEqualTo(offsets);
        String text = Files.readString(file.file().toPath(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("0\n2\n").contains("my-topic 0 42\n").contains("my.other-topic-7 12 0\n");
        assertThat(new File(dir, "recovery-point-offset-checkpoint.tmp")).doesNotExist();
        file.write(Map.of());
        assertThat(file.read()).isEmpty();
    }

    @Test
    void malformedCheckpointIsReported() throws IOException {
        File f = new File(dir, "log-start-offset-checkpoint");
        OffsetCheckpointFile file = new OffsetCheckpointFile(f);
        Files.writeString(f.toPath(), "0\n2\nt 0 1\n");
        assertThatThrownBy(file::read).isInstanceOf(IOException.class).hasMessageContaining("expected 2");
        Files.writeString(f.toPath(), "1\n0\n");
        assertThatThrownBy(file::read).isInstanceOf(IOException.class).hasMessageContaining("version");
        Files.writeString(f.toPath(), "0\n1\nt x 1\n");
        assertThatThrownBy(file::read).isInstanceOf(IOException.class);
    }

    @Test
    void partitionMetadataRoundTrips() throws IOException {
        PartitionMetadataFile file = new PartitionMetadataFile(dir);
        assertThat(file.read()).isEmpty();
        Uuid id = Uuid.randomUuid();
        file.write(id);
        assertThat(Files.readString(file.file().toPath())).isEqualTo("version: 0\ntopic_id: " + id + "\n");
        assertThat(file.read()).contains(id);
        Files.writeString(file.file().toPath(), "garbage");
        assertThatThrownBy(file::read).isInstanceOf(IOException.class);
    }

    @Test
    void anUnsyncedPartitionMetadataLeftEmptyByAPowerLossReadsAsAbsent() throws IOException {
        PartitionMetadataFile file = new PartitionMetadataFile(dir);
        Uuid id = Uuid.randomUuid();
        file.write(id, false);
        assertThat(file.read()).contains(id);
        Files.writeString(file.file().toPath(), "");
        assertThat(file.read()).isEmpty();
    }
}
