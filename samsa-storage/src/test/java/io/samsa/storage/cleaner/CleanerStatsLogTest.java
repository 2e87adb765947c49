package io.samsa.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.storage.Log;
import java.io.File;
import java.io.IOException;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary a clean logs has Kafka's lines, so tools that read Kafka's cleaner logs read Samsa's. */
class CleanerStatsLogTest {
    @TempDir
    File dir;

    @Test
    void theSummaryHasKafkasLinesWithTheIndexAndCleanTimes() throws IOException {
        try (Log log = CleanerTestLog.open(dir, new MockTime(), 1024, true)) {
            CleanerStats stats = new CleanerStats(300, 20L << 20, 5L << 20, 3000, 700, 0, 0.25, 0.8, 0.1,
                    10L << 20, 250_000_000L, 750_000_000L);
            String summary = CleanerStatsLog.summary(0, new LogToClean(log, dir, 100, 400, 0.8, 0), stats,
                    1_000_000_000L);

            assertThat(summary.lines()).containsExactly(
                    "Log cleaner thread 0 cleaned log compacted-0 (dirty section = [100, 300])",
                    "\t20.0 MB of log processed in 1.0 seconds (20.0 MB/sec).",
                    "\tIndexed 10.0 MB in 0.3 seconds (40.0 Mb/sec, 25.0% of total time)",
                    "\tBuffer utilization: 25.0%",
                    "\tCleaned 20.0 MB in 0.8 seconds (26.7 Mb/sec, 75.0% of total time)",
                    "\tStart size: 20.0 MB (3,000 messages)",
                    "\tEnd size: 5.0 MB (700 messages)",
                    "\t75.0% size reduction (76.7% fewer messages)",
                    "\tDirty ratio: before 0.80, after 0.10");
        }
    }
}
