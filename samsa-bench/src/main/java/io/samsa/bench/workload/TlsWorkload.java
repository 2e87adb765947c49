package io.samsa.bench.workload;

import io.samsa.bench.broker.BrokerLauncher;
import io.samsa.bench.broker.BrokerNode;
import io.samsa.bench.broker.Launchers;
import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.broker.TlsListener;
import io.samsa.bench.report.Measurement;
import io.samsa.bench.report.Metric;
import io.samsa.bench.report.Round;
import io.samsa.bench.tool.ProduceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * TLS (issue 12): W1's produce (its record count, 1 KiB records and producer settings, {@code acks=all}) over an
 * {@code SSL} listener, on a broker that also has its PLAINTEXT listener (inter-broker and the harness's admin
 * client). Both brokers serve the same self-signed certificate ({@link TlsKeyStores}, made on the first run of
 * this workload in the run); ProducerPerformance trusts it and bootstraps on the SSL port. CPU per GB counts
 * payload bytes as W1's does, so the two compare: the difference is the cost of TLS.
 */
final class TlsWorkload implements Workload {
    static final String ID = "TLS";
    static final String TOPIC = "tls";
    static final String LABEL = "TLS produce 1 KiB over SSL";

    /** Shared by both brokers' runs, so they serve the same certificate. */
    private TlsKeyStores stores;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> labels() {
        return List.of(LABEL);
    }

    @Override
    public List<Measurement> run(BenchContext ctx, Launchers launchers) throws Exception {
        if (stores == null) {
            ctx.say("  generating a self-signed PKCS12 key store and a trust store with keytool");
            stores = TlsKeyStores.create(ctx.dataDir().resolve("tls"));
        }
        TlsListener listener = TlsListener.onFreePort(stores.keyStore(), stores.password());
        BrokerLauncher launcher = launchers.broker().withTls(listener);
        ProduceSpec spec = ProduceWorkload.w1Spec(ctx.scale(), TOPIC);
        for (Map.Entry<String, String> e : stores.clientConfigs().entrySet()) {
            spec = spec.withProp(e.getKey(), e.getValue());
        }
        ProduceSpec tlsSpec = spec;
        BrokerNode node = ctx.newNode(launcher, TOPIC);
        try (RunningBroker broker = ctx.start(launcher, node, TOPIC)) {
            noteEngine(ctx, broker);
            return Rounds.run(ctx, this, launcher.kind(), broker::isAlive,
                    round -> measure(ctx, broker, listener, tlsSpec.withTopic(TOPIC + round.topicSuffix()), round));
        } finally {
            ctx.discard(node);
        }
    }

    private static void noteEngine(BenchContext ctx, RunningBroker broker) throws java.io.IOException {
        String log = Files.readString(broker.log(), StandardCharsets.ISO_8859_1);
        String engine = TlsEngine.of(broker.kind(), TlsListener.NAME, log)
                .map(e -> "the " + e + " engine")
                .orElse("an engine its log does not name");
        ctx.observe("TLS on " + broker.kind().displayName() + ": listener " + TlsListener.NAME + " used " + engine);
    }

    private List<Measurement> measure(BenchContext ctx, RunningBroker broker, TlsListener listener, ProduceSpec spec,
                                      Round round) throws Exception {
        // Topics are created over PLAINTEXT (the harness's admin client); only the produce goes over TLS.
        Topics.createAndAwait(broker, spec.topic(), Workloads.PARTITIONS, ctx.time(), Workloads.TOPIC_TIMEOUT_MS);
        ctx.say("  " + broker.kind().displayName() + ": producing " + spec.records() + " x " + spec.recordSize()
                + " B over SSL (" + listener.bootstrap() + ") into " + spec.topic());
        Map<Metric, Double> m = new EnumMap<>(ProduceMeasurement.run(ctx, broker, listener.bootstrap(), spec,
                spec.topic() + "-producer"));
        m.put(Metric.PEAK_RSS_MB, ProduceMeasurement.peakRssMb(broker));
        return List.of(Measurement.of(ID, LABEL, round, broker.kind(), m));
    }
}
