package io.samsa.storage.cleaner;

import static io.samsa.storage.cleaner.CleanerTestLog.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.samsa.storage.Log;
import io.samsa.storage.LogConfig;
import io.samsa.storage.LogParams;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleaner's gauges over JMX, under Kafka's names, while the cleaner runs. */
class CleanerMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    File logDir;

    private static Object value(String name) throws Exception {
        return SERVER.getAttribute(new ObjectName(name), "Value");
    }

    @Test
    void gaugesUnderKafkaNamesReportTheLastCleanAndGoAtShutdown() throws Exception {
        MockTime time = new MockTime(0L, 1_700_000_000_000L, 0L);
        LogConfig config = LogConfig.defaults().withSegmentBytes(400).withIndexIntervalBytes(64)
                .withCleanupPolicy(true, false).withCompaction(new LogConfig.Compaction(10_000L, 0L, Long.MAX_VALUE,
                        0.5));
        try (Log log = Log.open(new LogParams(new File(logDir, "compacted-0"), new TopicPartition("compacted", 0),
                config, time, 0L, 0L, true))) {
            for (int i = 0; i < 60; i++) {
                append(log, time, "k" + i % 4, "v" + i);
            }
            LogCleaner cleaner = new LogCleaner(new LogCleaner.Settings(1, 64 * 1024, 0.9, 512, 1024 * 1024,
                    10_000L), () -> List.of(log), time);
            cleaner.startup();
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> new File(logDir, "cleaner-offset-checkpoint").exists());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> (Integer) value(CleanerMetrics.CLEANER + "cleaner-recopy-percent") > 0);

                assertThat((Integer) value(CleanerMetrics.CLEANER + "cleaner-recopy-percent"))
                        .as("most records went").isBetween(1, 50);
                assertThat((Integer) value(CleanerMetrics.CLEANER + "max-buffer-utilization-percent"))
                        .isBetween(0, 100);
                assertThat(value(CleanerMetrics.CLEANER + "max-clean-time-secs")).isEqualTo(0);
                assertThat(value(CleanerMetrics.CLEANER + "max-compaction-delay-secs")).isEqualTo(0);
                assertThat(value(CleanerMetrics.CLEANER + "DeadThreadCount")).isEqualTo(0);
                assertThat(value(CleanerMetrics.MANAGER + "uncleanable-partitions-count")).isEqualTo(0);
                assertThat((Integer) value(CleanerMetrics.MANAGER + "max-dirty-percent")).isBetween(0, 100);
                // The thread may look for a log once more after its clean, so the last run is 0 to 250 ms ago.
                time.sleep(250);
                assertThat((Long) value(CleanerMetrics.MANAGER + "time-since-last-run-ms")).isBetween(0L, 250L);
            } finally {
                cleaner.shutdown();
            }
            assertThat(SERVER.queryNames(new ObjectName("kafka.log:type=LogCleaner,*"), null)).isEmpty();
            assertThat(SERVER.queryNames(new ObjectName("kafka.log:type=LogCleanerManager,*"), null)).isEmpty();
        }
    }
}
