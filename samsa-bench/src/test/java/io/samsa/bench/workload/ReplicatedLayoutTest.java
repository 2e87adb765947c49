package io.samsa.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplicatedLayoutTest {
    private static ReplicatedTopics.Layout layout(Map<Integer, Integer> leaders, int isrSize) {
        TreeMap<Integer, List<Integer>> isr = new TreeMap<>();
        leaders.keySet().forEach(p -> isr.put(p, List.of(0, 1, 2).subList(0, isrSize)));
        return new ReplicatedTopics.Layout(new TreeMap<>(leaders), isr);
    }

    @Test
    void leadersByBrokerIncludeBrokersThatLeadNothing() {
        ReplicatedTopics.Layout l = layout(Map.of(0, 1, 1, 1, 2, 2, 3, 1), 3);
        assertThat(l.byLeader(List.of(1, 2, 3))).isEqualTo(Map.of(1, List.of(0, 1, 3), 2, List.of(2), 3, List.of()));
        assertThat(l.balanced(List.of(1, 2, 3))).isFalse();
        assertThat(layout(Map.of(0, 1, 1, 2, 2, 3, 3, 1, 4, 2, 5, 3), 3).balanced(List.of(1, 2, 3))).isTrue();
    }

    @Test
    void incompleteUntilEveryPartitionHasALeaderAndAFullIsr() {
        assertThat(ReplicatedTopics.incomplete(layout(Map.of(0, 1, 1, 2), 3), 2, 3)).isNull();
        assertThat(ReplicatedTopics.incomplete(layout(Map.of(0, 1, 1, 2), 2), 2, 3))
                .isEqualTo("partition 0 has ISR [0, 1]");
        assertThat(ReplicatedTopics.incomplete(layout(Map.of(0, 1, 1, -1), 3), 2, 3))
                .isEqualTo("partition 1 has no leader");
        assertThat(ReplicatedTopics.incomplete(layout(Map.of(0, 1), 3), 2, 3)).isEqualTo("1 of 2 partitions described");
    }

    @Test
    void theVictimIsTheLowestPartitionNotLedByTheController() {
        ReplicatedTopics.Layout l = layout(Map.of(0, 1, 1, 2, 2, 3), 3);
        assertThat(FailoverWorkload.victimPartition(l, OptionalInt.of(1))).isEqualTo(1);
        assertThat(FailoverWorkload.victimPartition(l, OptionalInt.of(2))).isEqualTo(0);
        assertThat(FailoverWorkload.victimPartition(l, OptionalInt.empty())).isEqualTo(0);
        assertThat(FailoverWorkload.victimPartition(layout(Map.of(0, 1, 1, 1), 3), OptionalInt.of(1))).isEqualTo(0);
    }
}
