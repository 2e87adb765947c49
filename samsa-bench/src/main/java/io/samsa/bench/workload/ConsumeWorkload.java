package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import io.samsa.bench.tool.ConsumerPerfResult;
import io.samsa.bench.tool.ProduceSpec;
import io.samsa.bench.tool.ToolResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * W4: ConsumerPerformance reads everything W1 wrote, from the beginning, as the only member of a new consumer
 * group. It reads W1's own log when W1 ran earlier in the same invocation, else it first writes W1's records
 * itself (not measured). Either way the broker is restarted on that log before the measurement, so its peak RSS
 * and CPU are the consumption's alone; the data is still in the page cache, as it would be for a consumer that
 * keeps up. The warm round reads the same records again on the same broker process, as a second new group.
 */
final class ConsumeWorkload implements Workload {
    static final String LABEL = "W4 consume W1 (group)";
    private static final String GROUP = "samsa-bench-w4";
    /** ConsumerPerformance's {@code --timeout}: the longest gap between records before it gives up. */
    private static final long IDLE_TIMEOUT_MS = 30_000;

    @Override
    public String id() {
        return "W4";
    }

    @Override
    public List<String> labels() {
        return List.of(LABEL);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        BrokerLauncher launcher = launchers.broker();
        ProduceSpec w1 = ProduceWorkload.w1Spec(ctx.scale(), ProduceWorkload.W1_TOPIC);
        Optional<BrokerNode> kept = ctx.takeW1(launcher.kind());
        BrokerNode node = kept.isPresent() ? kept.get() : ctx.newNode(launcher, "w4");
        try {
            if (kept.isEmpty()) {
                try (RunningBroker broker = ctx.start(launcher, node, "w4-setup")) {
                    Topics.createAndAwait(broker, w1.topic(), Workloads.PARTITIONS, ctx.time(),
                            Workloads.TOPIC_TIMEOUT_MS);
                    ctx.say("  " + launcher.kind().displayName() + ": writing W1's records to consume (not measured)");
                    ToolResult setup = ctx.tools().producerPerformance(broker.bootstrap(), w1,
                            ctx.log("w4-setup-producer", launcher.kind()), ctx.toolTimeoutMs(w1.payloadBytes()));
                    if (!setup.succeeded()) {
                        throw new WorkloadException("writing W1's records failed: " + setup.failureReason());
                    }
                }
            }
            try (RunningBroker broker = ctx.start(launcher, node, "w4")) {
                return Rounds.run(ctx, this, launcher.kind(), broker::isAlive, round -> measure(ctx, broker, w1, round));
            }
        } finally {
            ctx.discard(node);
        }
    }

    private List<Measurement> measure(BenchContext ctx, RunningBroker broker, ProduceSpec w1, Round round)
            throws Exception {
        String group = GROUP + round.topicSuffix();
        ctx.say("  " + broker.kind().displayName() + ": consuming " + w1.records() + " records as group " + group);
        double cpuBefore = broker.cpuSeconds();
        ToolResult result = ctx.tools().consumerPerformance(broker.bootstrap(), w1.topic(), w1.records(),
                group, IDLE_TIMEOUT_MS, ctx.log("w4-consumer" + round.topicSuffix(), broker.kind()),
                ctx.toolTimeoutMs(w1.payloadBytes()));
        double cpuSeconds = broker.cpuSeconds() - cpuBefore;
        if (!result.succeeded()) {
            throw new WorkloadException("ConsumerPerformance: " + result.failureReason());
        }
        ConsumerPerfResult perf = ConsumerPerfResult.parse(result.output());
        if (!perf.complete() || perf.records() != w1.records()) {
            throw new WorkloadException("ConsumerPerformance read " + perf.records() + " of " + w1.records()
                    + " records before its " + IDLE_TIMEOUT_MS + " ms idle timeout; see " + result.log());
        }
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.RECORDS_PER_SEC, perf.recordsPerSec());
        m.put(Metric.MB_PER_SEC, perf.mbPerSec());
        m.put(Metric.FETCH_MB_PER_SEC, perf.fetchMbPerSec());
        m.put(Metric.GROUP_JOIN_MS, (double) perf.rebalanceMs());
        double bytes = perf.mb() * ProduceMeasurement.BYTES_PER_MB;
        m.put(Metric.CPU_S_PER_GB, cpuSeconds / (bytes / ProduceMeasurement.BYTES_PER_GB));
        m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
        return List.of(Measurement.of(id(), LABEL, round, broker.kind(), m));
    }
}
