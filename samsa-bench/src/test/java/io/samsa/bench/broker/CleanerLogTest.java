package io.samsa.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cleaner summaries as Kafka 4.1.1 and Samsa really log them (lines copied from a COMPACT run). */
class CleanerLogTest {
    private static final String KAFKA = """
            2026-12-04T22:16:43.343 [kafka-log-cleaner-thread-0] INFO org.apache.kafka.storage.internals.log.\
            LogCleaner$CleanerThread - [kafka-log-cleaner-thread-0]:\s
            \tLog cleaner thread 0 cleaned log compact-0 (dirty section = [0, 16000])
            \t15.9 MB of log processed in 0.8 seconds (20.5 MB/sec).
            \tIndexed 15.9 MB in 0.4 seconds (43.6 Mb/sec, 47.2% of total time)
            \tBuffer utilization: 0.3%
            \tCleaned 15.9 MB in 0.4 seconds (38.9 Mb/sec, 52.8% of total time)
            \tStart size: 15.9 MB (16,000 messages)
            \tEnd size: 15.9 MB (16,000 messages)
            \t0.0% size reduction (0.0% fewer messages)

            2026-12-04T22:17:00.375 [kafka-log-cleaner-thread-0] INFO org.apache.kafka.storage.internals.log.\
            Cleaner - Cleaner 0: Swapping in cleaned segment LogSegment(baseOffset=208073, size=16687616)
            2026-12-04T22:17:01.269 [kafka-log-cleaner-thread-0] INFO org.apache.kafka.storage.internals.log.\
            LogCleaner$CleanerThread - [kafka-log-cleaner-thread-0]:\s
            \tLog cleaner thread 0 cleaned log compact-warm-0 (dirty section = [224073, 256074])
            \t131.3 MB of log processed in 2.0 seconds (64.3 MB/sec).
            \tIndexed 31.8 MB in 0.1 seconds (349.7 Mb/sec, 4.5% of total time)
            """;
    private static final String SAMSA = """
            2026-12-04T22:17:33.735 [kafka-log-cleaner-thread-0] INFO io.samsa.storage.cleaner.LogCleaner - Log \
            cleaner thread 0 cleaned log compact-0 (dirty section = [0, 64001])
            \t63.6 MB of log processed in 3.4 seconds (18.6 MB/sec).
            \tBuffer utilization: 1.3%
            \tStart size: 63.6 MB (64,001 messages)
            \tEnd size: 63.6 MB (64,001 messages)
            \t0.0% size reduction (0.0% fewer messages)
            \tDirty ratio: before 1.00, after 0.00
            2026-12-04T22:17:43.743 [kafka-log-cleaner-thread-0] INFO io.samsa.storage.cleaner.LogCleaner - Log \
            cleaner thread 0 cleaned log compact-0 (dirty section = [128002, 256074])
            \t1,226.8 MB of log processed in 24.0 seconds (51.1 MB/sec).
            """;

    @Test
    void readsKafkasSummariesOfOnePartitionOnly() {
        List<CleanerLog.Pass> passes = CleanerLog.passes(KAFKA, "compact-0");
        assertThat(passes).hasSize(1);
        assertThat(passes.get(0).mb()).isEqualTo(15.9);
        // 15.9 MB at 20.5 MB/sec: the rate gives the duration more precisely than the printed 0.8 s.
        assertThat(passes.get(0).seconds()).isCloseTo(15.9 / 20.5, within(1e-9));
        assertThat(CleanerLog.passes(KAFKA, "compact-warm-0")).extracting(CleanerLog.Pass::mb).containsExactly(131.3);
    }

    @Test
    void readsSamsasSummariesWithThousandsSeparators() {
        List<CleanerLog.Pass> passes = CleanerLog.passes(SAMSA, "compact-0");
        assertThat(passes).extracting(CleanerLog.Pass::mb).containsExactly(63.6, 1226.8);
        assertThat(CleanerLog.mbPerSec(passes)).isCloseTo((63.6 + 1226.8) / (63.6 / 18.6 + 1226.8 / 51.1),
                within(1e-9));
    }

    @Test
    void aPassTooShortForTheRateFallsBackToThePrintedSeconds() {
        String line = "Log cleaner thread 0 cleaned log t-0 (dirty section = [0, 1])\n"
                + "\t0.0 MB of log processed in 0.0 seconds (NaN MB/sec).\n"
                + "Log cleaner thread 0 cleaned log t-0 (dirty section = [1, 2])\n"
                + "\t2.0 MB of log processed in 0.5 seconds (Infinity MB/sec).\n";
        List<CleanerLog.Pass> passes = CleanerLog.passes(line, "t-0");
        assertThat(passes).extracting(CleanerLog.Pass::seconds).containsExactly(0.0, 0.5);
        assertThat(CleanerLog.mbPerSec(passes)).isEqualTo(4.0);
        assertThat(CleanerLog.mbPerSec(List.of())).isNaN();
    }
}
