package io.samsa.storage.epoch;

import io.samsa.storage.checkpoint.AtomicFileWriter;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A partition's {@code leader-epoch-checkpoint} file, in Kafka's text format so Kafka's tools read it:
 * <pre>
 * 0            &lt;- version
 * 2            &lt;- number of entries
 * 0 0          &lt;- epoch, start offset
 * 3 1200
 * </pre>
 *
 * <p>Crash behaviour: written through {@link AtomicFileWriter}, so it is the old or the new version, never a mix.
 * {@link #read} returns empty for a missing file, so the caller can tell "no checkpoint" from "no epochs" and
 * rebuild from the log. A malformed file throws {@link IOException} naming it.
 *
 * <p>Not thread-safe: its {@link LeaderEpochCache} serializes calls.
 */
public final class LeaderEpochCheckpointFile {
    public static final String FILE_NAME = "leader-epoch-checkpoint";
    private static final int VERSION = 0;

    private final File file;

    public LeaderEpochCheckpointFile(File partitionDir) {
        this.file = new File(partitionDir, FILE_NAME);
    }

    public File file() {
        return file;
    }

    /** Replaces the file; with {@code sync} it is on disk when this returns. */
    public void write(List<EpochEntry> entries, boolean sync) throws IOException {
        StringBuilder sb = new StringBuilder(16 + entries.size() * 16);
        sb.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (EpochEntry e : entries) {
            sb.append(e.epoch()).append(' ').append(e.startOffset()).append('\n');
        }
        AtomicFileWriter.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), sync);
    }

    /** The entries in the file, or empty if there is no file. */
    public Optional<List<EpochEntry>> read() throws IOException {
        List<EpochEntry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            String versionLine = reader.readLine();
            if (versionLine == null) {
                return Optional.of(entries);
            }
            if (parse(versionLine) != VERSION) {
                throw malformed("unknown version " + versionLine);
            }
            long expected = parse(reader.readLine());
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                if (parts.length != 2) {
                    throw malformed("bad line '" + line + "'");
                }
                entries.add(new EpochEntry((int) parse(parts[0]), parse(parts[1])));
            }
            if (entries.size() != expected) {
                throw malformed("expected " + expected + " entries but found " + entries.size());
            }
            return Optional.of(entries);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private long parse(String s) throws IOException {
        try {
            return Long.parseLong(s == null ? "" : s.trim());
        } catch (NumberFormatException e) {
            throw malformed("not a number: '" + s + "'");
        }
    }

    private IOException malformed(String why) {
        return new IOException("Malformed leader epoch checkpoint " + file + ": " + why);
    }
}
