package io.samsa.bench;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerSettings;
import io.samsa.bench.jmh.JmhSuite;
import io.samsa.bench.report.Charts;
import io.samsa.bench.report.Comparison;
import io.samsa.bench.report.ComparisonRow;
import io.samsa.bench.report.JmhRow;
import io.samsa.bench.report.MarkdownReport;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.RunInfo;
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
 * One invocation: every selected workload on Kafka and then on Samsa (never both at once), then the JMH suite,
 * then the report. A workload that fails on a broker is reported as "n/a (error: ...)" and the run goes on.
 *
 * <p>Single-threaded.
 */
final class BenchRun {
    private final BenchOptions options;
    private final BenchContext ctx;
    private final Map<BrokerKind, BrokerLauncher> launchers;
    private final BrokerSettings settings;
    private final Supplier<RunInfo> info;

    /** @param info describes the run; asked for once the run is over */
    BenchRun(BenchOptions options, BenchContext ctx, Map<BrokerKind, BrokerLauncher> launchers,
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

    private List<Measurement> runOne(Workload w, BrokerLauncher launcher) {
        ctx.say("[" + w.id() + "] " + String.join(", ", w.labels()) + " on " + launcher.kind().displayName());
        List<Measurement> result;
        try {
            result = w.run(ctx, launcher);
        } catch (Exception e) {
            String why = e instanceof io.samsa.bench.workload.WorkloadException ? e.getMessage() : e.toString();
            result = new ArrayList<>();
            for (String label : w.labels()) {
                result.add(Measurement.failed(w.id(), label, launcher.kind(), why));
            }
        }
        for (Measurement m : result) {
            ctx.say("  " + summary(m));
        }
        return result;
    }

    private static String summary(Measurement m) {
        StringBuilder sb = new StringBuilder(m.broker().displayName()).append(" ").append(m.label()).append(": ");
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
        String md = MarkdownReport.render(run, rows, jmh, charts, notes());
        Path report = options.outDir().resolve(base + ".md");
        Files.writeString(report, md, StandardCharsets.UTF_8);
        return report;
    }

    private List<String> notes() {
        return List.of(
                "Every workload part runs on a freshly started broker process: Kafka first, then Samsa, never both"
                        + " at once; clients and brokers share this machine and talk over 127.0.0.1.",
                "Samsa/Kafka is Samsa's figure divided by Kafka's. \"target\" is issue 4's bound on that ratio"
                        + " (≥ for throughput, ≤ for CPU, latency and times); \"met\" says whether this run meets it.",
                "records/s, MB/s and producer latencies are what ProducerPerformance prints (latency from send() to"
                        + " the acknowledgement, acks=all; percentiles in whole ms); MB = 2^20 bytes of record payload."
                        + " W4's figures are ConsumerPerformance's; \"excluding group join\" is its fetch.MB.sec.",
                "broker CPU s per GB = (utime + stime of the broker process, from /proc/<pid>/stat, over the tool's"
                        + " run) / (payload bytes moved / 10^9). Payload is records x record size, uncompressed"
                        + " (W3 too), or the bytes ConsumerPerformance read (W4). Samsa's process includes its"
                        + " embedded, idle ZooKeeper.",
                "broker peak RSS = VmHWM from /proc/<pid>/status at the end of the part: the process's peak"
                        + " since it started, start-up included (heap " + String.join(" ", settings.jvmOptions())
                        + " for both; RSS grows as the heap is touched).",
                "W4 restarts the broker on W1's log (written earlier in the run) and reads it all with a new"
                        + " consumer group; the data is in the page cache for both brokers.",
                "W5's producer row is ProducerPerformance throttled to 20,000 records/s of 1 KiB for "
                        + options.scale().latencySeconds() + " s, after an unmeasured "
                        + options.scale().latencyWarmUpSeconds() + " s warm-up at the same rate; the probe row is"
                        + " EndToEndLatency (one record at a time: send, ack, fetched by its consumer) running at"
                        + " the same time on its own one-partition topic. Other parts have no warm-up: both JVMs"
                        + " start cold, which weighs on short (quick) runs.",
                "W6: topic creation = CreateTopics until a Metadata response shows a leader for every partition"
                        + " (polled every 50 ms); above 5,000 partitions the topic is created with 5,000 and grown"
                        + " with CreatePartitions in steps of 5,000, on both brokers, because Kafka's controller"
                        + " refuses one operation of more than 10,000 metadata records; topic writable = from the"
                        + " same request until one record sent to each partition (acks=all) is acknowledged;"
                        + " metadata response = a Metadata request for that topic on a bare"
                        + " connection (write to last byte read), " + options.scale().metadataSamples()
                        + " samples; then W1's records and settings spread over all partitions.",
                options.scale().name().equals("quick")
                        ? "This is a quick run (record counts / 20, W5 10 s): a functional check, not a verdict;"
                        + " short runs on a shared 2-core machine are noisy."
                        : "Full run: the issue's record counts.");
    }
}
