package io.samsa.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverResultTest {
    private static final long MS = 1_000_000;

    private static Ack ack(int partition, long sentMs, long doneMs) {
        return new Ack(partition, sentMs * MS, doneMs * MS, null);
    }

    @Test
    void theWorkedExampleOfTheJavadoc() {
        List<Ack> acks = List.of(ack(0, 5, 10), ack(1, 15, 20), ack(0, 25, 30), ack(1, 36, 40),
                ack(0, 36, 9_035));
        FailoverResult r = FailoverResult.of(acks, 35 * MS, 9_036 * MS, 0, 2);
        assertThat(r.acknowledgedBefore()).isEqualTo(3);
        assertThat(r.acknowledgedAfter()).isEqualTo(2);
        assertThat(r.partitionMs()).hasValue(9_000.0);
        assertThat(r.partitionNewSendMs()).hasValue(9_000.0);
        assertThat(r.allPartitionsMs()).hasValue(9_000.0);
        assertThat(r.longestGapMs()).isCloseTo(8_995.0, within(1e-9));
        assertThat(r.gapStillOpen()).isFalse();
        assertThat(r.failed()).isZero();
    }

    @Test
    void aRetriedSendCountsForThePartitionButNotAsANewSend() {
        // Sent before the kill, acknowledged by the new leader at 8 s; the first send made after the kill at 8.2 s.
        List<Ack> acks = List.of(ack(0, 990, 8_000), ack(0, 1_010, 8_200), ack(1, 1_005, 1_020));
        FailoverResult r = FailoverResult.of(acks, 1_000 * MS, 10_000 * MS, 0, 2);
        assertThat(r.partitionMs()).hasValue(7_000.0);
        assertThat(r.partitionNewSendMs()).hasValue(7_200.0);
        assertThat(r.allPartitionsMs()).hasValue(7_000.0);
    }

    @Test
    void noFailoverLeavesThePartitionEmptyAndTheGapOpen() {
        List<Ack> acks = List.of(ack(0, 0, 5), ack(1, 1, 6), new Ack(0, 7 * MS, 30_000 * MS, "TimeoutException: x"),
                new Ack(0, 8 * MS, 70_000 * MS, "TimeoutException: late"));
        FailoverResult r = FailoverResult.of(acks, 10 * MS, 60_010 * MS, 0, 2);
        assertThat(r.partitionMs()).isEmpty();
        assertThat(r.partitionNewSendMs()).isEmpty();
        assertThat(r.allPartitionsMs()).isEmpty();
        assertThat(r.longestGapMs()).isEqualTo(60_004.0);
        assertThat(r.gapStillOpen()).isTrue();
        // Outcomes after the end of observation are ignored.
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.firstError()).isEqualTo("TimeoutException: x");
        assertThat(FailoverResult.stalledPartitions(acks, 10 * MS, 60_010 * MS, 2)).containsExactly(0, 1);
    }

    @Test
    void otherPartitionsStallingTooShowsInAllPartitions() {
        List<Ack> acks = List.of(ack(0, 0, 1), ack(1, 0, 1), ack(2, 0, 1), ack(0, 20, 9_000), ack(1, 20, 30),
                ack(2, 21, 31_000));
        FailoverResult r = FailoverResult.of(acks, 10 * MS, 32_000 * MS, 0, 3);
        assertThat(r.partitionMs()).hasValue(8_990.0);
        assertThat(r.allPartitionsMs()).hasValue(30_990.0);
        assertThat(r.longestGapMs()).isEqualTo(22_000.0);
    }
}
