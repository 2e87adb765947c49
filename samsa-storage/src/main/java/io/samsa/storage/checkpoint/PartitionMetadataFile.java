package io.samsa.storage.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The {@code partition.metadata} file in a partition directory: which topic id the directory belongs to, so a
 * topic deleted and re-created with the same name is never confused with its predecessor.
 *
 * <p>On-disk layout (Kafka's text format):
 * <pre>
 * version: 0
 * topic_id: &lt;22-character base64 Uuid&gt;
 * </pre>
 *
 * <p>Crash behaviour: written through {@link AtomicFileWriter}, with or without an fsync (a broker creating
 * thousands of partitions writes them unsynced and makes them durable in one batch later). A missing file, or an
 * empty one (what an unsynced write can leave after a power loss), reads as absent: the broker then records the
 * topic id from the cluster metadata again. A malformed non-empty file throws {@link IOException}. Stateless
 * apart from the path; callers serialize writes.
 */
public final class PartitionMetadataFile {
    public static final String FILE_NAME = "partition.metadata";

    private final File file;

    public PartitionMetadataFile(File partitionDir) {
        this.file = new File(partitionDir, FILE_NAME);
    }

    public File file() {
        return file;
    }

    /** Writes and fsyncs the file. */
    public void write(Uuid topicId) throws IOException {
        write(topicId, true);
    }

    /** Writes the file; with {@code sync} false it stays in the page cache until the caller syncs it. */
    public void write(Uuid topicId, boolean sync) throws IOException {
        AtomicFileWriter.write(file, ("version: 0\ntopic_id: " + topicId + "\n").getBytes(StandardCharsets.UTF_8),
                sync);
    }

    public Optional<Uuid> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).trim().equals("version: 0") || !lines.get(1).startsWith("topic_id:")) {
            throw new IOException("Malformed partition metadata file " + file + ": " + lines);
        }
        try {
            return Optional.of(Uuid.fromString(lines.get(1).substring("topic_id:".length()).trim()));
        } catch (IllegalArgumentException e) {
            throw new IOException("Malformed topic id in " + file + ": " + lines.get(1), e);
        }
    }
}
