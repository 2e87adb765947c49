package io.samsa.bench.report;

import java.util.Locale;
import java.util.Optional;

/**
 * A performance target from issue 4 (W1–W6), issue 9 (W7) or issue 10 (W8, transactions): a bound on the Samsa/Kafka ratio of one metric in one
 * workload. The same bound holds for the cold and the warm figure.
 *
 * @param ratio   the bound
 * @param atLeast true for "ratio ≥ bound" (throughput), false for "ratio ≤ bound" (CPU, latency, times)
 */
public record Target(double ratio, boolean atLeast) {

    /**
     * The targets table of issue 4, issue 9's for the replicated W7, and issue 10's for W8 (W1's bounds). W6's "every figure ≤ Kafka's" is read as
     * "no worse than Kafka" for each figure: ≤ 1.0× for times and costs, ≥ 1.0× for throughput. COMPACT: cleaner
     * throughput and produce throughput while cleaning at least Kafka's. TLS (issue 12): W1 over SSL, throughput at
     * least Kafka's, CPU per GB at most half of Kafka's.
     */
    public static Optional<Target> of(String workloadId, Metric m) {
        return switch (workloadId) {
            case "W1", "W2", "W8" -> switch (m) {
                case RECORDS_PER_SEC, MB_PER_SEC -> Optional.of(new Target(1.0, true));
                case CPU_S_PER_GB -> Optional.of(new Target(0.6, false));
                default -> Optional.empty();
            };
            case "W3" -> m == Metric.CPU_S_PER_GB ? Optional.of(new Target(0.4, false)) : Optional.empty();
            case "W4" -> switch (m) {
                case RECORDS_PER_SEC, MB_PER_SEC -> Optional.of(new Target(1.0, true));
                case CPU_S_PER_GB -> Optional.of(new Target(0.6, false));
                default -> Optional.empty();
            };
            case "W5" -> m == Metric.LATENCY_P99_MS || m == Metric.LATENCY_P999_MS
                    ? Optional.of(new Target(0.7, false)) : Optional.empty();
            case "W6" -> Optional.of(new Target(1.0, m.higherIsBetter()));
            case "TLS" -> switch (m) {
                case RECORDS_PER_SEC, MB_PER_SEC -> Optional.of(new Target(1.0, true));
                case CPU_S_PER_GB -> Optional.of(new Target(0.5, false));
                default -> Optional.empty();
            };
            case "COMPACT" -> m == Metric.CLEANER_MB_PER_SEC || m == Metric.PRODUCE_WHILE_CLEANING_MB_PER_SEC
                    ? Optional.of(new Target(1.0, true)) : Optional.empty();
            case "W7" -> switch (m) {
                case RECORDS_PER_SEC, MB_PER_SEC -> Optional.of(new Target(1.0, true));
                case CPU_S_PER_GB -> Optional.of(new Target(0.6, false));
                case LATENCY_P99_MS -> Optional.of(new Target(0.7, false));
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }

    public boolean isMet(double actualRatio) {
        return atLeast ? actualRatio >= ratio : actualRatio <= ratio;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.1f×", atLeast ? "≥" : "≤", ratio);
    }
}
