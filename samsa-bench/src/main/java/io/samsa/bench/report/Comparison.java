package io.samsa.bench.report;

import io.samsa.bench.broker.BrokerKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs Kafka's and Samsa's measurements of the same workload part in the same round, keeping the order in which
 * parts were run and the {@link Metric} order within a part.
 */
public final class Comparison {
    private Comparison() {
    }

    private record Key(String label, Round round) {
    }

    public static List<ComparisonRow> rows(List<Measurement> measurements) {
        Map<Key, Measurement[]> byPart = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            Measurement[] pair = byPart.computeIfAbsent(new Key(m.label(), m.round()), k -> new Measurement[2]);
            pair[m.broker() == BrokerKind.KAFKA ? 0 : 1] = m;
        }
        List<ComparisonRow> rows = new ArrayList<>();
        for (Measurement[] pair : byPart.values()) {
            Measurement kafka = pair[0];
            Measurement samsa = pair[1];
            Measurement any = kafka != null ? kafka : samsa;
            Set<Metric> metrics = EnumSet.noneOf(Metric.class);
            if (kafka != null) {
                metrics.addAll(kafka.values().keySet());
            }
            if (samsa != null) {
                metrics.addAll(samsa.values().keySet());
            }
            String kafkaError = kafka == null ? "not run" : kafka.error();
            String samsaError = samsa == null ? "not run" : samsa.error();
            if (metrics.isEmpty()) {
                // Both failed: one row carries both reasons.
                rows.add(new ComparisonRow(any.workloadId(), any.label(), any.round(), null, null, null, kafkaError,
                        samsaError));
                continue;
            }
            for (Metric metric : metrics) {
                rows.add(new ComparisonRow(any.workloadId(), any.label(), any.round(), metric,
                        kafka == null ? null : kafka.value(metric), samsa == null ? null : samsa.value(metric),
                        kafkaError, samsaError));
            }
        }
        return rows;
    }
}
