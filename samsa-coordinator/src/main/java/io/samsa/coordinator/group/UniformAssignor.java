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
 * The {@code uniform} assignor (Kafka's default): spreads all partitions of the subscribed topics evenly over the
 * members and keeps partitions where they are whenever balance allows (sticky), so that a membership change moves as
 * few partitions as possible.
 *
 * <p>Three passes: (1) each member keeps the partitions of its current target that still exist and that it still
 * subscribes to; (2) every other partition goes to the least loaded member subscribed to its topic (ties to the
 * smaller member id); (3) while some member holds at least two partitions more than another member that subscribes to
 * one of those partitions' topics, one such partition moves. With identical subscriptions the result differs by at most
 * one partition between members (e.g. 6 partitions, 3 members: 2 each; a 4th member takes one partition from two of
 * them: 2, 2, 1, 1). With different subscriptions it balances greedily, which may be less even than Kafka's
 * general-case algorithm. Stateless.
 */
final class UniformAssignor implements PartitionAssignor {
    static final String NAME = "uniform";
    static final UniformAssignor INSTANCE = new UniformAssignor();

    private UniformAssignor() {
    }

    @Override
    public String name() {
        return NAME;
    }

    private record TopicPartitionRef(TopicsImage.Topic topic, int partition) {
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(Spec spec) {
        List<String> members = new ArrayList<>(spec.subscriptions().keySet());
        Map<String, Set<TopicPartitionRef>> owned = new HashMap<>();
        members.forEach(m -> owned.put(m, new TreeSet<>(UniformAssignor::compare)));
        Map<Uuid, TopicsImage.Topic> byId = new HashMap<>();
        spec.topics().values().forEach(t -> byId.put(t.id(), t));

        // (1) Stickiness.
        Set<TopicPartitionRef> taken = new java.util.HashSet<>();
        for (String m : members) {
            Set<String> subscribed = spec.subscriptions().get(m);
            spec.currentTarget().getOrDefault(m, Map.of()).forEach((id, ps) -> {
                TopicsImage.Topic t = byId.get(id);
                if (t == null || !subscribed.contains(t.name())) {
                    return;
                }
                for (int p : ps) {
                    TopicPartitionRef ref = new TopicPartitionRef(t, p);
                    if (p < t.partitionCount() && taken.add(ref)) {
                        owned.get(m).add(ref);
                    }
                }
            });
        }
        // (2) The rest to the least loaded subscriber.
        for (TopicsImage.Topic t : new TreeMap<>(spec.topics()).values()) {
            for (int p = 0; p < t.partitionCount(); p++) {
                TopicPartitionRef ref = new TopicPartitionRef(t, p);
                if (taken.contains(ref)) {
                    continue;
                }
                String best = null;
                for (String m : members) {
                    if (spec.subscriptions().get(m).contains(t.name())
                        && (best == null || owned.get(m).size() < owned.get(best).size())) {
                        best = m;
                    }
                }
                if (best != null) {
                    owned.get(best).add(ref);
                    taken.add(ref);
                }
            }
        }
        // (3) Balance.
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> byLoad = new ArrayList<>(members);
            byLoad.sort((a, b) -> owned.get(b).size() != owned.get(a).size()
                ? Integer.compare(owned.get(b).size(), owned.get(a).size()) : a.compareTo(b));
            outer:
            for (String donor : byLoad) {
                List<TopicPartitionRef> candidates = new ArrayList<>(owned.get(donor));
                java.util.Collections.reverse(candidates); // Give away the last partitions, keep the first.
                for (TopicPartitionRef ref : candidates) {
                    String recipient = null;
                    for (String m : members) {
                        if (owned.get(m).size() <= owned.get(donor).size() - 2
                            && spec.subscriptions().get(m).contains(ref.topic().name())
                            && (recipient == null || owned.get(m).size() < owned.get(recipient).size())) {
                            recipient = m;
                        }
                    }
                    if (recipient != null) {
                        owned.get(donor).remove(ref);
                        owned.get(recipient).add(ref);
                        moved = true;
                        break outer;
                    }
                }
            }
        }
        Map<String, Map<Uuid, Set<Integer>>> out = new HashMap<>();
        owned.forEach((m, refs) -> {
            Map<Uuid, Set<Integer>> a = new TreeMap<>();
            refs.forEach(r -> a.computeIfAbsent(r.topic().id(), id -> new TreeSet<>()).add(r.partition()));
            out.put(m, a);
        });
        return out;
    }

    private static int compare(TopicPartitionRef a, TopicPartitionRef b) {
        int c = a.topic().name().compareTo(b.topic().name());
        return c != 0 ? c : Integer.compare(a.partition(), b.partition());
    }
}
