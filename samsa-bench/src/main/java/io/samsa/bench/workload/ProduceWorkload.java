package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.tool.ProduceSpec;
import java.util.List;
import java.util.Map;

/**
 * W1, W2 and W3: ProducerPerformance, unthrottled, into a new six-partition topic on a freshly started broker,
 * with W1's producer settings ({@code acks=all}, {@code linger.ms=5}, {@code batch.size=131072}) and optionally
 * a compression codec. CPU per GB counts uncompressed payload bytes, so codecs compare on the same bytes.
 */
final class ProduceWorkload implements Workload {
    static final String W1_TOPIC = "w1";

    private final String id;
    private final String label;
    private final String topic;
    private final long fullRecords;
    private final int recordSize;
    private final String compression;

    /** @param compression {@code compression.type}, or null for none */
    ProduceWorkload(String id, String label, String topic, long fullRecords, int recordSize, String compression) {
        this.id = id;
        this.label = label;
        this.topic = topic;
        this.fullRecords = fullRecords;
        this.recordSize = recordSize;
        this.compression = compression;
    }

    /** W1's spec at the run's scale. */
    static ProduceSpec w1Spec(Scale scale, String topic) {
        return new ProduceSpec(topic, scale.records(Workloads.W1_RECORDS), Workloads.W1_RECORD_SIZE, -1,
                ProduceMeasurement.w1ProducerProps());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<String> labels() {
        return List.of(label);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, BrokerLauncher launcher) throws Exception {
        ProduceSpec spec = new ProduceSpec(topic, ctx.scale().records(fullRecords), recordSize, -1,
                ProduceMeasurement.w1ProducerProps());
        if (compression != null) {
            spec = spec.withProp("compression.type", compression);
        }
        String name = topic;
        BrokerNode node = ctx.newNode(launcher, name);
        boolean keep = false;
        try (RunningBroker broker = ctx.start(launcher, node, name)) {
            Topics.createAndAwait(broker, topic, Workloads.PARTITIONS, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
            ctx.say("  " + launcher.kind().displayName() + ": producing " + spec.records() + " x " + recordSize
                    + " B" + (compression == null ? "" : " (" + compression + ")"));
            Map<Metric, Double> m = new java.util.EnumMap<>(ProduceMeasurement.run(ctx, broker, spec, name + "-producer"));
            m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
            keep = id.equals("W1") && ctx.retainsW1();
            return List.of(Measurement.of(id, label, launcher.kind(), m));
        } finally {
            if (keep) {
                ctx.keepW1(launcher.kind(), node);
            } else {
                ctx.discard(node);
            }
        }
    }
}
