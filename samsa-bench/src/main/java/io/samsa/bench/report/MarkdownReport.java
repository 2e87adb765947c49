package io.samsa.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a run as Markdown: how it was run, one table comparing every metric of every workload part
 * (Kafka, Samsa, Samsa/Kafka, the target and whether it is met), the charts, the JMH results and the
 * full text of any failure.
 */
public final class MarkdownReport {
    private static final int MAX_CELL_ERROR = 160;

    private MarkdownReport() {
    }

    public static String render(RunInfo info, List<ComparisonRow> rows, List<JmhRow> jmh, List<String> charts,
                                List<String> notes) {
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
        appendTable(md, rows);
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

    private static void appendTable(StringBuilder md, List<ComparisonRow> rows) {
        md.append("| workload | metric | Kafka | Samsa | Samsa/Kafka | target | met |\n");
        md.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        String lastLabel = null;
        for (ComparisonRow r : rows) {
            boolean first = !r.label().equals(lastLabel);
            lastLabel = r.label();
            md.append("| ").append(first ? r.label() : "").append(" | ")
                    .append(r.metric() == null ? "" : r.metric().label()).append(" | ")
                    .append(cell(r, r.kafka(), r.kafkaError(), first)).append(" | ")
                    .append(cell(r, r.samsa(), r.samsaError(), first)).append(" | ")
                    .append(r.ratio().map(x -> String.format(Locale.ROOT, "%.2f×", x)).orElse("")).append(" | ")
                    .append(r.target().map(Target::toString).orElse("")).append(" | ")
                    .append(r.targetMet()).append(" |\n");
        }
    }

    private static String cell(ComparisonRow r, Double value, String error, boolean firstOfLabel) {
        if (value != null) {
            return r.metric().format(value);
        }
        if (error != null && firstOfLabel) {
            return "n/a (error: " + escape(abbreviate(error)) + ")";
        }
        return "n/a";
    }

    private static void appendFailures(StringBuilder md, List<ComparisonRow> rows) {
        StringBuilder failures = new StringBuilder();
        String lastLabel = null;
        for (ComparisonRow r : rows) {
            if (r.label().equals(lastLabel)) {
                continue;
            }
            lastLabel = r.label();
            failure(r, "Kafka", Optional.ofNullable(r.kafkaError()), failures);
            failure(r, "Samsa", Optional.ofNullable(r.samsaError()), failures);
        }
        if (failures.length() > 0) {
            md.append("\n## Failures\n\n").append(failures);
        }
    }

    private static void failure(ComparisonRow r, String broker, Optional<String> error, StringBuilder out) {
        error.ifPresent(e -> out.append("- **").append(r.label()).append(", ").append(broker).append("**: ")
                .append(escape(e).replace("\n", " ")).append('\n'));
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= MAX_CELL_ERROR ? one : one.substring(0, MAX_CELL_ERROR - 3) + "...";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
