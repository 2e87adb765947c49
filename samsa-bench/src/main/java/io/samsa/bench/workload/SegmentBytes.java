package io.samsa.bench.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The record bytes of one partition's log on disk: the sizes of its segment files, the active (newest) one apart.
 * Indexes are left out: both brokers preallocate the active segment's, so their file sizes say nothing about
 * the data. A segment the cleaner is swapping in ({@code .swap}) counts, because both brokers retire the old
 * segments before renaming it to {@code .log}; retired segments ({@code .deleted}, removed after
 * {@code file.delete.delay.ms}) and the cleaner's unfinished output ({@code .cleaned}) do not.
 *
 * @param total  every segment's bytes, active one included
 * @param active the active segment's bytes
 */
record SegmentBytes(long total, long active) {
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.log(\\.swap)?");

    /** The log in {@code partitionDir} now; zero if it has no segment yet. */
    static SegmentBytes of(Path partitionDir) throws IOException {
        // A file can vanish between listing and sizing while the cleaner swaps segments: list again.
        for (int attempt = 0; ; attempt++) {
            try {
                return measure(partitionDir);
            } catch (NoSuchFileException | UncheckedIOException e) {
                if (attempt >= 10) {
                    throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                }
            }
        }
    }

    private static SegmentBytes measure(Path dir) throws IOException {
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).toList();
        }
        long total = 0;
        long newestBase = -1;
        long active = 0;
        for (Path p : segments) {
            long size = Files.size(p);
            total += size;
            long base = Long.parseLong(p.getFileName().toString().substring(0, 20));
            if (base > newestBase) {
                newestBase = base;
                active = size;
            }
        }
        return new SegmentBytes(total, active);
    }
}
