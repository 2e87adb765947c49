package io.samsa.bench.report;

import io.samsa.bench.broker.BrokerKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * PNG bar charts of a run, drawn with XChart: one per headline metric (Kafka and Samsa side by side for every
 * workload part, and round, that has it), and the Samsa/Kafka ratio of every figure that has a target next to that
 * target (W6 in a chart of its own, the other workloads in one). When a run has warm rounds, each category names
 * its round. A part that was not measured on a broker has no bar for it.
 */
public final class Charts {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 650;

    private record Spec(String name, Metric metric, String title) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("throughput", Metric.MB_PER_SEC, "Throughput (MB/s of record payload, higher is better)"),
            new Spec("cpu-per-gb", Metric.CPU_S_PER_GB, "Broker CPU seconds per GB moved (lower is better)"),
            new Spec("latency-p99", Metric.LATENCY_P99_MS, "Latency p99, ms (lower is better)"),
            new Spec("peak-rss", Metric.PEAK_RSS_MB, "Broker peak RSS, MB (lower is better)"),
            new Spec("topic-creation", Metric.TOPIC_CREATE_MS, "W6 topic creation, ms (lower is better)"),
            new Spec("topic-writable", Metric.TOPIC_WRITABLE_MS,
                    "W6 topic creation until every partition took a write, ms (lower is better)"),
            new Spec("metadata", Metric.METADATA_P50_MS, "W6 metadata response p50, ms (lower is better)"),
            new Spec("failover", Metric.FAILOVER_PARTITION_MS,
                    "Leader failover: kill -9 until the partition's first acknowledgement, ms (lower is better)"));

    private Charts() {
    }

    /** Writes {@code <prefix>-<chart>.png} files into {@code dir}; returns their file names. */
    public static List<String> write(List<ComparisonRow> rows, Path dir, String prefix) throws IOException {
        List<String> written = new ArrayList<>();
        boolean rounds = rows.stream().anyMatch(r -> r.round() == Round.WARM);
        for (Spec spec : SPECS) {
            List<String> labels = new ArrayList<>();
            List<Double> kafka = new ArrayList<>();
            List<Double> samsa = new ArrayList<>();
            for (ComparisonRow r : rows) {
                if (r.metric() == spec.metric() && (r.kafka() != null || r.samsa() != null)) {
                    labels.add(category(r, rounds));
                    kafka.add(r.kafka());
                    samsa.add(r.samsa());
                }
            }
            if (labels.isEmpty()) {
                continue;
            }
            CategoryChart chart = chart(spec.title(), spec.metric().label());
            chart.addSeries(BrokerKind.KAFKA.displayName(), labels, kafka);
            chart.addSeries(BrokerKind.SAMSA.displayName(), labels, samsa);
            written.add(save(chart, dir, prefix + "-" + spec.name()));
        }
        writeRatios(rows, false, rounds, dir, prefix + "-ratios", written);
        writeRatios(rows, true, rounds, dir, prefix + "-ratios-w6", written);
        return written;
    }

    private static String category(ComparisonRow r, boolean rounds) {
        return rounds && r.round() != Round.ONCE ? r.label() + " (" + r.round().label() + ")" : r.label();
    }

    /** Samsa/Kafka next to the target for every targeted figure, W6 apart (it has many). */
    private static void writeRatios(List<ComparisonRow> rows, boolean w6, boolean rounds, Path dir, String name,
                                    List<String> written) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (ComparisonRow r : rows) {
            if (r.workloadId().equals("W6") == w6 && r.target().isPresent() && r.ratio().isPresent()) {
                labels.add(category(r, rounds) + ": " + r.metric().shortLabel());
                ratios.add(r.ratio().get());
                targets.add(r.target().get().ratio());
            }
        }
        if (labels.isEmpty()) {
            return;
        }
        CategoryChart chart = chart("Samsa/Kafka next to the issues' targets" + (w6 ? " (W6)" : "")
                + ": throughput at least the target; CPU, latency, times at most", "Samsa / Kafka",
                Math.max(WIDTH, 90 * labels.size()));
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("Samsa/Kafka", labels, ratios);
        chart.addSeries("target", labels, targets);
        written.add(save(chart, dir, name));
    }

    private static CategoryChart chart(String title, String yTitle) {
        return chart(title, yTitle, WIDTH);
    }

    private static CategoryChart chart(String title, String yTitle, int width) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT).title(title)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        return chart;
    }

    private static String save(CategoryChart chart, Path dir, String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name + ".png";
    }
}
