package io.samsa.coordinator.group;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

/**
 * Helpers for assignments as KIP-848 keeps them: topic id → partitions, always sorted and never holding an empty
 * partition set (so that equal assignments are equal maps). Stateless.
 */
final class Assignments {
    static final Map<Uuid, Set<Integer>> EMPTY = Collections.emptyMap();

    private Assignments() {
    }

    /** A sorted, deep, unmodifiable copy without empty sets. */
    static Map<Uuid, Set<Integer>> copyOf(Map<Uuid, ? extends Set<Integer>> a) {
        TreeMap<Uuid, Set<Integer>> out = new TreeMap<>();
        a.forEach((id, ps) -> {
            if (!ps.isEmpty()) {
                out.put(id, Collections.unmodifiableSet(new TreeSet<>(ps)));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static boolean contains(Map<Uuid, Set<Integer>> a, Uuid topicId, int partition) {
        Set<Integer> ps = a.get(topicId);
        return ps != null && ps.contains(partition);
    }

    /** The partitions a heartbeat says the member owns; null stays null (not sent). */
    static Map<Uuid, Set<Integer>> fromRequest(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        if (owned == null) {
            return null;
        }
        TreeMap<Uuid, Set<Integer>> out = new TreeMap<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions tp : owned) {
            out.computeIfAbsent(tp.topicId(), id -> new TreeSet<>()).addAll(tp.partitions());
        }
        return copyOf(out);
    }

    static ConsumerGroupHeartbeatResponseData.Assignment toResponse(Map<Uuid, Set<Integer>> a) {
        ConsumerGroupHeartbeatResponseData.Assignment out = new ConsumerGroupHeartbeatResponseData.Assignment();
        a.forEach((id, ps) -> out.topicPartitions().add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
            .setTopicId(id).setPartitions(List.copyOf(ps))));
        return out;
    }

    /** True if every partition of {@code owned} is in {@code assignment} (Kafka's isSubset; null owned: false). */
    static boolean isSubset(Map<Uuid, Set<Integer>> owned, Map<Uuid, Set<Integer>> assignment) {
        if (owned == null) {
            return false;
        }
        for (Map.Entry<Uuid, Set<Integer>> e : owned.entrySet()) {
            Set<Integer> ps = assignment.get(e.getKey());
            if (ps == null || !ps.containsAll(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** True if {@code owned} (null: not reported, assumed to still own everything) has any partition of {@code a}. */
    static boolean ownsAnyOf(Map<Uuid, Set<Integer>> owned, Map<Uuid, Set<Integer>> a) {
        if (owned == null) {
            return true;
        }
        for (Map.Entry<Uuid, Set<Integer>> e : owned.entrySet()) {
            Set<Integer> ps = a.get(e.getKey());
            if (ps != null && !Collections.disjoint(ps, e.getValue())) {
                return true;
            }
        }
        return false;
    }
}
