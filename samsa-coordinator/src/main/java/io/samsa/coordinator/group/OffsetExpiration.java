package io.samsa.coordinator.group;

import io.samsa.coordinator.runtime.CoordinatorTimers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires committed offsets every {@code offsets.retention.check.interval.ms}, as Kafka 2.1+ does (KIP-211):
 * offsets of an Empty group expire {@code offsets.retention.minutes} after the group became Empty; offsets of a
 * Stable consumer group expire that long after their commit only for topics no member subscribes to any more;
 * offsets of a "simple" group (no protocol type) expire that long after their commit; an explicit expire timestamp
 * (OffsetCommit v2-v4 retention) wins. Expired offsets get tombstones; an Empty group left without offsets is
 * deleted too (group tombstone). Not thread-safe: coordinator thread only.
 */
final class OffsetExpiration {
    private static final Logger log = LoggerFactory.getLogger(OffsetExpiration.class);

    private final GroupShard shard;

    OffsetExpiration(GroupShard shard) {
        this.shard = shard;
    }

    void schedule() {
        shard.timers().schedule(GroupTimerKeys.OFFSETS_EXPIRATION_KEY,
            shard.config().offsetsRetentionCheckIntervalMs(), this::runAndReschedule);
    }

    private void runAndReschedule() {
        try {
            run();
        } finally {
            if (shard.isActive()) {
                schedule();
            }
        }
    }

    private record Expired(String groupId, TopicPartition tp) {
    }

    /** One expiration pass: writes the tombstones and applies them once appended. */
    void run() {
        long now = shard.time().milliseconds();
        List<SimpleRecord> records = new ArrayList<>();
        // One entry per record, in record order: the expired offset, or null for a group tombstone.
        List<Expired> expired = new ArrayList<>();
        List<Group> deletedGroups = new ArrayList<>();
        List<Runnable> reverts = new ArrayList<>();

        Set<String> groupIds = new LinkedHashSet<>();
        shard.offsets().groupIds().forEach(groupIds::add);
        shard.groups().forEach(g -> groupIds.add(g.groupId()));
        for (String groupId : groupIds) {
            Group group = shard.group(groupId);
            if (group == null || group.isDead()) {
                continue;
            }
            boolean allExpired = expireOffsets(group, now, records, expired);
            boolean hasPendingMembers = group instanceof ClassicGroup cg && cg.hasPendingMembers();
            if (allExpired && group.isEmpty() && !hasPendingMembers) {
                for (var key : group.tombstoneKeys()) {
                    records.add(shard.tombstone(key));
                    expired.add(null);
                }
                deletedGroups.add(group);
                reverts.add(group.markDeleted());
            }
        }
        if (records.isEmpty()) {
            return;
        }
        log.info("Expiring {} offsets and deleting {} empty groups in {}", expired.stream().filter(x -> x != null).count(),
            deletedGroups.size(),
            shard.topicPartition());
        shard.append(records, (lastOffset, error) -> {
            if (!shard.isActive()) {
                return;
            }
            if (error != Errors.NONE) {
                log.warn("Failed to write tombstones of expired offsets in {}: {}", shard.topicPartition(), error);
                for (int i = 0; i < deletedGroups.size(); i++) {
                    if (shard.group(deletedGroups.get(i).groupId()) == deletedGroups.get(i)) {
                        reverts.get(i).run();
                    }
                }
                return;
            }
            long recordOffset = lastOffset - records.size() + 1;
            for (Expired x : expired) {
                if (x != null) {
                    shard.offsets().remove(x.groupId(), x.tp(), recordOffset);
                }
                recordOffset++;
            }
            for (Group g : deletedGroups) {
                if (shard.group(g.groupId()) == g) {
                    shard.removeGroup(g.groupId());
                    shard.offsets().removeGroup(g.groupId());
                }
            }
        });
    }

    /** Adds tombstones for the group's expired offsets; true if the group has no offset left afterwards. */
    private boolean expireOffsets(Group group, long now, List<SimpleRecord> records, List<Expired> expired) {
        Map<String, Map<Integer, CommittedOffset>> offsets = shard.offsets().offsetsOf(group.groupId());
        if (offsets.isEmpty()) {
            return true;
        }
        Optional<OffsetExpirationCondition> condition = group.offsetExpirationCondition();
        if (condition.isEmpty()) {
            return false;
        }
        long retentionMs = shard.config().offsetsRetentionMs();
        boolean allExpired = true;
        for (Map.Entry<String, Map<Integer, CommittedOffset>> topic : offsets.entrySet()) {
            if (group.isSubscribedToTopic(topic.getKey())) {
                allExpired = false;
                continue;
            }
            for (Map.Entry<Integer, CommittedOffset> p : topic.getValue().entrySet()) {
                if (condition.get().isExpired(p.getValue(), now, retentionMs)) {
                    TopicPartition tp = new TopicPartition(topic.getKey(), p.getKey());
                    records.add(shard.offsetCommitRecord(group.groupId(), tp, null));
                    expired.add(new Expired(group.groupId(), tp));
                } else {
                    allExpired = false;
                }
            }
        }
        return allExpired;
    }
}
