package io.samsa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static final Path HOME = Path.of("/repo");

    @Test
    void everythingColdAndWarmByDefault() {
        BenchOptions o = BenchOptions.parse(new String[0], HOME);
        assertThat(o.warm()).isTrue();
        assertThat(o.jmh()).isTrue();
        assertThat(o.workloads()).containsExactly("W1", "W4", "W2", "W3", "W5", "W6", "W7", "FAILOVER", "W8",
                "COMPACT", "TLS");
    }

    @Test
    void replicatedWorkloadsByNameAndColdOnly() {
        BenchOptions o = BenchOptions.parse(new String[] {"--quick", "--workloads", "w7,failover,W1",
                "--cold-only"}, HOME);
        assertThat(o.workloads()).containsExactly("W7", "FAILOVER", "W1");
        assertThat(o.jmh()).isFalse();
        assertThat(o.warm()).isFalse();
        assertThat(o.scale().name()).isEqualTo("quick");
    }

    @Test
    void unknownWorkloadIsRejectedWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--workloads", "W9"}, HOME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cold-only");
    }
}
