package io.samsa.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsAreGroupedByNameWithoutDigitsLargestFirst() {
        ThreadCpu before = new ThreadCpu(Map.of(
                "1/11", new ThreadCpu.Named("samsa-network-1", 1.0),
                "1/12", new ThreadCpu.Named("samsa-network-2", 2.0),
                "1/13", new ThreadCpu.Named("GC Thread#0", 0.5)));
        ThreadCpu after = new ThreadCpu(Map.of(
                "1/11", new ThreadCpu.Named("samsa-network-1", 3.0),
                "1/12", new ThreadCpu.Named("samsa-network-2", 3.0),
                "1/13", new ThreadCpu.Named("GC Thread#0", 0.5),
                "1/14", new ThreadCpu.Named("C2 CompilerThre", 2.5)));
        assertThat(after.since(before, 5)).containsExactly(Map.entry("samsa-network-#", 3.0),
                Map.entry("C2 CompilerThre", 2.5));
        assertThat(after.since(before, 1)).containsOnlyKeys("samsa-network-#");
    }

    @Test
    void groupsReplaceIndexesOnly() {
        assertThat(ThreadCpu.group("samsa-network-12")).isEqualTo("samsa-network-#");
        assertThat(ThreadCpu.group("GC Thread#0")).isEqualTo("GC Thread##");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("pool-3-thread-1")).isEqualTo("pool-#-thread-#");
    }

    @Test
    void namesMayHoldSpacesAndParentheses() {
        assertThat(ThreadCpu.name("42 (GC (a) b) S 1 2 3")).isEqualTo("GC (a) b");
    }

    @Test
    void readsThisProcessThreads() {
        ThreadCpu now = ThreadCpu.snapshot(List.of(ProcessHandle.current().pid()));
        assertThat(now.seconds()).isNotEmpty();
        assertThat(now.seconds().values()).anyMatch(n -> n.seconds() > 0);
    }
}
