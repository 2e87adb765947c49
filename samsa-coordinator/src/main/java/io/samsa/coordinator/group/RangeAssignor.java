package io.samsa.coordinator.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The {@code range} assignor: per topic, the subscribers sorted by member id get consecutive ranges of partitions, the
 * first {@code partitions % subscribers} one partition more. E.g. 7 partitions over members a, b, c: a gets 0-2,
 * b 3-4, c 5-6. Members subscribed to the same topics with the same partition counts so get the same partition
 * numbers of every topic (co-partitioning), like the client-side RangeAssignor.
 *
 * <p>Unlike Kafka's server-side range assignor it is not sticky: a membership change may move partitions between
 * members that both stay. Stateless.
 */
final class RangeAssignor implements PartitionAssignor {
    static final String NAME = "range";
    static final RangeAssignor INSTANCE = new RangeAssignor();

    private RangeAssignor() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(Spec spec) {
        Map<String, Map<Uuid, Set<Integer>>> out = new HashMap<>();
        spec.subscriptions().keySet().forEach(m -> out.put(m, new TreeMap<>()));
        for (TopicsImage.Topic topic : new TreeMap<>(spec.topics()).values()) {
            List<String> subscribers = new ArrayList<>();
            spec.subscriptions().forEach((m, topics) -> {
                if (topics.contains(topic.name())) {
                    subscribers.add(m); // Sorted: subscriptions is sorted by member id.
                }
            });
            if (subscribers.isEmpty()) {
                continue;
            }
            int per = topic.partitionCount() / subscribers.size();
            int extra = topic.partitionCount() % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = per + (i < extra ? 1 : 0);
                if (count == 0) {
                    continue;
                }
                Set<Integer> ps = out.get(subscribers.get(i)).computeIfAbsent(topic.id(), id -> new TreeSet<>());
                for (int p = next; p < next + count; p++) {
                    ps.add(p);
                }
                next += count;
            }
        }
        return out;
    }
}
