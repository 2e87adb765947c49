package io.samsa.storage.cleaner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

/** Dynamic cleaner settings: Kafka's validation, and what a change restarts. */
class LogCleanerReconfigureTest {
    private static final long MIB = 1024 * 1024;
    private final MockTime time = new MockTime();

    private static LogCleaner.Settings settings(int threads, double rate) {
        return new LogCleaner.Settings(threads, 16 * MIB, 0.9, 512 * 1024, 1024 * 1024, 15_000L, rate);
    }

    private static Map<String, Thread> cleanerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kafka-log-cleaner-thread-") && t.isAlive())
                .collect(java.util.stream.Collectors.toMap(Thread::getName, t -> t, (a, b) -> a));
    }

    @Test
    void threadsMayAtMostDoubleOrHalveAndTheDedupeBufferNeedsOneMibPerThread() {
        LogCleaner cleaner = new LogCleaner(settings(4, Double.MAX_VALUE), List::of, time);

        cleaner.validateReconfiguration(settings(8, 1.0));
        cleaner.validateReconfiguration(settings(2, 1.0));
        assertThatThrownBy(() -> cleaner.validateReconfiguration(settings(9, 1.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("more than double the current value 4");
        assertThatThrownBy(() -> cleaner.validateReconfiguration(settings(1, 1.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("less than half the current value 4");
        assertThatThrownBy(() -> cleaner.validateReconfiguration(settings(0, 1.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> cleaner.validateReconfiguration(
                new LogCleaner.Settings(4, 4 * MIB, 0.9, 1024, 1024, 15_000L, 1.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 1MB per cleaner thread");
    }

    @Test
    void aNewThreadCountReplacesTheThreadsAndARateChangeKeepsThem() {
        LogCleaner cleaner = new LogCleaner(settings(1, Double.MAX_VALUE), List::of, time);
        cleaner.startup();
        try {
            Thread first = cleanerThreads().get("kafka-log-cleaner-thread-0");
            assertThat(first).isNotNull();

            cleaner.reconfigure(settings(1, 5_000.0));
            assertThat(cleaner.throttler().rate()).isEqualTo(5_000.0);
            assertThat(cleanerThreads().get("kafka-log-cleaner-thread-0")).as("not restarted").isSameAs(first);

            cleaner.reconfigure(settings(2, 5_000.0));
            assertThat(first.isAlive()).isFalse();
            assertThat(cleanerThreads()).containsOnlyKeys("kafka-log-cleaner-thread-0", "kafka-log-cleaner-thread-1");
            assertThat(cleaner.settings().threads()).isEqualTo(2);
        } finally {
            cleaner.shutdown();
        }
        assertThat(cleanerThreads()).isEmpty();
    }

    @Test
    void beforeStartupAChangeIsOnlyRecorded() {
        LogCleaner cleaner = new LogCleaner(settings(1, Double.MAX_VALUE), List::of, time);
        cleaner.reconfigure(settings(2, 10.0));
        assertThat(cleanerThreads()).isEmpty();
        cleaner.startup();
        try {
            assertThat(cleanerThreads()).containsOnlyKeys("kafka-log-cleaner-thread-0", "kafka-log-cleaner-thread-1");
        } finally {
            cleaner.shutdown();
        }
    }
}
