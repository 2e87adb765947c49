package io.samsa.bench;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.BrokerSettings;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.jmh.JmhSuite;
import io.samsa.bench.report.Charts;
import io.samsa.bench.report.Comparison;
import io.samsa.bench.report.ComparisonRow;
import io.samsa.bench.report.JmhRow;
import io.samsa.bench.report.MarkdownReport;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Round;
import io.samsa.bench.report.RunInfo;
import io.samsa.bench.report.TlsCost;
import io.samsa.bench.workload.BenchContext;
import io.samsa.bench.workload.Workload;
import io.samsa.bench.workload.Workloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One invocation: every selected workload on Kafka and then on Samsa (never both at once), each in its cold and
 * warm rounds, then the JMH suite, then the report. A workload that fails on a broker is reported as
 * "n/a (error: ...)" and the run goes on.
 *
 * <p>Single-threaded.
 */
final class BenchRun {
    private final BenchOptions options;
    private final BenchContext ctx;
    private final Map<BrokerKind, Launchers> launchers;
    private final BrokerSettings settings;
    private final Supplier<RunInfo> info;

    /** @param info describes the run; asked for once the run is over */
    BenchRun(BenchOptions options, BenchContext ctx, Map<BrokerKind, Launchers> launchers,
             BrokerSettings settings, Supplier<RunInfo> info) {
        this.options = options;
        this.ctx = ctx;
        this.launchers = launchers;
        this.settings = settings;
        this.info = info;
    }

    /** Runs everything and returns the report's path. */
    Path run() throws IOException {
        List<Workload> workloads = Workloads.select(options.workloads());
        ctx.setRetainW1(options.workloads().contains("W1") && options.workloads().contains("W4"));
        List<Measurement> measurements = new ArrayList<>();
        try {
            for (Workload w : workloads) {
                for (BrokerKind kind : BrokerKind.values()) {
                    measurements.addAll(runOne(w, launchers.get(kind)));
                }
            }
        } finally {
            ctx.discardRetained();
        }
        TlsCost.lines(measurements).forEach(ctx::observe);
        List<JmhRow> jmh = List.of();
        if (options.jmh()) {
            ctx.say("[JMH] micro-benchmarks (" + options.scale().name() + ")");
            try {
                jmh = JmhSuite.run(options.scale().name().equals("quick"), settings.jvmOptions());
            } catch (Exception e) {
                ctx.say("  JMH failed: " + e);
                jmh = List.of(new JmhRow("JMH failed: " + e.getMessage(), "", "", Double.NaN, Double.NaN, ""));
            }
        }
        return write(measurements, jmh);
    }

    private List<Measurement> runOne(Workload w, Launchers launcher) {
        ctx.say("[" + w.id() + "] " + String.join(", ", w.labels()) + " on " + launcher.kind().displayName());
        long startMs = ctx.time().milliseconds();
        List<Measurement> result;
        try {
            result = w.run(ctx, launcher);
        } catch (Exception e) {
            String why = e instanceof io.samsa.bench.workload.WorkloadException ? e.getMessage() : e.toString();
            result = new ArrayList<>();
            for (Round round : w.rounds(ctx)) {
                for (String label : w.labels()) {
                    result.add(Measurement.failed(w.id(), label, round, launcher.kind(), why));
                }
            }
        }
        ctx.say("  (" + w.id() + " on " + launcher.kind().displayName() + " took "
                + (ctx.time().milliseconds() - startMs) / 1000 + " s)");
        for (Measurement m : result) {
            ctx.say("  " + summary(m));
        }
        return result;
    }

    private static String summary(Measurement m) {
        StringBuilder sb = new StringBuilder(m.broker().displayName()).append(" ").append(m.label())
                .append(m.round() == Round.ONCE ? "" : " (" + m.round().label() + ")").append(": ");
        m.values().forEach((metric, v) -> sb.append(metric.label()).append(' ').append(metric.format(v))
                .append("; "));
        if (m.failed()) {
            sb.append("n/a (error: ").append(m.error()).append(")");
        }
        return sb.toString();
    }

    private Path write(List<Measurement> measurements, List<JmhRow> jmh) throws IOException {
        Files.createDirectories(options.outDir());
        RunInfo run = info.get();
        String base = run.date() + (options.scale().name().equals("quick") ? "-quick" : "");
        List<ComparisonRow> rows = Comparison.rows(measurements);
        List<String> charts = rows.isEmpty() ? List.of() : Charts.write(rows, options.outDir(), base);
        String md = MarkdownReport.render(run, rows, jmh, charts, ReportNotes.of(options, settings),
                ctx.observations());
        Path report = options.outDir().resolve(base + ".md");
        Files.writeString(report, md, StandardCharsets.UTF_8);
        return report;
    }
}
