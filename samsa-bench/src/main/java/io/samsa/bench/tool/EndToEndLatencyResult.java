package io.samsa.bench.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code EndToEndLatency} prints at the end: {@code Avg latency: 3.5251 ms} and
 * {@code Percentiles: 50th = 2, 99th = 12, 99.9th = 58}. Each sample is one record sent with {@code acks} and
 * {@code linger.ms=0}, acknowledged, and then fetched by a consumer polling with {@code fetch.max.wait.ms=0};
 * percentiles are whole milliseconds (the tool truncates).
 */
public record EndToEndLatencyResult(double avgMs, double p50Ms, double p99Ms, double p999Ms) {

    private static final Pattern AVG = Pattern.compile("Avg latency: ([\\d.]+) ms");
    private static final Pattern PERCENTILES =
            Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)");

    /** Throws IllegalArgumentException if the output lacks either line. */
    public static EndToEndLatencyResult parse(String output) {
        Matcher avg = AVG.matcher(output);
        Matcher pct = PERCENTILES.matcher(output);
        if (!avg.find() || !pct.find()) {
            throw new IllegalArgumentException("EndToEndLatency printed no result");
        }
        return new EndToEndLatencyResult(Double.parseDouble(avg.group(1)), Double.parseDouble(pct.group(1)),
                Double.parseDouble(pct.group(2)), Double.parseDouble(pct.group(3)));
    }
}
