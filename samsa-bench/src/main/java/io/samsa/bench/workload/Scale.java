package io.samsa.bench.workload;

/**
 * How big a run is. {@link #FULL} uses the counts; {@link #QUICK} divides record counts by 20 (and runs
 * W5 for 10 s instead of 60) to check the harness end to end in a few minutes. Partition counts never shrink:
 * W6 always creates 1,000 and 10,000 partitions. COMPACT's data set has its own quick form (128 MiB instead of
 * 1 GiB, 16 MiB segments instead of 64 MiB), because a twentieth of it would hardly fill two segments.
 *
 * @param name             "quick" or "full"
 * @param recordFactor     multiplier on the record counts
 * @param latencySeconds   W5 duration at 20,000 records/s
 * @param latencyWarmUpSeconds W5 unmeasured warm-up at the same rate
 * @param latencyProbes    W5 EndToEndLatency samples
 * @param metadataSamples  W6 Metadata requests timed per topic
 * @param failoverWarmUpSeconds how long the failover producer sends at its fixed rate before the kill
 * @param compactBytes     COMPACT: value bytes written per pass over the keys (1 GiB full, 128 MiB quick)
 * @param compactSegmentBytes COMPACT: the topic's {@code segment.bytes}
 */
public record Scale(String name, double recordFactor, int latencySeconds, int latencyWarmUpSeconds,
                    int latencyProbes, int metadataSamples, int failoverWarmUpSeconds, long compactBytes,
                    int compactSegmentBytes) {
    private static final int MIB = 1 << 20;
    public static final Scale FULL = new Scale("full", 1.0, 60, 10, 5_000, 50, 20, 1024L * MIB, 64 * MIB);
    public static final Scale QUICK = new Scale("quick", 1.0 / 20, 10, 5, 500, 10, 5, 128L * MIB, 16 * MIB);

    /** The issue's {@code fullCount} scaled, at least 10,000. */
    public long records(long fullCount) {
        return Math.max(10_000, Math.round(fullCount * recordFactor));
    }
}
