package io.samsa.bench.tool;

import java.nio.file.Path;
import java.util.List;

/**
 * How a child JVM that was run to completion ended.
 *
 * @param exitCode  its exit code; -1 if it was killed after its time limit
 * @param timedOut  true if it was killed after its time limit
 * @param output    everything it printed (stdout and stderr interleaved)
 * @param log       the file that output was written to
 * @param elapsedMs wall-clock run time
 */
public record ToolResult(int exitCode, boolean timedOut, String output, Path log, long elapsedMs) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /**
     * A one-line reason for a failed run: the first exception message the tool printed, else its last line.
     * Kafka's tools print {@code e.getMessage()} and then the stack trace, so the first exception line is the cause
     * a reader needs (for example {@code UnsupportedVersionException: The node does not support FIND_COORDINATOR}).
     */
    public String failureReason() {
        if (timedOut) {
            return "timed out after " + elapsedMs / 1000 + " s (killed); see " + log;
        }
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (String line : lines) {
            if (line.matches("^([a-z0-9_$]+\\.)+[A-Za-z0-9_$]*(Exception|Error)(: .*)?$")) {
                return abbreviate(line);
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).startsWith("at ") && !lines.get(i).contains(" INFO ")) {
                return abbreviate(lines.get(i)) + " (exit " + exitCode + ")";
            }
        }
        return "exit code " + exitCode + "; see " + log;
    }

    private static String abbreviate(String s) {
        return s.length() <= 240 ? s : s.substring(0, 237) + "...";
    }
}
