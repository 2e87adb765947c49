package io.samsa.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class PartitionAssignorsTest {
    private static final TopicsImage.Topic FOO = new TopicsImage.Topic(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ"), "foo", 7);
    private static final TopicsImage.Topic BAR = new TopicsImage.Topic(Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAg"), "bar", 2);

    private static PartitionAssignor.Spec spec(Map<String, Map<Uuid, Set<Integer>>> current, String... members) {
        TreeMap<String, Set<String>> subs = new TreeMap<>();
        for (String m : members) {
            subs.put(m, Set.of("foo", "bar"));
        }
        return new PartitionAssignor.Spec(subs, Map.of("foo", FOO, "bar", BAR), current);
    }

    @Test
    void rangeGivesConsecutiveRangesPerTopic() {
        var out = RangeAssignor.INSTANCE.assign(spec(Map.of(), "a", "b", "c"));
        assertThat(out.get("a")).isEqualTo(Map.of(FOO.id(), Set.of(0, 1, 2), BAR.id(), Set.of(0)));
        assertThat(out.get("b")).isEqualTo(Map.of(FOO.id(), Set.of(3, 4), BAR.id(), Set.of(1)));
        assertThat(out.get("c")).isEqualTo(Map.of(FOO.id(), Set.of(5, 6)));
    }

    @Test
    void uniformIsBalancedAndCoversEveryPartitionOnce() {
        var out = UniformAssignor.INSTANCE.assign(spec(Map.of(), "a", "b", "c"));
        assertThat(out.values()).extracting(PartitionAssignorsTest::count).allMatch(n -> n == 3);
        assertCoversAll(out);
    }

    @Test
    void uniformIsStickyWhenAMemberJoins() {
        var before = UniformAssignor.INSTANCE.assign(spec(Map.of(), "a", "b", "c"));
        var after = UniformAssignor.INSTANCE.assign(spec(before, "a", "b", "c", "d"));
        assertCoversAll(after);
        assertThat(after.values()).extracting(PartitionAssignorsTest::count).allMatch(n -> n == 2 || n == 3);
        // Only what d takes moves: every partition a, b, c keep was theirs before.
        for (String m : new String[] {"a", "b", "c"}) {
            after.get(m).forEach((id, ps) -> assertThat(before.get(m).get(id)).containsAll(ps));
        }
        assertThat(count(after.get("d"))).isEqualTo(2);
    }

    @Test
    void uniformRespectsSubscriptions() {
        TreeMap<String, Set<String>> subs = new TreeMap<>(Map.of("a", Set.of("foo"), "b", Set.of("foo", "bar")));
        var out = UniformAssignor.INSTANCE.assign(new PartitionAssignor.Spec(subs,
            Map.of("foo", FOO, "bar", BAR), Map.of()));
        assertThat(out.get("a")).doesNotContainKey(BAR.id());
        assertThat(out.get("b").get(BAR.id())).isEqualTo(Set.of(0, 1));
        assertThat(Math.abs(count(out.get("a")) - count(out.get("b")))).isLessThanOrEqualTo(1);
        assertCoversAll(out);
    }

    private static int count(Map<Uuid, Set<Integer>> a) {
        return a.values().stream().mapToInt(Set::size).sum();
    }

    private static void assertCoversAll(Map<String, Map<Uuid, Set<Integer>>> out) {
        Map<Uuid, Set<Integer>> all = new HashMap<>();
        out.values().forEach(a -> a.forEach((id, ps) -> ps.forEach(p ->
            assertThat(all.computeIfAbsent(id, x -> new TreeSet<>()).add(p)).as("%s-%d twice", id, p).isTrue())));
        assertThat(all.get(FOO.id())).hasSize(7);
        assertThat(all.get(BAR.id())).hasSize(2);
    }
}
