package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ClassicGroupState.EMPTY;
import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import io.samsa.coordinator.PartitionWriter;
import io.samsa.coordinator.group.record.ConsumerGroupKey;
import io.samsa.coordinator.group.record.GroupMetadataKey;
import io.samsa.coordinator.group.record.GroupMetadataValue;
import io.samsa.coordinator.group.record.GroupRecordSerde;
import io.samsa.coordinator.group.record.OffsetCommitKey;
import io.samsa.coordinator.group.record.OffsetCommitValue;
import java.nio.BufferUnderflowException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a shard from its {@code __consumer_offsets} partition.
 *
 * <p>{@link #replay} runs on the loader thread and touches no shared state: it reads every record in offset order,
 * later records winning and tombstones deleting, into a private {@link Loaded}. The log is read from its start: with
 * {@code cleanup.policy=compact} the cleaner keeps only the last record per key (and drops old tombstones), which is
 * what bounds the time a load takes; until compaction exists the replay reads every record ever written. Records it
 * cannot decode are logged and skipped, so one bad record does not make the partition's groups unavailable.
 *
 * <p>KIP-848 consumer group records are gathered per group by {@link ConsumerGroupLoading} and come back with their
 * epochs, members, target and current assignments; their members get fresh session timeouts.
 *
 * <p>{@link #install} runs on the coordinator thread: classic groups with members come back Stable with their last
 * assignment and fresh session timers (members that are gone then expire), groups without members come back Empty;
 * offsets without group metadata belong to a "simple" group (Empty, no protocol type).
 */
final class GroupLoader {
    private static final Logger log = LoggerFactory.getLogger(GroupLoader.class);

    private GroupLoader() {
    }

    /** What a replay found. */
    record Loaded(OffsetStore offsets, PendingTxnOffsets pendingTxnOffsets, Map<String, GroupMetadataValue> groups,
                  ConsumerGroupLoading consumerGroups, long endOffset, long records, long skipped) {
    }

    static Loaded replay(PartitionWriter writer, TopicPartition tp) {
        Replay replay = new Replay(tp);
        long end = writer.replay(tp, replay);
        return new Loaded(replay.offsets, replay.pending, replay.groups, replay.consumerGroups, end, replay.records,
            replay.skipped);
    }

    /** What one replay gathers. Transactional offsets wait in {@code pending} for their producer's marker. */
    private static final class Replay implements PartitionWriter.ReplaySink {
        final TopicPartition tp;
        final OffsetStore offsets = new OffsetStore();
        final PendingTxnOffsets pending = new PendingTxnOffsets();
        final Map<String, GroupMetadataValue> groups = new HashMap<>();
        final ConsumerGroupLoading consumerGroups = new ConsumerGroupLoading();
        long records;
        long skipped;

        Replay(TopicPartition tp) {
            this.tp = tp;
        }

        @Override
        public void marker(long producerId, boolean commit, long offset) {
            pending.complete(producerId, commit, offsets);
        }

        @Override
        public void record(Record record, long producerId, short producerEpoch) {
            records++;
            if (producerId != RecordBatch.NO_PRODUCER_ID) {
                pending.observeSequence(producerId, producerEpoch, record.sequence());
            }
            GroupRecordSerde.Decoded<?, ?> decoded;
            try {
                decoded = GroupRecordSerde.decode(record);
            } catch (SchemaException | BufferUnderflowException | IllegalArgumentException e) {
                skipped++;
                log.warn("Skipping undecodable record at offset {} of {}: {}", record.offset(), tp, e.toString());
                return;
            }
            if (decoded == null) {
                skipped++; // A record kind Samsa does not know (regexes, share and streams groups).
                return;
            }
            if (decoded.key() instanceof ConsumerGroupKey k) {
                consumerGroups.apply(k, decoded.value());
            } else if (decoded.key() instanceof OffsetCommitKey k) {
                TopicPartition partition = new TopicPartition(k.topic(), k.partition());
                if (decoded.isTombstone()) {
                    offsets.remove(k.group(), partition, record.offset());
                } else if (producerId != RecordBatch.NO_PRODUCER_ID) {
                    pending.put(producerId, k.group(), partition,
                        CommittedOffset.of((OffsetCommitValue) decoded.value(), record.offset()));
                } else {
                    offsets.put(k.group(), partition,
                        CommittedOffset.of((OffsetCommitValue) decoded.value(), record.offset()));
                }
            } else if (decoded.key() instanceof GroupMetadataKey k) {
                if (decoded.isTombstone()) {
                    groups.remove(k.group());
                } else {
                    groups.put(k.group(), (GroupMetadataValue) decoded.value());
                }
            }
        }
    }

    static void install(GroupShard shard, Loaded loaded) {
        loaded.groups().forEach((groupId, value) -> shard.addGroup(restore(shard, groupId, value)));
        // A consumer group replaced an Empty classic group by a tombstone: both cannot be live, consumer wins.
        loaded.consumerGroups().restore().forEach(shard::addGroup);
        for (Iterable<String> ids : List.of(loaded.offsets().groupIds(), loaded.pendingTxnOffsets().groupIds())) {
            for (String groupId : ids) {
                if (shard.group(groupId) == null) {
                    shard.addGroup(new ClassicGroup(groupId, EMPTY, shard.time()));
                }
            }
        }
        int maxSize = shard.config().groupMaxSize();
        for (Group g : List.copyOf(shard.groups())) {
            if (g instanceof ClassicGroup cg) {
                cg.allMembers().forEach(m -> shard.rebalancer().rescheduleHeartbeat(cg, m));
                if (cg.numMembers() > maxSize) {
                    // group.max.size was lowered: rebalance so that the last joiners are shed.
                    shard.rebalancer().prepareRebalance(cg, "Freshly-loaded group " + cg.groupId() + " (size "
                        + cg.numMembers() + ") is over capacity " + maxSize);
                }
            } else if (g instanceof ConsumerGroup cg) {
                shard.consumerRebalancer().scheduleLoadedTimers(cg);
            }
        }
        log.info("Loaded {} groups from {} ({} records, {} skipped, end offset {})", shard.groups().size(),
            shard.topicPartition(), loaded.records(), loaded.skipped(), loaded.endOffset());
    }

    private static ClassicGroup restore(GroupShard shard, String groupId, GroupMetadataValue value) {
        boolean hasMembers = !value.members().isEmpty() && value.protocol() != null;
        String leader = hasMembers && value.members().stream().anyMatch(m -> m.memberId().equals(value.leader()))
            ? value.leader() : null; // null: the first member becomes leader
        String protocolType = value.protocolType().isEmpty() ? null : value.protocolType();
        ClassicGroup group = new ClassicGroup(groupId, hasMembers ? STABLE : EMPTY, shard.time(), value.generation(),
            protocolType, hasMembers ? value.protocol() : null, leader,
            value.currentStateTimestamp());
        if (hasMembers) {
            for (GroupMetadataValue.MemberMetadata m : value.members()) {
                int rebalanceTimeout = m.rebalanceTimeout() == -1 ? m.sessionTimeout() : m.rebalanceTimeout();
                group.add(new ClassicGroupMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    rebalanceTimeout, m.sessionTimeout(), protocolType,
                    List.of(new ClassicGroupMember.Protocol(value.protocol(), m.subscription())), m.assignment()),
                    null);
            }
        }
        group.setSubscribedTopics(group.computeSubscribedTopics());
        return group;
    }
}
