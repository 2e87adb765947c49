package io.samsa.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The property a seeded simulation relies on: the same seed gives the same run. Random crashes, restarts (clean
 * or not), reassignments and leader ISR writes over the in-memory ensemble, twice per seed: every zxid and every
 * partition state must be the same. After every step the controller's invariants are checked too: one active
 * controller at most, a leader is in its ISR, ISR and ELR are disjoint replicas, leader epochs never go back, and
 * no state machine transition was invalid.
 */
class DeterminismTest {

    @Test
    void theSameSeedReplaysExactly() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(run(seed)).as("seed " + seed).isEqualTo(run(seed));
        }
    }

    private static List<String> run(long seed) {
        Random random = new Random(seed);
        SimCluster cluster = new SimCluster(2);
        cluster.startAll(1, 2, 3, 4);
        cluster.createTopic("t", Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 4), 2, List.of(3, 4, 1),
            3, List.of(4, 1, 2)), Map.of());
        List<String> trace = new ArrayList<>();
        Map<Integer, Integer> epochs = new java.util.HashMap<>();
        for (int step = 0; step < 40; step++) {
            int broker = 1 + random.nextInt(4);
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (cluster.brokers.containsKey(broker) && cluster.brokers.size() > 1) {
                        cluster.crash(broker);
                    }
                }
                case 1 -> {
                    if (!cluster.brokers.containsKey(broker)) {
                        cluster.start(broker, random.nextBoolean());
                    }
                }
                case 2 -> {
                    TopicPartition tp = new TopicPartition("t", random.nextInt(4));
                    var state = cluster.admin.partitionState(tp);
                    if (state.isPresent() && state.get().value().hasLeader()
                        && cluster.brokers.containsKey(state.get().value().leader())) {
                        List<Integer> replicas = cluster.admin.topic("t").orElseThrow().assignment().get(tp.partition());
                        List<Integer> isr = new ArrayList<>(List.of(state.get().value().leader()));
                        replicas.stream().filter(r -> r != isr.get(0) && cluster.brokers.containsKey(r)
                            && random.nextBoolean()).forEach(isr::add);
                        cluster.leaderSetsIsr(tp, isr, 2);
                    }
                }
                default -> {
                    if (!cluster.brokers.isEmpty() && cluster.brokers.values().stream()
                        .anyMatch(b -> b.controller.isActive())) {
                        List<Integer> target = new ArrayList<>(cluster.brokers.keySet());
                        java.util.Collections.shuffle(target, random);
                        cluster.active().controller.alterPartitionReassignments(Map.of(
                            new TopicPartition("t", random.nextInt(4)), Optional.of(target.subList(0, 1))));
                    }
                }
            }
            cluster.run();
            checkInvariants(cluster, epochs, "seed " + seed + " step " + step);
            trace.add(step + " zxid " + cluster.ensemble.lastZxid());
        }
        for (int p = 0; p < 4; p++) {
            trace.add(cluster.ensemble.partitionState(new TopicPartition("t", p)).toString());
        }
        trace.add(cluster.admin.topic("t").toString());
        return trace;
    }

    private static void checkInvariants(SimCluster cluster, Map<Integer, Integer> epochs, String where) {
        assertThat(cluster.brokers.values().stream().filter(b -> b.controller.isActive()).count())
            .as(where + ": active controllers").isLessThanOrEqualTo(1);
        cluster.brokers.values().stream().filter(b -> b.controller.isActive()).forEach(b ->
            assertThat(b.controller.context().statuses().invalidTransitions()).as(where + ": invalid transitions")
                .isZero());
        for (int p = 0; p < 4; p++) {
            var state = cluster.ensemble.partitionState(new TopicPartition("t", p)).orElseThrow();
            List<Integer> replicas = cluster.admin.topic("t").orElseThrow().assignment().get(p);
            String what = where + ": t-" + p + " " + state;
            if (state.hasLeader()) {
                assertThat(state.isr()).as(what).contains(state.leader());
            }
            assertThat(replicas).as(what).containsAll(state.isr());
            assertThat(state.eligibleLeaderReplicas().stream().filter(state.isr()::contains)).as(what).isEmpty();
            Integer previous = epochs.put(p, state.leaderEpoch());
            assertThat(state.leaderEpoch()).as(what).isGreaterThanOrEqualTo(previous == null ? 0 : previous);
        }
    }
}
