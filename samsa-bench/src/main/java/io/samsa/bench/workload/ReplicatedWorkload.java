package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerKind;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningCluster;
import io.samsa.bench.broker.ThreadCpu;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import io.samsa.bench.tool.ProduceSpec;
import io.samsa.bench.tool.ToolResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * W7 (issue 9): W1's records and producer settings (1 KiB, {@code acks=all}, {@code linger.ms=5},
 * {@code batch.size=131072}, unthrottled) against a cluster of three brokers on this machine: a topic of six
 * partitions with replication factor 3 and {@code min.insync.replicas=2}, leaders placed by the cluster. The
 * producer bootstraps from all three brokers. CPU is the sum over every process of the cluster (for Samsa, its
 * ZooKeeper too; Kafka's controllers run inside its combined nodes), peak RSS the sum of their peaks.
 */
final class ReplicatedWorkload implements Workload {
    static final String LABEL = "W7 3 brokers, RF 3, 1 KiB, acks=all";
    static final int BROKERS = 3;
    static final int REPLICATION_FACTOR = 3;
    static final Map<String, String> TOPIC_CONFIGS = Map.of("min.insync.replicas", "2");
    private static final String TOPIC = "w7";
    /** Thread groups named in the report's observations: enough to see where the CPU of a run goes. */
    private static final int TOP_THREADS = 8;

    @Override
    public String id() {
        return "W7";
    }

    @Override
    public List<String> labels() {
        return List.of(LABEL);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        ProduceSpec spec = ProduceWorkload.w1Spec(ctx.scale(), TOPIC);
        try (RunningCluster cluster = ctx.startCluster(launchers.cluster(), TOPIC, BROKERS)) {
            return Rounds.run(ctx, this, launchers.kind(), cluster::allAlive,
                    round -> measure(ctx, cluster, spec.withTopic(TOPIC + round.topicSuffix()), round));
        } finally {
            ctx.discardCluster(launchers.kind(), TOPIC);
        }
    }

    private List<Measurement> measure(BenchContext ctx, RunningCluster cluster, ProduceSpec spec, Round round)
            throws Exception {
        BrokerKind kind = cluster.kind();
        ReplicatedTopics.Layout layout = ReplicatedTopics.createAndAwait(cluster, spec.topic(), Workloads.PARTITIONS,
                REPLICATION_FACTOR, TOPIC_CONFIGS, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        if (!layout.balanced(cluster.ids())) {
            ctx.observe(kind.displayName() + " W7 " + round.label() + ": leaders are not spread evenly: "
                    + layout.byLeader(cluster.ids()) + " (partitions by leader)");
        }
        ctx.say("  " + kind.displayName() + ": producing " + spec.records() + " x " + spec.recordSize()
                + " B into " + spec.topic() + " (partitions by leader " + layout.byLeader(cluster.ids()) + ")");
        ThreadCpu threadsBefore = ThreadCpu.snapshot(cluster.pids());
        Map<String, Double> before = cluster.cpuSecondsByProcess();
        ToolResult result = ctx.tools().producerPerformance(cluster.bootstrap(), spec,
                ctx.log(spec.topic() + "-producer", kind), ctx.toolTimeoutMs(spec.payloadBytes()));
        Map<String, Double> after = cluster.cpuSecondsByProcess();
        Map<String, Double> threads = ThreadCpu.snapshot(cluster.pids()).since(threadsBefore, TOP_THREADS);
        double cpu = after.keySet().stream().mapToDouble(p -> after.get(p) - before.get(p)).sum();
        Map<Metric, Double> m = new EnumMap<>(ProduceMeasurement.metrics(result, spec, cpu));
        m.put(Metric.PEAK_RSS_MB, cluster.peakRssBytes() / ProduceMeasurement.BYTES_PER_MB);
        ctx.observe(kind.displayName() + " W7 " + round.label() + ": CPU s per process over the measured run: "
                + after.keySet().stream().map(p -> String.format(Locale.ROOT, "%s %.1f", p,
                        after.get(p) - before.get(p))).collect(Collectors.joining(", "))
                + "; partitions by leader " + layout.byLeader(cluster.ids()) + "; busiest threads (all processes,"
                + " CPU s): " + threads.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f",
                        e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
        return List.of(Measurement.of(id(), LABEL, round, kind, m));
    }
}
