package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

    private static Map<Integer, String> noRacks(int brokers) {
        Map<Integer, String> out = new TreeMap<>();
        for (int id = 1; id <= brokers; id++) {
            out.put(id, null);
        }
        return out;
    }

    private static SortedMap<Integer, List<Integer>> place(Map<Integer, String> brokers, int partitions, int rf,
                                                           int start, int shift) {
        return ReplicaPlacement.place(new ReplicaPlacement.Request(brokers, 0, partitions, rf, start, shift));
    }

    @Test
    void theWorkedExampleOfTheClassDoc() {
        assertThat(place(noRacks(3), 3, 2, 0, 0).values()).containsExactly(List.of(1, 2), List.of(2, 3), List.of(3, 1));
        assertThat(ReplicaPlacement.rackAlternated(Map.of(1, "a", 2, "a", 3, "b", 4, "b")))
            .containsExactly(1, 3, 2, 4);
    }

    @Test
    void leadersAndReplicasSpreadEvenlyWithoutRacks() {
        for (int start = 0; start < 5; start++) {
            SortedMap<Integer, List<Integer>> placed = place(noRacks(5), 50, 3, start, 3 * start + 1);
            Map<Integer, Integer> leaders = new HashMap<>();
            Map<Integer, Integer> replicas = new HashMap<>();
            placed.values().forEach(r -> {
                assertThat(new HashSet<>(r)).as("distinct replicas").hasSize(3);
                leaders.merge(r.get(0), 1, Integer::sum);
                r.forEach(b -> replicas.merge(b, 1, Integer::sum));
            });
            assertThat(leaders.values()).as("leaders per broker").containsOnly(10);
            assertThat(replicas.values()).as("replicas per broker").containsOnly(30);
        }
    }

    @Test
    void addedPartitionsContinueTheRoundOfPartitionZerosLeader() {
        // Whatever start a topic of 2 partitions was created with, 4 added partitions make 2 leaders per broker.
        for (int start = 0; start < 3; start++) {
            for (int shift = 0; shift < 3; shift++) {
                SortedMap<Integer, List<Integer>> all = new TreeMap<>(place(noRacks(3), 2, 3, start, shift));
                int addStart = ReplicaPlacement.startIndexForAddedPartitions(noRacks(3).keySet(), all.get(0).get(0));
                all.putAll(ReplicaPlacement.place(new ReplicaPlacement.Request(noRacks(3), 2, 4, 3, addStart,
                    addStart)));
                Map<Integer, Integer> leaders = new HashMap<>();
                all.values().forEach(r -> {
                    assertThat(new HashSet<>(r)).as("distinct replicas").hasSize(3);
                    leaders.merge(r.get(0), 1, Integer::sum);
                });
                assertThat(all).hasSize(6);
                assertThat(leaders).as("leaders per broker, start %d shift %d", start, shift)
                    .isEqualTo(Map.of(1, 2, 2, 2, 3, 2));
            }
        }
        // Kafka's rule: the first broker whose id is at least partition 0's leader, else the first one.
        assertThat(ReplicaPlacement.startIndexForAddedPartitions(List.of(5, 1, 3), 3)).isEqualTo(1);
        assertThat(ReplicaPlacement.startIndexForAddedPartitions(List.of(5, 1, 3), 4)).isEqualTo(2);
        assertThat(ReplicaPlacement.startIndexForAddedPartitions(List.of(5, 1, 3), 9)).isZero();
    }

    @Test
    void rackAwarePlacementPutsEveryPartitionOnAsManyRacksAsItCan() {
        Map<Integer, String> racks = new TreeMap<>(Map.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c", 6, "c"));
        SortedMap<Integer, List<Integer>> placed = place(racks, 60, 3, 4, 2);
        Map<Integer, Integer> leaders = new HashMap<>();
        Map<Integer, Integer> replicas = new HashMap<>();
        placed.values().forEach(r -> {
            Set<String> used = new HashSet<>();
            r.forEach(b -> used.add(racks.get(b)));
            assertThat(used).as("one replica per rack for " + r).hasSize(3);
            leaders.merge(r.get(0), 1, Integer::sum);
            r.forEach(b -> replicas.merge(b, 1, Integer::sum));
        });
        assertThat(leaders.values()).containsOnly(10);
        assertThat(replicas.values()).containsOnly(30);

        SortedMap<Integer, List<Integer>> twoRacks = place(racks, 30, 2, 0, 0);
        twoRacks.values().forEach(r -> assertThat(racks.get(r.get(0))).isNotEqualTo(racks.get(r.get(1))));
    }

    @Test
    void unevenRacksStillSpanEveryRackFirst() {
        Map<Integer, String> racks = new TreeMap<>(Map.of(1, "a", 2, "a", 3, "a", 4, "b"));
        place(racks, 20, 2, 1, 1).values().forEach(r ->
            assertThat(Set.of(racks.get(r.get(0)), racks.get(r.get(1)))).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void brokersWithoutARackAmongRackedOnesFormTheirOwnRack() {
        Map<Integer, String> racks = new TreeMap<>();
        racks.put(1, "a");
        racks.put(2, "a");
        racks.put(3, null);
        place(racks, 10, 2, 0, 0).values().forEach(r -> assertThat(r).contains(3));
    }

    @Test
    void addedPartitionsContinueTheStripe() {
        SortedMap<Integer, List<Integer>> placed = ReplicaPlacement.place(
            new ReplicaPlacement.Request(noRacks(3), 3, 3, 1, 0, 0));
        assertThat(placed.keySet()).containsExactly(3, 4, 5);
        assertThat(placed.values()).containsExactly(List.of(1), List.of(2), List.of(3));
    }

    @Test
    void refusesMoreReplicasThanBrokers() {
        assertThatThrownBy(() -> place(noRacks(2), 1, 3, 0, 0)).isInstanceOf(InvalidReplicationFactorException.class)
            .hasMessage("Replication factor: 3 larger than available brokers: 2.");
    }
}
