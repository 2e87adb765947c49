package io.samsa.bench.jmh;

import io.samsa.storage.index.OffsetIndex;
import io.samsa.storage.index.OffsetPosition;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Offset index lookup ({@code OffsetIndex.lookup}): the first step of every fetch that does not start at a
 * cached position. The index holds {@code entries} entries, one per 4 KiB of log as with the default
 * {@code index.interval.bytes}; 131,072 entries is a full 512 MiB segment. Targets are random offsets spread over
 * the whole index ({@link #lookupRandom}) or within its last 1% ({@link #lookupTail}), where consumers that keep
 * up read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OffsetIndexBenchmark {
    private static final int OFFSETS_PER_ENTRY = 4;
    private static final int BYTES_PER_ENTRY = 4096;
    private static final int TARGETS = 1 << 16;

    @Param({"1024", "131072"})
    public int entries;

    private File dir;
    private OffsetIndex index;
    private long[] randomTargets;
    private long[] tailTargets;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("samsa-bench-index").toFile();
        long base = 1_000_000L;
        index = new OffsetIndex(new File(dir, "00000000000001000000.index"), base, 10 * 1024 * 1024);
        for (int i = 0; i < entries; i++) {
            index.append(base + (long) i * OFFSETS_PER_ENTRY, i * BYTES_PER_ENTRY);
        }
        SplittableRandom random = new SplittableRandom(7);
        long span = (long) entries * OFFSETS_PER_ENTRY;
        long tailSpan = Math.max(OFFSETS_PER_ENTRY, span / 100);
        randomTargets = new long[TARGETS];
        tailTargets = new long[TARGETS];
        for (int i = 0; i < TARGETS; i++) {
            randomTargets[i] = base + random.nextLong(span);
            tailTargets[i] = base + span - 1 - random.nextLong(tailSpan);
        }
    }

    @Benchmark
    public OffsetPosition lookupRandom() {
        return index.lookup(randomTargets[next++ & (TARGETS - 1)]);
    }

    @Benchmark
    public OffsetPosition lookupTail() {
        return index.lookup(tailTargets[next++ & (TARGETS - 1)]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        index.close();
        Utils.delete(dir);
    }
}
