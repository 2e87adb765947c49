package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import io.samsa.bench.tool.EndToEndLatencyResult;
import io.samsa.bench.tool.ProduceSpec;
import io.samsa.bench.tool.ToolResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * W5: latency under a steady load. ProducerPerformance sends 1 KiB records with W1's settings, throttled to
 * 20,000 records/s for 60 s (10 s in a quick run), and reports send-to-acknowledgement latency. While it runs,
 * EndToEndLatency sends probe records one at a time to a one-partition topic and times each until its consumer
 * has fetched it: produce, acknowledgement and fetch, under that same load. Both run after a warm-up at the
 * same rate (see {@link #warmUp}), in the cold round as in the warm one (which uses new topics).
 */
final class LatencyWorkload implements Workload {
    static final String PRODUCER_LABEL = "W5 producer at 20,000 rec/s";
    static final String PROBE_LABEL = "W5 end-to-end probe under load";
    private static final int RATE = 20_000;
    private static final String TOPIC = "w5";
    private static final String PROBE_TOPIC = "w5-probe";
    private static final String WARM_UP_TOPIC = "w5-warmup";
    /** The load runs this long before the probe starts, so the probe sees the steady state. */
    private static final long PROBE_DELAY_MS = 2_000;

    @Override
    public String id() {
        return "W5";
    }

    @Override
    public List<String> labels() {
        return List.of(PRODUCER_LABEL, PROBE_LABEL);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        BrokerLauncher launcher = launchers.broker();
        BrokerNode node = ctx.newNode(launcher, TOPIC);
        try (RunningBroker broker = ctx.start(launcher, node, TOPIC)) {
            return Rounds.run(ctx, this, launcher.kind(), broker::isAlive, round -> measure(ctx, broker, round));
        } finally {
            ctx.discard(node);
        }
    }

    private List<Measurement> measure(BenchContext ctx, RunningBroker broker, Round round) throws Exception {
        int seconds = ctx.scale().latencySeconds();
        String suffix = round.topicSuffix();
        BrokerKind kind = broker.kind();
        ProduceSpec spec = new ProduceSpec(TOPIC + suffix, (long) RATE * seconds, Workloads.W1_RECORD_SIZE, RATE,
                ProduceMeasurement.w1ProducerProps());
        String probeTopic = PROBE_TOPIC + suffix;
        Topics.createAndAwait(broker, spec.topic(), Workloads.PARTITIONS, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        Topics.createAndAwait(broker, probeTopic, 1, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        warmUp(ctx, broker, spec, suffix);
        ctx.say("  " + kind.displayName() + ": " + RATE + " records/s for " + seconds + " s, with "
                + ctx.scale().latencyProbes() + " end-to-end probes");
        double cpuBefore = broker.cpuSeconds();
        long startMs = ctx.time().milliseconds();
        java.nio.file.Path producerLog = ctx.log("w5-producer" + suffix, kind);
        Process producer = ctx.tools().startProducerPerformance(broker.bootstrap(), spec, producerLog);
        long loadTimeoutMs = seconds * 1000L + ctx.toolTimeoutMs(0);
        ToolResult probe = null;
        String probeError = "the load producer exited before the probe started";
        try {
            if (!producer.waitFor(PROBE_DELAY_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                probe = ctx.tools().endToEndLatency(broker.bootstrap(), probeTopic,
                        ctx.scale().latencyProbes(), Workloads.W1_RECORD_SIZE,
                        ctx.log("w5-probe" + suffix, kind), loadTimeoutMs);
            }
        } catch (java.io.IOException | RuntimeException e) {
            probeError = "EndToEndLatency did not run: " + e;
        }
        // Always reaped: the producer is bounded by its own time limit whatever happened to the probe.
        ToolResult load = ctx.tools().jvm().await(producer, producerLog, startMs, loadTimeoutMs);
        double cpuSeconds = broker.cpuSeconds() - cpuBefore;
        List<Measurement> out = new ArrayList<>();
        try {
            Map<Metric, Double> m = new EnumMap<>(ProduceMeasurement.metrics(load, spec, cpuSeconds));
            m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
            out.add(Measurement.of(id(), PRODUCER_LABEL, round, kind, m));
        } catch (WorkloadException e) {
            out.add(Measurement.failed(id(), PRODUCER_LABEL, round, kind, e.getMessage()));
        }
        out.add(probeMeasurement(kind, round, probe, probeError));
        return out;
    }

    /**
     * The same load on another topic, not measured, so the measured minute starts on a broker whose hot paths
     * are compiled: at 20,000 records/s the first second alone is 1.7% of the records, enough to move p99.
     */
    private void warmUp(BenchContext ctx, RunningBroker broker, ProduceSpec spec, String suffix) throws Exception {
        int seconds = ctx.scale().latencyWarmUpSeconds();
        ctx.say("  " + broker.kind().displayName() + ": warming up for " + seconds + " s (not measured)");
        String topic = WARM_UP_TOPIC + suffix;
        Topics.createAndAwait(broker, topic, Workloads.PARTITIONS, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        ProduceSpec warm = new ProduceSpec(topic, (long) RATE * seconds, spec.recordSize(), RATE,
                spec.producerProps());
        ToolResult r = ctx.tools().producerPerformance(broker.bootstrap(), warm,
                ctx.log("w5-warmup-producer" + suffix, broker.kind()), seconds * 1000L + ctx.toolTimeoutMs(0));
        if (!r.succeeded()) {
            throw new WorkloadException("warm-up ProducerPerformance: " + r.failureReason());
        }
    }

    private Measurement probeMeasurement(BrokerKind kind, Round round, ToolResult probe, String whyNoProbe) {
        if (probe == null) {
            return Measurement.failed(id(), PROBE_LABEL, round, kind, whyNoProbe);
        }
        if (!probe.succeeded()) {
            return Measurement.failed(id(), PROBE_LABEL, round, kind, "EndToEndLatency: " + probe.failureReason());
        }
        EndToEndLatencyResult r = EndToEndLatencyResult.parse(probe.output());
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.LATENCY_AVG_MS, r.avgMs());
        m.put(Metric.LATENCY_P50_MS, r.p50Ms());
        m.put(Metric.LATENCY_P99_MS, r.p99Ms());
        m.put(Metric.LATENCY_P999_MS, r.p999Ms());
        return Measurement.of(id(), PROBE_LABEL, round, kind, m);
    }
}
