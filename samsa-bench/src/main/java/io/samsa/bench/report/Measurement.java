package io.samsa.bench.report;

import io.samsa.bench.broker.BrokerKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one part of a workload measured on one broker in one round: figures, the reason it could not be measured,
 * or both (what was measured before a failure).
 *
 * @param workloadId the workload ({@code W1}…{@code W8}, {@code FAILOVER}), which selects the targets
 * @param label      the row group in the report, e.g. "W3 zstd" or "W5 end-to-end probe"
 * @param round      cold, warm, or once
 * @param broker     which broker
 * @param values     the figures, in {@link Metric} order
 * @param error      null, or why (part of) it was not measured (shown as "n/a (error: ...)")
 */
public record Measurement(String workloadId, String label, Round round, BrokerKind broker,
                          Map<Metric, Double> values, String error) {

    public Measurement {
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    public static Measurement of(String workloadId, String label, Round round, BrokerKind broker,
                                 Map<Metric, Double> values) {
        return new Measurement(workloadId, label, round, broker, values, null);
    }

    public static Measurement failed(String workloadId, String label, Round round, BrokerKind broker, String error) {
        return new Measurement(workloadId, label, round, broker, Map.of(), error == null ? "unknown error" : error);
    }

    public boolean failed() {
        return error != null;
    }

    /** The value, or null if not measured. */
    public Double value(Metric m) {
        return values.get(m);
    }
}
