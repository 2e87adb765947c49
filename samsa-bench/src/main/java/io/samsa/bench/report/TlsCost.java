package io.samsa.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What TLS costs each broker: the TLS workload's broker CPU per GB beside W1's (the same produce over PLAINTEXT)
 * for the same broker and round, when both ran in the run. Lines for the report's observations.
 *
 * <p>Stateless.
 */
public final class TlsCost {
    static final String TLS = "TLS";
    static final String PLAINTEXT = "W1";

    private TlsCost() {
    }

    /** One line per TLS measurement that has a W1 counterpart; none when W1 or TLS did not run. */
    public static List<String> lines(List<Measurement> all) {
        List<String> out = new ArrayList<>();
        for (Measurement tls : all) {
            Double tlsCpu = tls.workloadId().equals(TLS) ? tls.value(Metric.CPU_S_PER_GB) : null;
            if (tlsCpu == null) {
                continue;
            }
            for (Measurement w1 : all) {
                Double plainCpu = w1.value(Metric.CPU_S_PER_GB);
                if (w1.workloadId().equals(PLAINTEXT) && w1.broker() == tls.broker() && w1.round() == tls.round()
                        && plainCpu != null) {
                    out.add(String.format(Locale.ROOT, "TLS on %s (%s): broker CPU %.2f s per GB over SSL, %.2f"
                                    + " over PLAINTEXT in W1 (%.2f×)", tls.broker().displayName(),
                            tls.round().label(), tlsCpu, plainCpu, tlsCpu / plainCpu));
                }
            }
        }
        return out;
    }
}
