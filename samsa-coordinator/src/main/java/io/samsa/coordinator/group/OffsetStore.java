package io.samsa.coordinator.group;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed offsets of one shard: group → topic → partition → offset. Only committed (appended) records are here:
 * a commit becomes visible once its append completes, so OffsetFetch never sees an offset that could be lost.
 *
 * <p>Later records win: an offset is replaced or removed only by a record with a higher log offset, which keeps the
 * store equal to a replay of the log even if appends of one partition complete out of order. Not thread-safe: used on
 * the coordinator thread (or by a loader before the shard is published).
 */
final class OffsetStore {
    private final Map<String, Map<String, Map<Integer, CommittedOffset>>> offsets = new HashMap<>();

    /** Applies a commit record at {@code offset.recordOffset()} unless a later record already covers the partition. */
    void put(String groupId, TopicPartition tp, CommittedOffset offset) {
        Map<Integer, CommittedOffset> partitions = offsets.computeIfAbsent(groupId, g -> new TreeMap<>())
            .computeIfAbsent(tp.topic(), t -> new TreeMap<>());
        CommittedOffset current = partitions.get(tp.partition());
        if (current == null || current.recordOffset() < offset.recordOffset()) {
            partitions.put(tp.partition(), offset);
        }
    }

    /** Applies a tombstone at {@code recordOffset}. */
    void remove(String groupId, TopicPartition tp, long recordOffset) {
        Map<String, Map<Integer, CommittedOffset>> topics = offsets.get(groupId);
        if (topics == null) {
            return;
        }
        Map<Integer, CommittedOffset> partitions = topics.get(tp.topic());
        if (partitions == null) {
            return;
        }
        CommittedOffset current = partitions.get(tp.partition());
        if (current != null && current.recordOffset() < recordOffset) {
            partitions.remove(tp.partition());
            if (partitions.isEmpty()) {
                topics.remove(tp.topic());
            }
            if (topics.isEmpty()) {
                offsets.remove(groupId);
            }
        }
    }

    CommittedOffset get(String groupId, String topic, int partition) {
        Map<String, Map<Integer, CommittedOffset>> topics = offsets.get(groupId);
        if (topics == null) {
            return null;
        }
        Map<Integer, CommittedOffset> partitions = topics.get(topic);
        return partitions == null ? null : partitions.get(partition);
    }

    /** Topic → partition → offset of a group, sorted; empty if it has none. Read-only view. */
    Map<String, Map<Integer, CommittedOffset>> offsetsOf(String groupId) {
        Map<String, Map<Integer, CommittedOffset>> topics = offsets.get(groupId);
        return topics == null ? Map.of() : Collections.unmodifiableMap(topics);
    }

    boolean hasOffsets(String groupId) {
        return offsets.containsKey(groupId);
    }

    /** Group ids with at least one committed offset. */
    Iterable<String> groupIds() {
        return offsets.keySet();
    }

    /** Forgets a group's offsets (after its deletion was persisted). */
    void removeGroup(String groupId) {
        offsets.remove(groupId);
    }
}
