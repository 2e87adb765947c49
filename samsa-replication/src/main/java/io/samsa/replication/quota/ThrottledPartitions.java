package io.samsa.replication.quota;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which partitions of one topic a broker throttles, read from the topic config
 * {@code leader.replication.throttled.replicas} or {@code follower.replication.throttled.replicas}: the wildcard
 * {@code *} throttles every partition, otherwise a list {@code partition:brokerId,...} throttles the partitions
 * listed with this broker's id (Kafka's {@code TopicConfigHandler} rule: each broker only reads its own entries).
 *
 * @param all        every partition of the topic is throttled
 * @param partitions the throttled partitions when not {@code all}
 */
public record ThrottledPartitions(boolean all, Set<Integer> partitions) {
    public static final ThrottledPartitions NONE = new ThrottledPartitions(false, Set.of());
    public static final ThrottledPartitions ALL = new ThrottledPartitions(true, Set.of());

    public ThrottledPartitions {
        partitions = Set.copyOf(partitions);
    }

    /**
     * Parses a config value (already validated by the topic config rules) for broker {@code brokerId}; null or
     * blank means nothing is throttled. Entries that do not parse are ignored.
     */
    public static ThrottledPartitions parse(String value, int brokerId) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        if (value.trim().equals("*")) {
            return ALL;
        }
        Set<Integer> out = new TreeSet<>();
        for (String entry : value.split(",")) {
            String[] pair = entry.trim().split(":");
            if (pair.length != 2) {
                continue;
            }
            try {
                if (Integer.parseInt(pair[1].trim()) == brokerId) {
                    out.add(Integer.parseInt(pair[0].trim()));
                }
            } catch (NumberFormatException e) {
                // not a valid pair; the config validator refuses these, so only a hand-written znode gets here
            }
        }
        return out.isEmpty() ? NONE : new ThrottledPartitions(false, out);
    }

    public boolean contains(int partition) {
        return all || partitions.contains(partition);
    }

    public boolean isEmpty() {
        return !all && partitions.isEmpty();
    }
}
