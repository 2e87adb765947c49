package io.samsa.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.bench.broker.BrokerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static final RunInfo INFO = new RunInfo("2026-01-01", "quick", "java -jar samsa-bench.jar --quick",
            List.of("machine"), List.of("settings"), "/tmp/logs");
    private static final List<Measurement> COLD = List.of(
            Measurement.of("W1", "W1 produce 1 KiB", Round.COLD, BrokerKind.KAFKA,
                    Map.of(Metric.RECORDS_PER_SEC, 100_000.0, Metric.CPU_S_PER_GB, 10.0)),
            Measurement.of("W1", "W1 produce 1 KiB", Round.COLD, BrokerKind.SAMSA,
                    Map.of(Metric.RECORDS_PER_SEC, 120_000.0, Metric.CPU_S_PER_GB, 7.0)),
            Measurement.of("W4", "W4 consume W1 (group)", Round.COLD, BrokerKind.KAFKA,
                    Map.of(Metric.MB_PER_SEC, 200.0)),
            Measurement.failed("W4", "W4 consume W1 (group)", Round.COLD, BrokerKind.SAMSA,
                    "ConsumerPerformance: UnsupportedVersionException: The node does not support FIND_COORDINATOR"));

    @Test
    void rowsPairBrokersAndHoldRatiosAgainstTargets() {
        List<ComparisonRow> rows = Comparison.rows(COLD);
        assertThat(rows).hasSize(3);
        ComparisonRow throughput = rows.get(0);
        assertThat(throughput.metric()).isEqualTo(Metric.RECORDS_PER_SEC);
        assertThat(throughput.round()).isEqualTo(Round.COLD);
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
    void coldOnlyRunKeepsTheSingleRoundColumns() {
        String md = MarkdownReport.render(INFO, Comparison.rows(COLD), List.of(), List.of("a.png"), List.of("note"),
                List.of());
        assertThat(md).contains("| workload | metric | Kafka | Samsa | Samsa/Kafka | target | met |");
        assertThat(md).contains("| W1 produce 1 KiB | records/s | 100,000 | 120,000 | 1.20× | ≥ 1.0× | yes |");
        assertThat(md).contains("| W4 consume W1 (group) | MB/s | 200.0 | n/a (error: ConsumerPerformance: "
                + "UnsupportedVersionException: The node does not support FIND_COORDINATOR) |");
        assertThat(md).contains("## Failures");
        assertThat(md).contains("- **W4 consume W1 (group) (cold), Samsa**: ConsumerPerformance");
        assertThat(md).contains("![a.png](a.png)");
        assertThat(md).doesNotContain("## Observations");
    }

    @Test
    void warmFiguresSitBesideColdOnesWithTheirOwnRatiosAndVerdicts() {
        List<Measurement> run = new ArrayList<>(COLD);
        run.add(Measurement.of("W1", "W1 produce 1 KiB", Round.WARM, BrokerKind.KAFKA,
                Map.of(Metric.RECORDS_PER_SEC, 150_000.0, Metric.CPU_S_PER_GB, 5.0)));
        run.add(Measurement.of("W1", "W1 produce 1 KiB", Round.WARM, BrokerKind.SAMSA,
                Map.of(Metric.RECORDS_PER_SEC, 135_000.0, Metric.CPU_S_PER_GB, 2.5)));
        String md = MarkdownReport.render(INFO, Comparison.rows(run), List.of(), List.of(), List.of("note"),
                List.of("Kafka W7 cold: CPU s per process"));
        assertThat(md).contains("| workload | metric | Kafka cold | Samsa cold | Samsa/Kafka cold | Kafka warm |"
                + " Samsa warm | Samsa/Kafka warm | target | met cold | met warm |");
        assertThat(md).contains("| W1 produce 1 KiB | records/s | 100,000 | 120,000 | 1.20× | 150,000 | 135,000 |"
                + " 0.90× | ≥ 1.0× | yes | no |");
        assertThat(md).contains("|  | broker CPU s per GB | 10.00 | 7.00 | 0.70× | 5.00 | 2.50 | 0.50× | ≤ 0.6× |"
                + " no | yes |");
        // W4 ran cold only: its warm columns say so.
        assertThat(md).contains("| W4 consume W1 (group) | MB/s | 200.0 | n/a (error: ConsumerPerformance: "
                + "UnsupportedVersionException: The node does not support FIND_COORDINATOR) |  | not run | not run | |");
        assertThat(md).contains("- **cold**: 1 of 2 targets met; missed: W1 produce 1 KiB CPU s/GB (0.70× vs ≤ 0.6×).");
        assertThat(md).contains("- **warm**: 1 of 2 targets met; missed: W1 produce 1 KiB rec/s (0.90× vs ≥ 1.0×).");
        assertThat(md).contains("## Observations during the run\n\n- Kafka W7 cold: CPU s per process");
    }

    @Test
    void failoverHasATableOfItsOwnAndItsErrorIsShown() {
        List<Measurement> run = List.of(
                Measurement.of("FAILOVER", "Failover", Round.ONCE, BrokerKind.KAFKA,
                        Map.of(Metric.FAILOVER_PARTITION_MS, 9_100.0, Metric.ACK_GAP_MS, 9_050.0)),
                new Measurement("FAILOVER", "Failover", Round.ONCE, BrokerKind.SAMSA,
                        Map.of(Metric.ACK_GAP_MS, 60_000.0), "no failover within 60,000 ms"));
        String md = MarkdownReport.render(INFO, Comparison.rows(run), List.of(), List.of(), List.of(), List.of());
        assertThat(md).contains("### Leader failover (kill -9 of a partition leader)\n\n"
                + "| workload | metric | Kafka | Samsa | Samsa/Kafka |\n");
        assertThat(md).contains("| Failover | kill to first ack on the partition, ms | 9,100 |"
                + " n/a (error: no failover within 60,000 ms) |  |");
        assertThat(md).contains("|  | longest gap between acks (any partition), ms | 9,050 | 60,000 | 6.63× |");
        assertThat(md).contains("- **Failover, Samsa**: no failover within 60,000 ms");
        assertThat(md).doesNotContain("### Targets");
    }

    @Test
    void targetsOfTheIssues() {
        assertThat(Target.of("W6", Metric.TOPIC_CREATE_MS)).hasValue(new Target(1.0, false));
        assertThat(Target.of("W6", Metric.RECORDS_PER_SEC)).hasValue(new Target(1.0, true));
        assertThat(Target.of("W3", Metric.RECORDS_PER_SEC)).isEmpty();
        assertThat(Target.of("W7", Metric.RECORDS_PER_SEC)).hasValue(new Target(1.0, true));
        assertThat(Target.of("W7", Metric.CPU_S_PER_GB)).hasValue(new Target(0.6, false));
        assertThat(Target.of("W7", Metric.LATENCY_P99_MS)).hasValue(new Target(0.7, false));
        assertThat(Target.of("W7", Metric.PEAK_RSS_MB)).isEmpty();
        assertThat(Target.of("FAILOVER", Metric.FAILOVER_PARTITION_MS)).isEmpty();
    }

    @Test
    void chartsAreWrittenEvenWhenABrokerHasNoValue(@TempDir Path dir) throws Exception {
        List<Measurement> run = new ArrayList<>(COLD);
        run.add(Measurement.of("W1", "W1 produce 1 KiB", Round.WARM, BrokerKind.KAFKA,
                Map.of(Metric.RECORDS_PER_SEC, 150_000.0, Metric.MB_PER_SEC, 146.0)));
        run.add(Measurement.of("FAILOVER", "Failover", Round.ONCE, BrokerKind.KAFKA,
                Map.of(Metric.FAILOVER_PARTITION_MS, 9_100.0)));
        List<String> files = Charts.write(Comparison.rows(run), dir, "t");
        assertThat(files).contains("t-throughput.png", "t-cpu-per-gb.png", "t-ratios.png", "t-failover.png");
        for (String f : files) {
            assertThat(Files.size(dir.resolve(f))).isPositive();
        }
    }
}
