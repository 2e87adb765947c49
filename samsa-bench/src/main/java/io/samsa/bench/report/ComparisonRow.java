package io.samsa.bench.report;

import java.util.Optional;

/**
 * One metric of one workload part in one round on both brokers.
 *
 * @param round      cold, warm or once
 * @param kafka      Kafka's value, or null if not measured
 * @param samsa      Samsa's value, or null if not measured
 * @param kafkaError why Kafka's part failed, or null
 * @param samsaError why Samsa's part failed, or null
 */
public record ComparisonRow(String workloadId, String label, Round round, Metric metric, Double kafka, Double samsa,
                            String kafkaError, String samsaError) {

    /** Samsa / Kafka, when both were measured and Kafka's value is not zero. */
    public Optional<Double> ratio() {
        if (kafka == null || samsa == null || kafka == 0.0) {
            return Optional.empty();
        }
        return Optional.of(samsa / kafka);
    }

    public Optional<Target> target() {
        return metric == null ? Optional.empty() : Target.of(workloadId, metric);
    }

    /**
     * "yes", "no", or empty when there is no target, no ratio, or either side failed part-way (a broker that
     * failed early has, say, a low peak RSS that meets nothing).
     */
    public String targetMet() {
        Optional<Target> t = target();
        Optional<Double> r = ratio();
        if (t.isEmpty() || r.isEmpty() || kafkaError != null || samsaError != null) {
            return "";
        }
        return t.get().isMet(r.get()) ? "yes" : "no";
    }
}
