package io.samsa.bench.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line {@code ProducerPerformance} prints when it finishes, e.g.
 * <pre>
 * 200000 records sent, 70947.1 records/sec (69.28 MB/sec), 232.44 ms avg latency, 540.00 ms max latency,
 *   235 ms 50th, 362 ms 95th, 381 ms 99th, 395 ms 99.9th.
 * </pre>
 * (one line). Latency is from {@code send()} to the acknowledgement; MB is 2^20 bytes of record payload.
 */
public record ProducerPerfResult(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
                                 double maxLatencyMs, double p50Ms, double p95Ms, double p99Ms, double p999Ms) {

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th");

    /** Parses the last summary line of the output; throws IllegalArgumentException if there is none. */
    public static ProducerPerfResult parse(String output) {
        Matcher m = SUMMARY.matcher(output);
        ProducerPerfResult last = null;
        while (m.find()) {
            last = new ProducerPerfResult(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                    Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)),
                    Double.parseDouble(m.group(9)));
        }
        if (last == null) {
            throw new IllegalArgumentException("ProducerPerformance printed no summary line");
        }
        return last;
    }
}
