package io.samsa.storage.cleaner;

import java.util.Locale;

/**
 * The INFO summary a cleaner thread logs after each clean, in the shape of Kafka's (brief §4), with the time split
 * between building the offset map ("Indexed") and recopying ("Cleaned"), plus the dirty ratio before and after
 * that issue 11 asks for and Kafka does not print. Stateless.
 */
final class CleanerStatsLog {
    private static final double MB = 1024.0 * 1024.0;

    private CleanerStatsLog() {
    }

    static String summary(int threadId, LogToClean cleaned, CleanerStats stats, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double mbRead = stats.bytesRead() / MB;
        double mbWritten = stats.bytesWritten() / MB;
        return String.format(Locale.ROOT, "Log cleaner thread %d cleaned log %s (dirty section = [%d, %d])%n"
                        + "\t%,.1f MB of log processed in %,.1f seconds (%,.1f MB/sec).%n"
                        + "\tIndexed %,.1f MB in %.1f seconds (%,.1f Mb/sec, %.1f%% of total time)%n"
                        + "\tBuffer utilization: %.1f%%%n"
                        + "\tCleaned %,.1f MB in %.1f seconds (%,.1f Mb/sec, %.1f%% of total time)%n"
                        + "\tStart size: %,.1f MB (%,d messages)%n"
                        + "\tEnd size: %,.1f MB (%,d messages)%n"
                        + "\t%.1f%% size reduction (%.1f%% fewer messages)%n"
                        + "\tDirty ratio: before %.2f, after %.2f",
                threadId, cleaned.log().topicPartition(), cleaned.firstDirty(), stats.endOffset(),
                mbRead, seconds, seconds > 0 ? mbRead / seconds : 0.0,
                stats.mapBytesRead() / MB, stats.indexNanos() / 1e9, rate(stats.mapBytesRead(), stats.indexNanos()),
                share(stats.indexNanos(), elapsedNanos),
                100.0 * stats.mapUtilization(),
                mbRead, stats.cleanNanos() / 1e9, rate(stats.bytesRead(), stats.cleanNanos()),
                share(stats.cleanNanos(), elapsedNanos),
                mbRead, stats.messagesRead(),
                mbWritten, stats.messagesWritten(),
                reduction(stats.bytesRead(), stats.bytesWritten()),
                reduction(stats.messagesRead(), stats.messagesWritten()),
                stats.dirtyRatioBefore(), stats.dirtyRatioAfter());
    }

    /** MB a second, as Kafka prints it (its "Mb/sec" means megabytes). */
    private static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0.0 : bytes / MB / (nanos / 1e9);
    }

    private static double share(long part, long total) {
        return total <= 0 ? 0.0 : 100.0 * part / total;
    }

    private static double reduction(long before, long after) {
        return before == 0 ? 0.0 : 100.0 * (before - after) / before;
    }
}
