package io.samsa.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.bench.broker.BrokerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TLS's CPU per GB beside W1's for the same broker and round, and the TLS targets. */
class TlsCostTest {

    @Test
    void pairsEachTlsFigureWithW1sForTheSameBrokerAndRound() {
        List<Measurement> all = List.of(
                Measurement.of("W1", "W1", Round.COLD, BrokerKind.SAMSA, Map.of(Metric.CPU_S_PER_GB, 2.0)),
                Measurement.of("W1", "W1", Round.WARM, BrokerKind.SAMSA, Map.of(Metric.CPU_S_PER_GB, 1.0)),
                Measurement.of("TLS", "TLS", Round.WARM, BrokerKind.SAMSA, Map.of(Metric.CPU_S_PER_GB, 1.5)),
                Measurement.of("TLS", "TLS", Round.WARM, BrokerKind.KAFKA, Map.of(Metric.CPU_S_PER_GB, 4.0)));
        assertThat(TlsCost.lines(all)).containsExactly(
                "TLS on Samsa (warm): broker CPU 1.50 s per GB over SSL, 1.00 over PLAINTEXT in W1 (1.50×)");
    }

    @Test
    void targetsAreIssue12s() {
        assertThat(Target.of("TLS", Metric.MB_PER_SEC)).contains(new Target(1.0, true));
        assertThat(Target.of("TLS", Metric.CPU_S_PER_GB)).contains(new Target(0.5, false));
        assertThat(Target.of("TLS", Metric.LATENCY_P99_MS)).isEmpty();
    }
}
