package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
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
 * Whatever was measured before a failure is kept; the failure is reported with it. The warm round first deletes
 * the cold round's topic and waits until its directories are gone, so the broker holds as many partitions as in
 * the cold round, then does the same again with a new topic.
 */
final class PartitionsWorkload implements Workload {
    private static final long CREATE_TIMEOUT_MS = 600_000;
    /**
     * How long the warm round waits for the cold topic's deletion: both brokers delete a partition's files
     * {@code file.delete.delay.ms} (60 s by default) after the topic is gone from metadata.
     */
    private static final long DELETE_TIMEOUT_MS = 180_000;

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
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        BrokerLauncher launcher = launchers.broker();
        String topic = "w6-" + partitions;
        BrokerNode node = ctx.newNode(launcher, topic);
        try (RunningBroker broker = ctx.start(launcher, node, topic)) {
            return Rounds.run(ctx, this, launcher.kind(), broker::isAlive, round -> measure(ctx, broker, topic, round));
        } finally {
            ctx.discard(node);
        }
    }

    private List<Measurement> measure(BenchContext ctx, RunningBroker broker, String coldTopic, Round round)
            throws Exception {
        String topic = coldTopic + round.topicSuffix();
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        try {
            if (round != Round.COLD) {
                ctx.say("  " + broker.kind().displayName() + ": deleting " + coldTopic
                        + " and waiting until its files are gone (not measured)");
                Topics.deleteAndAwait(broker, coldTopic, ctx.time(), DELETE_TIMEOUT_MS);
            }
            Topics.createAndAwait(broker, "w6-warmup" + round.topicSuffix(), 1, ctx.time(),
                    Workloads.TOPIC_TIMEOUT_MS);
            ctx.say("  " + broker.kind().displayName() + ": creating " + label);
            Topics.Creation creation = Topics.createAndAwait(broker, topic, partitions, ctx.time(), CREATE_TIMEOUT_MS);
            m.put(Metric.TOPIC_CREATE_MS, creation.leadersMs());
            m.put(Metric.TOPIC_WRITABLE_MS, Topics.awaitWritable(broker, topic, partitions, creation, ctx.time(),
                    CREATE_TIMEOUT_MS));
            timeMetadata(ctx, broker, topic, m);
            ProduceSpec spec = ProduceWorkload.w1Spec(ctx.scale(), topic);
            ctx.say("  " + broker.kind().displayName() + ": producing " + spec.records() + " x "
                    + spec.recordSize() + " B over " + partitions + " partitions");
            m.putAll(ProduceMeasurement.run(ctx, broker, spec, topic + "-producer"));
            m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
            return List.of(Measurement.of(id(), label, round, broker.kind(), m));
        } catch (WorkloadException | RuntimeException e) {
            if (broker.isAlive()) {
                m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
            }
            String why = e instanceof WorkloadException ? e.getMessage() : e.toString();
            return List.of(new Measurement(id(), label, round, broker.kind(), m, why));
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
