package io.samsa.coordinator.group;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets written by TxnOffsetCommit whose transaction is not decided yet: producer id → group → partition → offset.
 * A commit marker moves a producer's offsets into the {@link OffsetStore} (a later record still wins), an abort marker
 * drops them. While a partition of a group has one, OffsetFetch with {@code require_stable} answers
 * UNSTABLE_OFFSET_COMMIT for it.
 *
 * <p>Also the next sequence number of each producer's transactional batches on this partition, since the log
 * validates sequences of every idempotent batch. Not thread-safe: coordinator thread (or a loader before the shard is
 * published).
 */
final class PendingTxnOffsets {
    private final Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> byProducer = new HashMap<>();
    private final Map<Long, long[]> sequences = new HashMap<>();

    void put(long producerId, String groupId, TopicPartition tp, CommittedOffset offset) {
        byProducer.computeIfAbsent(producerId, p -> new HashMap<>())
            .computeIfAbsent(groupId, g -> new HashMap<>())
            .merge(tp, offset, (a, b) -> a.recordOffset() < b.recordOffset() ? b : a);
    }

    boolean hasPending(String groupId, String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        for (Map<String, Map<TopicPartition, CommittedOffset>> groups : byProducer.values()) {
            Map<TopicPartition, CommittedOffset> offsets = groups.get(groupId);
            if (offsets != null && offsets.containsKey(tp)) {
                return true;
            }
        }
        return false;
    }

    boolean hasPending(String groupId) {
        return byProducer.values().stream().anyMatch(g -> g.containsKey(groupId));
    }

    /** Applies a marker of {@code producerId}: on commit its offsets join {@code store}; either way they are gone. */
    void complete(long producerId, boolean commit, OffsetStore store) {
        Map<String, Map<TopicPartition, CommittedOffset>> groups = byProducer.remove(producerId);
        if (commit && groups != null) {
            groups.forEach((groupId, offsets) -> offsets.forEach((tp, o) -> store.put(groupId, tp, o)));
        }
    }

    /** Groups with pending offsets of any producer. */
    Iterable<String> groupIds() {
        return byProducer.values().stream().flatMap(g -> g.keySet().stream()).distinct().toList();
    }

    /**
     * A transactional record of this producer with {@code sequence} is in the log (loading): its next batch at
     * {@code epoch} must follow it, or the log rejects it as out of order.
     */
    void observeSequence(long producerId, short epoch, int sequence) {
        long[] s = sequences.get(producerId);
        if (s == null || s[0] < epoch || (s[0] == epoch && s[1] <= sequence)) {
            sequences.put(producerId, new long[] {epoch, sequence + 1L});
        }
    }

    /**
     * The base sequence for the next batch of {@code count} records of this producer at {@code epoch}: 0 for a new
     * epoch, else following the previous batch.
     */
    int nextSequence(long producerId, short epoch, int count) {
        long[] s = sequences.get(producerId);
        int base = s == null || s[0] != epoch ? 0 : (int) s[1];
        sequences.put(producerId, new long[] {epoch, base + (long) count});
        return base;
    }
}
