package io.samsa.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.bench.broker.BrokerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static final List<Measurement> RUN = List.of(
            Measurement.of("W1", "W1 produce 1 KiB", BrokerKind.KAFKA,
                    Map.of(Metric.RECORDS_PER_SEC, 100_000.0, Metric.CPU_S_PER_GB, 10.0)),
            Measurement.of("W1", "W1 produce 1 KiB", BrokerKind.SAMSA,
                    Map.of(Metric.RECORDS_PER_SEC, 120_000.0, Metric.CPU_S_PER_GB, 7.0)),
            Measurement.of("W4", "W4 consume W1 (group)", BrokerKind.KAFKA, Map.of(Metric.MB_PER_SEC, 200.0)),
            Measurement.failed("W4", "W4 consume W1 (group)", BrokerKind.SAMSA,
                    "ConsumerPerformance: UnsupportedVersionException: The node does not support FIND_COORDINATOR"));

    @Test
    void rowsPairBrokersAndHoldRatiosAgainstTargets() {
        List<ComparisonRow> rows = Comparison.rows(RUN);
        assertThat(rows).hasSize(3);
        ComparisonRow throughput = rows.get(0);
        assertThat(throughput.metric()).isEqualTo(Metric.RECORDS_PER_SEC);
        assertThat(throughput.ratio()).hasValue(1.2);
        assertThat(throughput.targetMet()).isEqualTo("yes");
        ComparisonRow cpu = rows.get(1);
        assertThat(cpu.ratio().get()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cpu.target()).hasValue(new Target(0.6, false));
        assertThat(cpu.targetMet()).isEqualTo("no");
        ComparisonRow consume = rows.get(2);
        assertThat(consume.samsa()).isNull();
        assertThat(consume.ratio()).isEmpty();
        assertThat(consume.targetMet()).isEmpty();
    }

    @Test
    void markdownShowsFailuresAsNotAvailable() {
        RunInfo info = new RunInfo("2026-01-01", "quick", "java -jar samsa-bench.jar --quick", List.of("machine"),
                List.of("settings"), "/tmp/logs");
        String md = MarkdownReport.render(info, Comparison.rows(RUN), List.of(), List.of("a.png"), List.of("note"));
        assertThat(md).contains("| W1 produce 1 KiB | records/s | 100,000 | 120,000 | 1.20× | ≥ 1.0× | yes |");
        assertThat(md).contains("| W4 consume W1 (group) | MB/s | 200.0 | n/a (error: ConsumerPerformance: "
                + "UnsupportedVersionException: The node does not support FIND_COORDINATOR) |");
        assertThat(md).contains("## Failures");
        assertThat(md).contains("![a.png](a.png)");
    }

    @Test
    void w6TargetsEveryFigureNoWorseThanKafka() {
        assertThat(Target.of("W6", Metric.TOPIC_CREATE_MS)).hasValue(new Target(1.0, false));
        assertThat(Target.of("W6", Metric.RECORDS_PER_SEC)).hasValue(new Target(1.0, true));
        assertThat(Target.of("W3", Metric.RECORDS_PER_SEC)).isEmpty();
    }

    @Test
    void chartsAreWrittenEvenWhenABrokerHasNoValue(@TempDir Path dir) throws Exception {
        List<String> files = Charts.write(Comparison.rows(RUN), dir, "t");
        assertThat(files).contains("t-throughput.png", "t-cpu-per-gb.png", "t-ratios.png");
        for (String f : files) {
            assertThat(Files.size(dir.resolve(f))).isPositive();
        }
    }
}
