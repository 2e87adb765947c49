package io.samsa.coordinator.group;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.apache.kafka.common.Uuid;

/**
 * A server-side assignor of KIP-848 consumer groups: from the members' subscriptions and the subscribed topics, the
 * target assignment. It must be deterministic (same input, same output) and give each partition of a subscribed topic
 * to exactly one member that subscribes to it. Stateless implementations, thread-safe.
 */
interface PartitionAssignor {

    /**
     * What an assignor gets.
     *
     * @param subscriptions member id → names of the topics it subscribes to that exist (sorted by member id)
     * @param topics        the subscribed topics that exist, by name
     * @param currentTarget member id → its current target assignment (for stickiness); members may be missing
     */
    record Spec(SortedMap<String, Set<String>> subscriptions, Map<String, TopicsImage.Topic> topics,
                Map<String, Map<Uuid, Set<Integer>>> currentTarget) {
    }

    /** The name members ask for in {@code serverAssignor} and {@code group.consumer.assignors} lists. */
    String name();

    /** Member id → target partitions, for every member of the spec (possibly empty). */
    Map<String, Map<Uuid, Set<Integer>>> assign(Spec spec);

    /** The assignor with this name, or null. */
    static PartitionAssignor named(String name) {
        return switch (name) {
            case UniformAssignor.NAME -> UniformAssignor.INSTANCE;
            case RangeAssignor.NAME -> RangeAssignor.INSTANCE;
            default -> null;
        };
    }
}
