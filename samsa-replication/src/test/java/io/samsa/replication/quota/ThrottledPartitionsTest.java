package io.samsa.replication.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each broker reads only its own entries of a throttled-replicas list; the wildcard throttles everything. */
class ThrottledPartitionsTest {
    @Test
    void theWildcardThrottlesEveryPartition() {
        ThrottledPartitions p = ThrottledPartitions.parse(" * ", 7);

        assertThat(p.all()).isTrue();
        assertThat(p.contains(123)).isTrue();
    }

    @Test
    void aBrokerThrottlesThePartitionsListedWithItsId() {
        String value = "0:1,1:2,2:1,3:3";

        assertThat(ThrottledPartitions.parse(value, 1).partitions()).containsExactlyInAnyOrder(0, 2);
        assertThat(ThrottledPartitions.parse(value, 2).partitions()).containsExactly(1);
        assertThat(ThrottledPartitions.parse(value, 4)).isEqualTo(ThrottledPartitions.NONE);
    }

    @Test
    void emptyOrMissingThrottlesNothing() {
        assertThat(ThrottledPartitions.parse("", 1).isEmpty()).isTrue();
        assertThat(ThrottledPartitions.parse(null, 1).isEmpty()).isTrue();
    }
}
