package io.samsa.storage.checkpoint;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One offset checkpoint file of a log dir ({@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} or {@code replication-offset-checkpoint}).
 *
 * <p>On-disk layout (Kafka's text format, readable by Kafka's tools):
 * <pre>
 * 0                      &lt;- version
 * 2                      &lt;- number of entries
 * my-topic 0 1234        &lt;- topic, partition, offset separated by single spaces
 * my.other-topic 3 0
 * </pre>
 * Topic names cannot contain spaces, so the last two fields of each line are unambiguous.
 *
 * <p>Crash behaviour: written through {@link AtomicFileWriter}, so it is either the old or the new version.
 * A missing file reads as empty; a malformed one throws {@link IOException} naming the file.
 *
 * <p>Threading: {@link #write} is synchronized so two periodic tasks cannot interleave their temporary files.
 */
public final class OffsetCheckpointFile {
    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET = "replication-offset-checkpoint";
    /** Per log dir: each compacted partition's first dirty offset (the end of its cleaned section). */
    public static final String CLEANER_OFFSET = "cleaner-offset-checkpoint";
    private static final int VERSION = 0;

    private final File file;

    public OffsetCheckpointFile(File file) {
        this.file = file;
    }

    public File file() {
        return file;
    }

    public synchronized void write(Map<TopicPartition, Long> offsets) throws IOException {
        StringBuilder sb = new StringBuilder(32 + offsets.size() * 32);
        sb.append(VERSION).append('\n').append(offsets.size()).append('\n');
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            sb.append(e.getKey().topic()).append(' ').append(e.getKey().partition()).append(' ')
                    .append(e.getValue()).append('\n');
        }
        AtomicFileWriter.write(file, sb.toString());
    }

    public Map<TopicPartition, Long> read() throws IOException {
        Map<TopicPartition, Long> result = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            String versionLine = reader.readLine();
            if (versionLine == null) {
                return result;
            }
            if (parseInt(versionLine) != VERSION) {
                throw malformed("unknown version " + versionLine);
            }
            int expected = parseInt(reader.readLine());
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts.length != 3) {
                    throw malformed("bad line '" + line + "'");
                }
                result.put(new TopicPartition(parts[0], parseInt(parts[1])), parseLong(parts[2]));
            }
            if (result.size() != expected) {
                throw malformed("expected " + expected + " entries but found " + result.size());
            }
            return result;
        } catch (NoSuchFileException e) {
            return result;
        }
    }

    private int parseInt(String s) throws IOException {
        try {
            return Integer.parseInt(s == null ? "" : s.trim());
        } catch (NumberFormatException e) {
            throw malformed("not a number: '" + s + "'");
        }
    }

    private long parseLong(String s) throws IOException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw malformed("not a number: '" + s + "'");
        }
    }

    private IOException malformed(String why) {
        return new IOException("Malformed checkpoint file " + file + ": " + why);
    }
}
