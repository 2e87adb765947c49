package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ClassicGroupState.EMPTY;
import static io.samsa.coordinator.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.samsa.coordinator.group.ClassicGroupState.STABLE;

import io.samsa.coordinator.group.record.OffsetCommitValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsetCommit, OffsetFetch, OffsetDelete and DeleteGroups. Writes answer only once their records are appended;
 * reads see only appended offsets.
 *
 * <p>OffsetCommit and OffsetFetch v10 name topics by id: ids are resolved to names with {@link TopicIds} (offsets
 * are keyed by name in {@code __consumer_offsets}, as in Kafka), an unknown id gets UNKNOWN_TOPIC_ID. Not
 * thread-safe: coordinator thread only.
 */
final class OffsetOperations {
    private static final Logger log = LoggerFactory.getLogger(OffsetOperations.class);
    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 10;

    private final GroupShard shard;
    private final Rebalancer rebalancer;
    private final TopicIds topicIds;

    OffsetOperations(GroupShard shard, Rebalancer rebalancer, TopicIds topicIds) {
        this.shard = shard;
        this.rebalancer = rebalancer;
        this.topicIds = topicIds;
    }

    // ---- OffsetCommit ----

    private record PendingCommit(TopicPartition tp, OffsetCommitValue value) {
    }

    void commit(RequestContext ctx, OffsetCommitRequestData req, CompletableFuture<OffsetCommitResponseData> future) {
        short version = ctx.apiVersion();
        String groupId = req.groupId();
        Group group = shard.group(groupId);
        boolean created = false;
        if (group == null) {
            if (req.generationIdOrMemberEpoch() >= 0) {
                // v9+ says so; older clients expect ILLEGAL_GENERATION for a group that is gone.
                future.complete(errorResponse(req, version,
                    version >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION));
                return;
            }
            // A consumer that assigns its own partitions, or an admin tool: a "simple" group, Empty forever.
            group = new ClassicGroup(groupId, EMPTY, shard.time());
            shard.addGroup(group);
            created = true;
        }
        try {
            group.validateOffsetCommit(req.memberId(), req.groupInstanceId(), req.generationIdOrMemberEpoch());
        } catch (ApiException e) {
            dropIfUnused(groupId, created);
            future.complete(errorResponse(req, version, Errors.forException(e)));
            return;
        }
        if (group instanceof ClassicGroup cg && (cg.isInState(STABLE) || cg.isInState(PREPARING_REBALANCE))) {
            // A commit from a member proves it alive, like a heartbeat.
            rebalancer.rescheduleHeartbeat(cg, cg.member(req.memberId()));
        }

        long now = shard.time().milliseconds();
        long expireTimestamp = req.retentionTimeMs() < 0 ? -1L : now + req.retentionTimeMs();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<PendingCommit> pending = new ArrayList<>();
        List<SimpleRecord> records = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : req.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic topicResponse = responseTopic(topic, version);
            String name = version >= FIRST_VERSION_WITH_TOPIC_IDS ? topicIds.name(topic.topicId()) : topic.name();
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = Errors.NONE;
                if (name == null) {
                    error = Errors.UNKNOWN_TOPIC_ID;
                } else if (p.committedMetadata() != null
                    && p.committedMetadata().length() > shard.config().offsetMetadataMaxBytes()) {
                    error = Errors.OFFSET_METADATA_TOO_LARGE;
                } else {
                    TopicPartition tp = new TopicPartition(name, p.partitionIndex());
                    OffsetCommitValue value = new OffsetCommitValue(p.committedOffset(), p.committedLeaderEpoch(),
                        p.committedMetadata() == null ? "" : p.committedMetadata(), now, expireTimestamp);
                    pending.add(new PendingCommit(tp, value));
                    records.add(shard.offsetCommitRecord(groupId, tp, value));
                }
                topicResponse.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex())
                    .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        if (records.isEmpty()) {
            dropIfUnused(groupId, created);
            future.complete(response);
            return;
        }
        boolean groupCreated = created;
        shard.append(records, (lastOffset, error) -> {
            if (error != Errors.NONE) {
                if (shard.isActive()) {
                    dropIfUnused(groupId, groupCreated);
                }
                future.complete(errorResponse(req, version, error));
                return;
            }
            long firstOffset = lastOffset - pending.size() + 1;
            for (int i = 0; i < pending.size(); i++) {
                PendingCommit c = pending.get(i);
                shard.offsets().put(groupId, c.tp(), CommittedOffset.of(c.value(), firstOffset + i));
            }
            future.complete(response);
        });
    }

    /** A "simple" group created by a commit that wrote nothing is not kept. */
    private void dropIfUnused(String groupId, boolean created) {
        Group g = shard.group(groupId);
        if (created && g != null && g.isEmpty() && !shard.offsets().hasOffsets(groupId)) {
            shard.removeGroup(groupId);
        }
    }

    private static OffsetCommitResponseData.OffsetCommitResponseTopic responseTopic(
        OffsetCommitRequestData.OffsetCommitRequestTopic topic, short version) {
        OffsetCommitResponseData.OffsetCommitResponseTopic t = new OffsetCommitResponseData.OffsetCommitResponseTopic();
        return version >= FIRST_VERSION_WITH_TOPIC_IDS ? t.setTopicId(topic.topicId()) : t.setName(topic.name());
    }

    /** Every partition of the request with the same error, as Kafka answers a commit that failed as a whole. */
    static OffsetCommitResponseData errorResponse(OffsetCommitRequestData req, short version, Errors error) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : req.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic t = responseTopic(topic, version);
            topic.partitions().forEach(p -> t.partitions().add(
                new OffsetCommitResponseData.OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex())
                    .setErrorCode(error.code())));
            response.topics().add(t);
        }
        return response;
    }

    // ---- OffsetFetch ----

    /**
     * The committed offsets of the requested partitions (-1 where none), or of all partitions when {@code topics} is
     * null. An unknown group is not an error: it simply has no offsets. With {@code requireStable}, a requested
     * partition with a pending transactional offset gets UNSTABLE_OFFSET_COMMIT and no offset, as in Kafka.
     */
    OffsetFetchResponseData.OffsetFetchResponseGroup fetch(RequestContext ctx,
                                                           OffsetFetchRequestData.OffsetFetchRequestGroup req,
                                                           boolean requireStable) {
        boolean byId = ctx.apiVersion() >= FIRST_VERSION_WITH_TOPIC_IDS;
        String groupId = req.groupId();
        Group group = shard.group(groupId);
        if (group != null && !group.isDead()) {
            try {
                group.validateOffsetFetch(req.memberId(), req.memberEpoch());
            } catch (ApiException e) {
                return new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId)
                    .setErrorCode(Errors.forException(e).code());
            }
        }
        Map<String, Map<Integer, CommittedOffset>> offsets = group == null || group.isDead()
            ? Map.of() : shard.offsets().offsetsOf(groupId);
        List<OffsetFetchResponseData.OffsetFetchResponseTopics> topics = new ArrayList<>();
        if (req.topics() == null) {
            offsets.forEach((topic, partitions) -> {
                OffsetFetchResponseData.OffsetFetchResponseTopics t = new OffsetFetchResponseData.OffsetFetchResponseTopics();
                if (byId) {
                    Uuid id = topicIds.id(topic);
                    if (id == null) {
                        return; // The topic was deleted: a client addressing topics by id cannot name it.
                    }
                    t.setTopicId(id);
                } else {
                    t.setName(topic);
                }
                partitions.forEach((partition, offset) -> t.partitions().add(
                    requireStable && shard.pendingTxnOffsets().hasPending(groupId, topic, partition)
                        ? fetched(partition, null).setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code())
                        : fetched(partition, offset)));
                topics.add(t);
            });
        } else {
            for (OffsetFetchRequestData.OffsetFetchRequestTopics requested : req.topics()) {
                OffsetFetchResponseData.OffsetFetchResponseTopics t = new OffsetFetchResponseData.OffsetFetchResponseTopics();
                String name;
                if (byId) {
                    t.setTopicId(requested.topicId());
                    name = topicIds.name(requested.topicId());
                } else {
                    t.setName(requested.name());
                    name = requested.name();
                }
                Map<Integer, CommittedOffset> partitions = name == null ? null : offsets.get(name);
                for (int partition : requested.partitionIndexes()) {
                    OffsetFetchResponseData.OffsetFetchResponsePartitions p =
                        fetched(partition, partitions == null ? null : partitions.get(partition));
                    if (name == null) {
                        p.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                    } else if (requireStable && shard.pendingTxnOffsets().hasPending(groupId, name, partition)) {
                        p = fetched(partition, null).setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code());
                    }
                    t.partitions().add(p);
                }
                topics.add(t);
            }
        }
        return new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId).setTopics(topics);
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions fetched(int partition,
                                                                                 CommittedOffset offset) {
        OffsetFetchResponseData.OffsetFetchResponsePartitions p =
            new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(partition);
        if (offset == null) {
            return p.setCommittedOffset(-1L).setCommittedLeaderEpoch(-1).setMetadata("");
        }
        return p.setCommittedOffset(offset.offset())
            .setCommittedLeaderEpoch(offset.leaderEpoch())
            .setMetadata(offset.metadata());
    }

    // ---- OffsetDelete ----

    /**
     * Deletes offsets of partitions no member consumes: a non-empty group must use the consumer protocol (so that its
     * subscriptions are known), and partitions of topics it subscribes to get GROUP_SUBSCRIBED_TO_TOPIC.
     */
    void deleteOffsets(OffsetDeleteRequestData req, CompletableFuture<OffsetDeleteResponseData> future) {
        String groupId = req.groupId();
        Group group = shard.group(groupId);
        if (group == null) {
            future.complete(new OffsetDeleteResponseData().setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            return;
        }
        try {
            group.validateOffsetDelete();
        } catch (ApiException e) {
            future.complete(new OffsetDeleteResponseData().setErrorCode(Errors.forException(e).code()));
            return;
        }
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        List<TopicPartition> deleted = new ArrayList<>();
        List<SimpleRecord> records = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : req.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic t =
                new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            boolean subscribed = group.isSubscribedToTopic(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                OffsetDeleteResponseData.OffsetDeleteResponsePartition rp =
                    new OffsetDeleteResponseData.OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex());
                if (subscribed) {
                    rp.setErrorCode(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
                } else if (shard.offsets().get(groupId, topic.name(), p.partitionIndex()) != null) {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    deleted.add(tp);
                    records.add(shard.offsetCommitRecord(groupId, tp, null));
                }
                if (t.partitions().find(p.partitionIndex()) == null) {
                    t.partitions().add(rp);
                }
            }
            if (response.topics().find(topic.name()) == null) {
                response.topics().add(t);
            }
        }
        if (records.isEmpty()) {
            future.complete(response);
            return;
        }
        shard.append(records, (lastOffset, error) -> {
            if (error != Errors.NONE) {
                future.complete(new OffsetDeleteResponseData().setErrorCode(error.code()));
                return;
            }
            applyTombstones(groupId, deleted, lastOffset);
            future.complete(response);
        });
    }

    private void applyTombstones(String groupId, List<TopicPartition> partitions, long lastOffset) {
        long first = lastOffset - partitions.size() + 1;
        for (int i = 0; i < partitions.size(); i++) {
            shard.offsets().remove(groupId, partitions.get(i), first + i);
        }
    }

    // ---- DeleteGroups ----

    /** Deletes an Empty group and its offsets (tombstones); NON_EMPTY_GROUP if it has members. */
    void deleteGroup(String groupId, CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult> future) {
        DeleteGroupsResponseData.DeletableGroupResult result =
            new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId);
        Group group = shard.group(groupId);
        if (group == null) {
            future.complete(result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            return;
        }
        try {
            group.validateDeleteGroup();
        } catch (ApiException e) {
            future.complete(result.setErrorCode(Errors.forException(e).code()));
            return;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        List<SimpleRecord> records = new ArrayList<>();
        shard.offsets().offsetsOf(groupId).forEach((topic, offsets) -> offsets.keySet().forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p);
            partitions.add(tp);
            records.add(shard.offsetCommitRecord(groupId, tp, null));
        }));
        List<SimpleRecord> groupTombstones = group.tombstoneKeys().stream().map(shard::tombstone).toList();
        records.addAll(groupTombstones);
        Runnable revert = group.markDeleted();
        shard.append(records, (lastOffset, error) -> {
            if (error != Errors.NONE) {
                if (shard.isActive() && shard.group(groupId) == group) {
                    revert.run();
                }
                log.warn("Failed to delete group {}: {}", groupId, error);
                future.complete(result.setErrorCode(error.code()));
                return;
            }
            // The group's tombstones come last; the offsets' tombstones precede them.
            applyTombstones(groupId, partitions, lastOffset - groupTombstones.size());
            if (shard.group(groupId) == group) {
                shard.removeGroup(groupId);
            }
            future.complete(result.setErrorCode(Errors.NONE.code()));
        });
    }
}
