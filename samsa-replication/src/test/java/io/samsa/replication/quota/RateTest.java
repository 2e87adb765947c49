package io.samsa.replication.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The windowed byte rate, as Kafka's SimpleRate: one window at least, samples forgotten after all windows. */
class RateTest {
    private final Rate rate = new Rate(11, 1_000);

    @Test
    void nothingRecordedIsZero() {
        assertThat(rate.bytesPerSecond(5_000)).isZero();
    }

    @Test
    void aBurstIsSpreadOverAtLeastOneWindow() {
        rate.record(1_000, 0);

        assertThat(rate.bytesPerSecond(0)).isEqualTo(1_000.0);
        assertThat(rate.bytesPerSecond(500)).isEqualTo(1_000.0);
        assertThat(rate.bytesPerSecond(2_000)).isEqualTo(500.0);
    }

    @Test
    void aSteadyFlowReadsAsItsRate() {
        for (long t = 0; t < 20_000; t += 100) {
            rate.record(100, t);
        }

        assertThat(rate.bytesPerSecond(20_000)).isCloseTo(1_000.0, within(100.0));
    }

    @Test
    void samplesOlderThanAllWindowsAreForgotten() {
        rate.record(50_000, 0);
        assertThat(rate.bytesPerSecond(10_999)).isGreaterThan(4_000.0);

        assertThat(rate.bytesPerSecond(11_000)).isZero();
    }

    @Test
    void aNewSampleStartsOnceTheCurrentWindowHasPassed() {
        Rate twoWindows = new Rate(2, 1_000);
        twoWindows.record(1_000, 0);
        twoWindows.record(1_000, 1_000);
        twoWindows.record(1_000, 2_000); // the third sample pushes the first out

        assertThat(twoWindows.bytesPerSecond(2_000)).isEqualTo(2_000.0);
    }
}
