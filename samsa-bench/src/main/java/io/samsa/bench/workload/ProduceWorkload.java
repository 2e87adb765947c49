package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import io.samsa.bench.tool.ProduceSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * W1, W2 and W3: ProducerPerformance, unthrottled, into a new six-partition topic on a freshly started broker,
 * with W1's producer settings ({@code acks=all}, {@code linger.ms=5}, {@code batch.size=131072}) and optionally
 * a compression codec. CPU per GB counts uncompressed payload bytes, so codecs compare on the same bytes. The warm
 * round produces into a second topic on the same broker.
 */
final class ProduceWorkload implements Workload {
    static final String W1_TOPIC = "w1";

    private final String id;
    private final String label;
    private final String topic;
    private final long fullRecords;
    private final int recordSize;
    private final String compression;
    private final long transactionMs;

    /** @param compression {@code compression.type}, or null for none */
    ProduceWorkload(String id, String label, String topic, long fullRecords, int recordSize, String compression) {
        this(id, label, topic, fullRecords, recordSize, compression, 0);
    }

    /** @param transactionMs commit a transaction every this many milliseconds (W8); 0 for no transactions */
    ProduceWorkload(String id, String label, String topic, long fullRecords, int recordSize, String compression,
                    long transactionMs) {
        this.id = id;
        this.label = label;
        this.topic = topic;
        this.fullRecords = fullRecords;
        this.recordSize = recordSize;
        this.compression = compression;
        this.transactionMs = transactionMs;
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
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        BrokerLauncher launcher = launchers.broker();
        ProduceSpec base = new ProduceSpec(topic, ctx.scale().records(fullRecords), recordSize, -1,
                ProduceMeasurement.w1ProducerProps());
        ProduceSpec codec = compression == null ? base : base.withProp("compression.type", compression);
        ProduceSpec spec = transactionMs > 0 ? codec.withTransactions(transactionMs) : codec;
        BrokerNode node = ctx.newNode(launcher, topic);
        boolean keep = false;
        try (RunningBroker broker = ctx.start(launcher, node, topic)) {
            List<Measurement> out = Rounds.run(ctx, this, launcher.kind(), broker::isAlive,
                    round -> measure(ctx, broker, spec.withTopic(topic + round.topicSuffix()), round));
            // W4 reads the cold round's topic, so W1's log is worth keeping only if that round wrote it all.
            keep = id.equals("W1") && ctx.retainsW1()
                    && out.stream().anyMatch(m -> m.round() == Round.COLD && !m.failed());
            return out;
        } finally {
            if (keep) {
                ctx.keepW1(launcher.kind(), node);
            } else {
                ctx.discard(node);
            }
        }
    }

    private List<Measurement> measure(BenchContext ctx, RunningBroker broker, ProduceSpec spec, Round round)
            throws Exception {
        Topics.createAndAwait(broker, spec.topic(), Workloads.PARTITIONS, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        ctx.say("  " + broker.kind().displayName() + ": producing " + spec.records() + " x " + recordSize
                + " B" + (compression == null ? "" : " (" + compression + ")")
                + (transactionMs > 0 ? " in transactions of " + transactionMs + " ms" : "") + " into " + spec.topic());
        Map<Metric, Double> m = new EnumMap<>(ProduceMeasurement.run(ctx, broker, spec, spec.topic() + "-producer"));
        m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
        return List.of(Measurement.of(id, label, round, broker.kind(), m));
    }
}
