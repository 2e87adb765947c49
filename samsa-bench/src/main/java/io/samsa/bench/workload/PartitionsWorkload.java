package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.tool.ProduceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * W6: one topic with many partitions on a fresh broker. Measures
 * <ul>
 *   <li>topic creation: from the CreateTopics request until a Metadata response shows a leader for every
 *       partition (polled every 50 ms); a one-partition topic is created first so the broker's own start-up
 *       work is not counted;</li>
 *   <li>topic writable: from the same request until one record sent to every partition is acknowledged
 *       ({@link Topics#awaitWritable});</li>
 *   <li>metadata response time: Metadata requests for the topic on a bare connection
 *       ({@link MetadataProbe}), median and maximum;</li>
 *   <li>W1 spread over all the partitions (same records and producer settings as W1).</li>
 * </ul>
 * Whatever was measured before a failure is kept; the failure is reported with it.
 */
final class PartitionsWorkload implements Workload {
    private static final long CREATE_TIMEOUT_MS = 600_000;

    private final int partitions;
    private final String label;

    PartitionsWorkload(int partitions) {
        this.partitions = partitions;
        this.label = String.format(Locale.ROOT, "W6 %,d partitions", partitions);
    }

    @Override
    public String id() {
        return "W6";
    }

    @Override
    public List<String> labels() {
        return List.of(label);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, BrokerLauncher launcher) throws Exception {
        String topic = "w6-" + partitions;
        BrokerNode node = ctx.newNode(launcher, topic);
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        try (RunningBroker broker = ctx.start(launcher, node, topic)) {
            try {
                Topics.createAndAwait(broker, "w6-warmup", 1, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
                ctx.say("  " + launcher.kind().displayName() + ": creating " + label);
                Topics.Creation creation = Topics.createAndAwait(broker, topic, partitions, ctx.time(),
                        CREATE_TIMEOUT_MS);
                m.put(Metric.TOPIC_CREATE_MS, creation.leadersMs());
                m.put(Metric.TOPIC_WRITABLE_MS, Topics.awaitWritable(broker, topic, partitions, creation, ctx.time(),
                        CREATE_TIMEOUT_MS));
                timeMetadata(ctx, broker, topic, m);
                ProduceSpec spec = ProduceWorkload.w1Spec(ctx.scale(), topic);
                ctx.say("  " + launcher.kind().displayName() + ": producing " + spec.records() + " x "
                        + spec.recordSize() + " B over " + partitions + " partitions");
                m.putAll(ProduceMeasurement.run(ctx, broker, spec, topic + "-producer"));
                m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
                return List.of(Measurement.of(id(), label, launcher.kind(), m));
            } catch (WorkloadException | RuntimeException e) {
                if (broker.isAlive()) {
                    m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
                }
                String why = e instanceof WorkloadException ? e.getMessage() : e.toString();
                return List.of(new Measurement(id(), label, launcher.kind(), m, why));
            }
        } finally {
            ctx.discard(node);
        }
    }

    private void timeMetadata(BenchContext ctx, RunningBroker broker, String topic, Map<Metric, Double> m)
            throws java.io.IOException, WorkloadException {
        int samples = ctx.scale().metadataSamples();
        double[] ms = new double[samples];
        try (MetadataProbe probe = new MetadataProbe("127.0.0.1", broker.node().port(), ctx.time())) {
            for (int i = 0; i < samples; i++) {
                MetadataProbe.Timed t = probe.metadata(List.of(topic));
                String problem = Topics.readiness(t.response(), topic, partitions);
                if (problem != null) {
                    throw new WorkloadException("Metadata for " + topic + ": " + problem);
                }
                ms[i] = t.millis();
            }
        }
        Arrays.sort(ms);
        m.put(Metric.METADATA_P50_MS, ms[samples / 2]);
        m.put(Metric.METADATA_MAX_MS, ms[samples - 1]);
    }

    /** The two W6 sizes of the issue. */
    static List<Workload> both() {
        List<Workload> w = new ArrayList<>();
        w.add(new PartitionsWorkload(1_000));
        w.add(new PartitionsWorkload(10_000));
        return w;
    }
}
