package io.samsa.bench.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result line {@code ConsumerPerformance} prints under its header
 * {@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
 * fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}. The overall rates include the group join ("rebalance"); the
 * fetch rates exclude it. MB is 2^20 bytes of key plus value.
 *
 * @param complete false if the tool gave up before reading every requested record (it prints a WARNING then)
 */
public record ConsumerPerfResult(double mb, double mbPerSec, long records, double recordsPerSec, long rebalanceMs,
                                 long fetchMs, double fetchMbPerSec, double fetchRecordsPerSec, boolean complete) {

    private static final Pattern RESULT = Pattern.compile(
            "(?m)^[^,\\n]+, [^,\\n]+, ([\\d.]+), ([\\d.]+), (\\d+), ([\\d.]+), (\\d+), (-?\\d+), "
                    + "([\\w.-]+), ([\\w.-]+)\\s*$");

    /** Parses the last result line of the output; throws IllegalArgumentException if there is none. */
    public static ConsumerPerfResult parse(String output) {
        Matcher m = RESULT.matcher(output);
        ConsumerPerfResult last = null;
        boolean complete = !output.contains("WARNING: Exiting before consuming the expected number of messages");
        while (m.find()) {
            last = new ConsumerPerfResult(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Long.parseLong(m.group(3)), Double.parseDouble(m.group(4)), Long.parseLong(m.group(5)),
                    Long.parseLong(m.group(6)), Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)),
                    complete);
        }
        if (last == null) {
            throw new IllegalArgumentException("ConsumerPerformance printed no result line");
        }
        return last;
    }
}
