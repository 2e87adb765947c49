package io.samsa.bench.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log cleaner's per-pass summaries in a broker's log output. Kafka logs, at INFO, after each pass:
 * <pre>
 *     Log cleaner thread 0 cleaned log compact-0 (dirty section = [0, 131072])
 *     	128.4 MB of log processed in 2.1 seconds (61.1 MB/sec).
 *     	...
 * </pre>
 * and Samsa prints the same first two lines ({@code CleanerStatsLog} in samsa-storage), so one parser reads
 * both. Numbers carry thousands separators ({@code %,.1f}). Stateless.
 */
public final class CleanerLog {
    private static final String NUMBER = "([0-9][0-9,]*\\.[0-9]+)";
    private static final Pattern SUMMARY = Pattern.compile(
            "Log cleaner thread \\d+ cleaned log (\\S+) \\(dirty section = \\[\\d+, \\d+\\]\\)\\s+"
                    + NUMBER + " MB of log processed in " + NUMBER + " seconds \\(([^ ]+) MB/sec\\)");

    private CleanerLog() {
    }

    /**
     * One cleaning pass over a log.
     *
     * @param log     the partition, {@code topic-partition}
     * @param mb      MB (2^20 bytes) of log read, dirty and already clean segments alike
     * @param seconds how long the pass took
     */
    public record Pass(String log, double mb, double seconds) {
    }

    /** Every pass over {@code log} ({@code topic-partition}) summarised in {@code output}, in order. */
    public static List<Pass> passes(String output, String log) {
        List<Pass> out = new ArrayList<>();
        Matcher m = SUMMARY.matcher(output);
        while (m.find()) {
            if (m.group(1).equals(log)) {
                out.add(pass(log, number(m.group(2)), number(m.group(3)), m.group(4)));
            }
        }
        return out;
    }

    /**
     * The printed seconds have one decimal, so a short pass reads "0.1" or even "0.0"; the rate, also with one
     * decimal but in tens of MB/s or more, is far more precise, so MB / rate is the duration whenever the rate is a
     * number.
     */
    private static Pass pass(String log, double mb, double printedSeconds, String rate) {
        double mbPerSec;
        try {
            mbPerSec = number(rate);
        } catch (NumberFormatException e) {
            mbPerSec = Double.NaN; // "Infinity" or "NaN": a pass too short for the clock
        }
        double seconds = mbPerSec > 0 && Double.isFinite(mbPerSec) ? mb / mbPerSec : printedSeconds;
        return new Pass(log, mb, seconds);
    }

    /**
     * Cleaner throughput over {@code passes}: all MB read divided by all seconds spent cleaning, so long passes
     * weigh more than short ones. NaN if there is none or they took no measurable time.
     */
    public static double mbPerSec(List<Pass> passes) {
        double mb = passes.stream().mapToDouble(Pass::mb).sum();
        double seconds = passes.stream().mapToDouble(Pass::seconds).sum();
        return seconds > 0 ? mb / seconds : Double.NaN;
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }
}
