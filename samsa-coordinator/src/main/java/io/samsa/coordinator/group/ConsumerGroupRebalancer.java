package io.samsa.coordinator.group;

import io.samsa.coordinator.runtime.CoordinatorTimers;
import io.samsa.coordinator.group.record.ConsumerGroupKey;
import io.samsa.coordinator.group.record.ConsumerGroupKey.Kind;
import io.samsa.coordinator.group.record.ConsumerGroupValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mechanics shared by every change of a KIP-848 consumer group: resolving subscriptions against the topics,
 * bumping the group epoch, computing the target assignment, removing (fencing) members, the session and rebalance
 * timeouts, and the records each change writes. Each method changes the group in memory and adds the records that make
 * the change durable to the caller's list; the caller appends them (see {@link GroupShard#append}) before answering.
 *
 * <p>Memory is changed before the append completes (as Kafka's coordinator replays its own records at once), so that
 * the next heartbeat sees this one's outcome. An append that fails is logged; the group then runs ahead of the log
 * until its next change is written, or until the partition is unloaded (the usual cause of a failed append), when
 * the state is rebuilt from the log. Not thread-safe: coordinator thread only.
 */
final class ConsumerGroupRebalancer {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupRebalancer.class);

    private final GroupShard shard;
    private final Map<String, Pattern> patterns = new HashMap<>();

    ConsumerGroupRebalancer(GroupShard shard) {
        this.shard = shard;
    }

    ConsumerGroupConfig config() {
        return shard.config().consumerGroups();
    }

    // ---- subscriptions and epochs ----

    /**
     * Recomputes the group's subscribed topic names (members' names plus the topics their regexes match) and the
     * metadata of those that exist. Returns true, and adds a ConsumerGroupPartitionMetadata record, if the metadata
     * changed: the target assignment is then stale.
     */
    boolean refreshSubscriptions(ConsumerGroup group, List<SimpleRecord> records) {
        Map<String, TopicsImage.Topic> all = shard.topics().topics();
        Set<String> names = new TreeSet<>();
        Set<String> regexes = new HashSet<>();
        for (ConsumerGroupMember m : group.members()) {
            names.addAll(m.subscribedTopicNames());
            if (m.subscribedTopicRegex() != null) {
                regexes.add(m.subscribedTopicRegex());
            }
        }
        for (String regex : regexes) {
            Pattern p = patterns.computeIfAbsent(regex, Pattern::compile);
            for (String topic : all.keySet()) {
                if (!Topic.isInternal(topic) && p.matcher(topic).matches()) {
                    names.add(topic);
                }
            }
        }
        Map<String, TopicsImage.Topic> metadata = new TreeMap<>();
        for (String name : names) {
            TopicsImage.Topic t = all.get(name);
            if (t != null) {
                metadata.put(name, t);
            }
        }
        group.setSubscribedTopicNames(names);
        if (metadata.equals(group.subscriptionMetadata())) {
            return false;
        }
        group.setSubscriptionMetadata(metadata);
        records.add(partitionMetadataRecord(group));
        return true;
    }

    void bumpGroupEpoch(ConsumerGroup group, List<SimpleRecord> records) {
        group.setGroupEpoch(group.groupEpoch() + 1);
        records.add(record(ConsumerGroupKey.group(Kind.GROUP_METADATA, group.groupId()),
            new ConsumerGroupValues.GroupMetadata(group.groupEpoch())));
    }

    /** Computes a new target assignment if the group epoch moved past it. */
    void maybeComputeTargetAssignment(ConsumerGroup group, List<SimpleRecord> records) {
        if (group.groupEpoch() <= group.assignmentEpoch()) {
            return;
        }
        TreeMap<String, Set<String>> subscriptions = new TreeMap<>();
        for (ConsumerGroupMember m : group.members()) {
            Set<String> topics = new TreeSet<>();
            for (String name : group.subscriptionMetadata().keySet()) {
                if (subscribes(m, name)) {
                    topics.add(name);
                }
            }
            subscriptions.put(m.memberId(), topics);
        }
        String assignorName = group.preferredAssignor(config().defaultAssignor());
        PartitionAssignor assignor = Objects.requireNonNull(PartitionAssignor.named(assignorName), assignorName);
        Map<String, Map<Uuid, Set<Integer>>> target = assignor.assign(
            new PartitionAssignor.Spec(subscriptions, group.subscriptionMetadata(), group.targetAssignment()));
        for (ConsumerGroupMember m : group.members()) {
            Map<Uuid, Set<Integer>> a = Assignments.copyOf(target.getOrDefault(m.memberId(), Map.of()));
            if (!a.equals(group.targetAssignment(m.memberId())) || !group.targetAssignment().containsKey(m.memberId())) {
                group.setTargetAssignment(m.memberId(), a);
                records.add(record(ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, group.groupId(),
                    m.memberId()), new ConsumerGroupValues.TargetAssignmentMember(a)));
            }
        }
        group.setAssignmentEpoch(group.groupEpoch());
        records.add(record(ConsumerGroupKey.group(Kind.TARGET_ASSIGNMENT_METADATA, group.groupId()),
            new ConsumerGroupValues.TargetAssignmentMetadata(group.assignmentEpoch())));
        log.info("[GroupId {}] Computed target assignment of epoch {} with the {} assignor for {} members",
            group.groupId(), group.assignmentEpoch(), assignorName, group.numMembers());
    }

    private boolean subscribes(ConsumerGroupMember m, String topic) {
        if (m.subscribedTopicNames().contains(topic)) {
            return true;
        }
        return m.subscribedTopicRegex() != null
            && patterns.computeIfAbsent(m.subscribedTopicRegex(), Pattern::compile).matcher(topic).matches();
    }

    /**
     * A topic was created, deleted or grew: if the group's subscribed topics changed, bump its epoch and compute a new
     * target assignment, which members pick up with their next heartbeat.
     */
    void onTopicsChanged(ConsumerGroup group) {
        if (group.isDead() || group.isEmpty()) {
            return;
        }
        List<SimpleRecord> records = new ArrayList<>();
        if (refreshSubscriptions(group, records)) {
            bumpGroupEpoch(group, records);
            maybeComputeTargetAssignment(group, records);
            log.info("[GroupId {}] Subscribed topics changed; group epoch is now {}", group.groupId(),
                group.groupEpoch());
        }
        append(group, records, "topic metadata change");
    }

    // ---- members ----

    /** Removes a member and everything about it, bumps the epoch and reassigns its partitions. */
    void removeMember(ConsumerGroup group, ConsumerGroupMember member, List<SimpleRecord> records) {
        cancelTimers(group, member.memberId());
        addMemberTombstones(group, member.memberId(), records);
        group.removeMember(member.memberId());
        refreshSubscriptions(group, records);
        bumpGroupEpoch(group, records);
        maybeComputeTargetAssignment(group, records);
    }

    void addMemberTombstones(ConsumerGroup group, String memberId, List<SimpleRecord> records) {
        records.add(shard.tombstone(ConsumerGroupKey.member(Kind.CURRENT_MEMBER_ASSIGNMENT, group.groupId(), memberId)));
        records.add(shard.tombstone(ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, group.groupId(), memberId)));
        records.add(shard.tombstone(ConsumerGroupKey.member(Kind.MEMBER_METADATA, group.groupId(), memberId)));
    }

    /** Fences a member the coordinator gave up on (session or rebalance timeout): removed without a response. */
    void fence(String groupId, String memberId, String reason) {
        if (!(shard.group(groupId) instanceof ConsumerGroup group) || group.isDead()) {
            return;
        }
        ConsumerGroupMember member = group.member(memberId);
        if (member == null) {
            return;
        }
        log.info("[GroupId {}] Member {} fenced from the group: {}", groupId, memberId, reason);
        List<SimpleRecord> records = new ArrayList<>();
        removeMember(group, member, records);
        append(group, records, "fencing member " + memberId);
    }

    // ---- timers ----

    void scheduleSessionTimeout(ConsumerGroup group, String memberId) {
        shard.timers().schedule(GroupTimerKeys.consumerSessionKey(group.groupId(), memberId),
            config().sessionTimeoutMs(),
            () -> fence(group.groupId(), memberId, "session timeout of " + config().sessionTimeoutMs() + " ms"));
    }

    /**
     * A member that must revoke partitions gets its rebalance timeout to do so, from the moment it was asked; if it
     * is still revoking at the same epoch then, it is fenced so that its partitions can move on.
     */
    void maybeScheduleRebalanceTimeout(ConsumerGroup group, ConsumerGroupMember member, boolean reconciliationChanged) {
        String key = GroupTimerKeys.consumerRebalanceKey(group.groupId(), member.memberId());
        if (member.state() != ConsumerMemberState.UNREVOKED_PARTITIONS) {
            shard.timers().cancel(key);
            return;
        }
        if (!reconciliationChanged && shard.timers().isScheduled(key)) {
            return;
        }
        int epoch = member.memberEpoch();
        String memberId = member.memberId();
        long timeoutMs = Math.max(0, member.rebalanceTimeoutMs());
        shard.timers().schedule(key, timeoutMs, () -> {
            ConsumerGroupMember m = group.member(memberId);
            if (m != null && m.memberEpoch() == epoch && m.state() == ConsumerMemberState.UNREVOKED_PARTITIONS
                && shard.group(group.groupId()) == group) {
                fence(group.groupId(), memberId, "did not revoke its partitions within the rebalance timeout of "
                    + timeoutMs + " ms");
            }
        });
    }

    void cancelTimers(ConsumerGroup group, String memberId) {
        shard.timers().cancel(GroupTimerKeys.consumerSessionKey(group.groupId(), memberId));
        shard.timers().cancel(GroupTimerKeys.consumerRebalanceKey(group.groupId(), memberId));
    }

    /** After a load: every member gets a fresh session (and, if revoking, rebalance) timeout. */
    void scheduleLoadedTimers(ConsumerGroup group) {
        for (ConsumerGroupMember m : group.members()) {
            scheduleSessionTimeout(group, m.memberId());
            maybeScheduleRebalanceTimeout(group, m, true);
        }
    }

    // ---- records ----

    SimpleRecord memberMetadataRecord(ConsumerGroup group, ConsumerGroupMember m) {
        return record(ConsumerGroupKey.member(Kind.MEMBER_METADATA, group.groupId(), m.memberId()),
            m.toMetadataValue());
    }

    SimpleRecord currentAssignmentRecord(ConsumerGroup group, ConsumerGroupMember m) {
        return record(ConsumerGroupKey.member(Kind.CURRENT_MEMBER_ASSIGNMENT, group.groupId(), m.memberId()),
            m.toAssignmentValue());
    }

    SimpleRecord targetAssignmentRecord(ConsumerGroup group, String memberId) {
        return record(ConsumerGroupKey.member(Kind.TARGET_ASSIGNMENT_MEMBER, group.groupId(), memberId),
            new ConsumerGroupValues.TargetAssignmentMember(group.targetAssignment(memberId)));
    }

    private SimpleRecord partitionMetadataRecord(ConsumerGroup group) {
        List<ConsumerGroupValues.TopicMetadata> topics = new ArrayList<>();
        group.subscriptionMetadata().values().forEach(t ->
            topics.add(new ConsumerGroupValues.TopicMetadata(t.id(), t.name(), t.partitionCount())));
        return record(ConsumerGroupKey.group(Kind.PARTITION_METADATA, group.groupId()),
            new ConsumerGroupValues.PartitionMetadata(topics));
    }

    private SimpleRecord record(ConsumerGroupKey key, Object value) {
        return shard.consumerGroupRecord(key, value);
    }

    /** Appends records of a change nobody waits for (timeouts, metadata changes); failures are logged. */
    void append(ConsumerGroup group, List<SimpleRecord> records, String what) {
        if (records.isEmpty()) {
            return;
        }
        shard.append(records, (lastOffset, error) -> {
            if (error != Errors.NONE) {
                log.warn("[GroupId {}] Failed to persist {}: {}", group.groupId(), what, error);
            }
        });
    }
}
