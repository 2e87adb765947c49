package io.samsa.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a run as Markdown: how it was run, the results table (Kafka, Samsa, Samsa/Kafka for the cold and the
 * warm round, the target and whether each round meets it), which targets hold in each round, what the
 * harness observed along the way, the charts, the JMH results and the full text of any failure.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /**
     * @param notes        how to read the figures
     * @param observations facts noted while running (leader placement, CPU split per process, failover details)
     */
    public static String render(RunInfo info, List<ComparisonRow> rows, List<JmhRow> jmh, List<String> charts,
                                List<String> notes, List<String> observations) {
        StringBuilder md = new StringBuilder();
        md.append("# Samsa vs Apache Kafka — ").append(info.date()).append(" (").append(info.mode())
                .append(" run)\n\n");
        md.append("Command: `").append(info.command()).append("`\n\n");
        md.append("## Environment\n\n");
        info.environment().forEach(l -> md.append("- ").append(l).append('\n'));
        md.append("\n## Settings (identical for both brokers)\n\n");
        info.settings().forEach(l -> md.append("- ").append(l).append('\n'));
        md.append("\n## How to read this\n\n");
        notes.forEach(l -> md.append("- ").append(l).append('\n'));
        md.append("\n## Results\n\n");
        ResultsTable.append(md, rows);
        TargetSummary.append(md, rows);
        if (!observations.isEmpty()) {
            md.append("\n## Observations during the run\n\n");
            observations.forEach(l -> md.append("- ").append(ResultsTable.escape(l)).append('\n'));
        }
        if (!charts.isEmpty()) {
            md.append("\n## Charts\n\n");
            for (String chart : charts) {
                md.append("![").append(chart).append("](").append(chart).append(")\n\n");
            }
        }
        if (!jmh.isEmpty()) {
            md.append("\n## JMH micro-benchmarks (Samsa's hot paths)\n\n");
            md.append("| benchmark | params | mode | score | ± (99.9%) | unit |\n");
            md.append("| --- | --- | --- | ---: | ---: | --- |\n");
            for (JmhRow r : jmh) {
                md.append("| ").append(r.benchmark()).append(" | ").append(r.params()).append(" | ").append(r.mode())
                        .append(" | ").append(String.format(Locale.ROOT, "%,.3f", r.score())).append(" | ")
                        .append(Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, "%,.3f", r.error()))
                        .append(" | ").append(r.unit()).append(" |\n");
            }
        }
        appendFailures(md, rows);
        md.append("\nBroker and tool logs: `").append(info.logDir()).append("`\n");
        return md.toString();
    }

    private static void appendFailures(StringBuilder md, List<ComparisonRow> rows) {
        StringBuilder failures = new StringBuilder();
        String last = null;
        for (ComparisonRow r : rows) {
            String part = r.label() + " " + r.round();
            if (part.equals(last)) {
                continue;
            }
            last = part;
            failure(r, "Kafka", Optional.ofNullable(r.kafkaError()), failures);
            failure(r, "Samsa", Optional.ofNullable(r.samsaError()), failures);
        }
        if (failures.length() > 0) {
            md.append("\n## Failures\n\n").append(failures);
        }
    }

    private static void failure(ComparisonRow r, String broker, Optional<String> error, StringBuilder out) {
        String round = r.round() == Round.ONCE ? "" : " (" + r.round().label() + ")";
        error.ifPresent(e -> out.append("- **").append(r.label()).append(round).append(", ").append(broker)
                .append("**: ").append(ResultsTable.escape(e).replace("\n", " ")).append('\n'));
    }
}
