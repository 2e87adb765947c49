package io.samsa.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;

/**
 * Chooses replicas for new partitions: round-robin over the live brokers (sorted by id) from a start index, so
 * leaders (first replicas) spread evenly and the followers of a partition are distinct brokers. Rack awareness
 * comes with the multi-broker cluster. Pure function of its inputs.
 */
final class ReplicaAssigner {
    private ReplicaAssigner() {
    }

    static SortedMap<Integer, List<Integer>> assign(List<Integer> liveBrokers, int firstPartition, int count,
                                                    int replicationFactor, int startIndex) {
        if (replicationFactor > liveBrokers.size()) {
            throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + liveBrokers.size() + ".");
        }
        List<Integer> brokers = new ArrayList<>(liveBrokers);
        brokers.sort(null);
        int n = brokers.size();
        SortedMap<Integer, List<Integer>> out = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int p = firstPartition + i;
            // Shift followers by a per-round offset so replica sets vary, as Kafka's assignment does.
            int shift = 1 + (p / n) % Math.max(1, n - replicationFactor + 1);
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            int leaderIdx = (startIndex + p) % n;
            replicas.add(brokers.get(leaderIdx));
            for (int r = 1; r < replicationFactor; r++) {
                // shift + r - 1 stays within 1..n-1, so followers are distinct and never the leader.
                replicas.add(brokers.get((leaderIdx + shift + r - 1) % n));
            }
            out.put(p, replicas);
        }
        return out;
    }
}
