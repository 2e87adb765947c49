package io.samsa.bench.workload;

import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Metric;
import io.samsa.bench.tool.ProduceSpec;
import io.samsa.bench.tool.ProducerPerfResult;
import io.samsa.bench.tool.ToolResult;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs ProducerPerformance against a broker and turns its summary and the broker's CPU time over the run into
 * metrics. Stateless.
 */
final class ProduceMeasurement {
    static final double BYTES_PER_GB = 1e9;
    static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private ProduceMeasurement() {
    }

    /** The producer settings of W1, shared by every produce workload. */
    static Map<String, String> w1ProducerProps() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("batch.size", "131072");
        return p;
    }

    static Map<Metric, Double> run(BenchContext ctx, RunningBroker broker, ProduceSpec spec, String logName)
            throws IOException, WorkloadException {
        return run(ctx, broker, broker.bootstrap(), spec, logName);
    }

    /** As {@link #run(BenchContext, RunningBroker, ProduceSpec, String)}, bootstrapping on {@code bootstrap}. */
    static Map<Metric, Double> run(BenchContext ctx, RunningBroker broker, String bootstrap, ProduceSpec spec,
                                   String logName) throws IOException, WorkloadException {
        double cpuBefore = broker.cpuSeconds();
        ToolResult result = ctx.tools().producerPerformance(bootstrap, spec, ctx.log(logName, broker.kind()),
                ctx.toolTimeoutMs(spec.payloadBytes()));
        double cpuAfter = broker.cpuSeconds();
        return metrics(result, spec, cpuAfter - cpuBefore);
    }

    /** Metrics from a finished ProducerPerformance run that used {@code cpuSeconds} of broker CPU. */
    static Map<Metric, Double> metrics(ToolResult result, ProduceSpec spec, double cpuSeconds)
            throws WorkloadException {
        if (!result.succeeded()) {
            throw new WorkloadException("ProducerPerformance: " + result.failureReason());
        }
        ProducerPerfResult perf = ProducerPerfResult.parse(result.output());
        if (perf.records() != spec.records()) {
            throw new WorkloadException("ProducerPerformance sent " + perf.records() + " of " + spec.records()
                    + " records; see " + result.log());
        }
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.RECORDS_PER_SEC, perf.recordsPerSec());
        m.put(Metric.MB_PER_SEC, perf.mbPerSec());
        m.put(Metric.LATENCY_AVG_MS, perf.avgLatencyMs());
        m.put(Metric.LATENCY_P50_MS, perf.p50Ms());
        m.put(Metric.LATENCY_P99_MS, perf.p99Ms());
        m.put(Metric.LATENCY_P999_MS, perf.p999Ms());
        m.put(Metric.LATENCY_MAX_MS, perf.maxLatencyMs());
        m.put(Metric.CPU_S_PER_GB, cpuSeconds / (spec.payloadBytes() / BYTES_PER_GB));
        return m;
    }

    static double peakRssMb(RunningBroker broker) {
        return broker.peakRssBytes() / BYTES_PER_MB;
    }
}
