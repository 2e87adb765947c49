package io.samsa.coordinator.group;

import io.samsa.common.DelayTimer;
import io.samsa.coordinator.PartitionWriter;
import io.samsa.coordinator.runtime.CoordinatorShards;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of this broker: classic and KIP-848 consumer groups and committed offsets of the groups whose
 * {@code __consumer_offsets} partition ({@link #partitionFor}) this broker leads.
 *
 * <p>Lifecycle of a partition: {@link #onElection} loads it on the loader thread (requests for its groups get
 * COORDINATOR_LOAD_IN_PROGRESS meanwhile), then it is active until {@link #onResignation}; groups of partitions
 * this broker does not lead get NOT_COORDINATOR. Every state change that must survive a restart is appended through
 * the {@link PartitionWriter} before the response is sent.
 *
 * <p>Threading: all group state lives on one coordinator thread ({@code samsa-group-coordinator}) of the shared
 * coordinator runtime ({@link CoordinatorShards}); public methods only enqueue work there and return a future, which
 * completes on that thread (continuations must not block). Timeouts use the injected {@link Time} and
 * {@link DelayTimer}. Loading runs on {@code samsa-group-loader}. Thread-safe.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupCoordinatorConfig config;
    private final PartitionWriter writer;
    private final Time time;
    private final DelayTimer timer;
    private final TopicIds topicIds;
    private final TopicsImage topics;
    private final CoordinatorShards<LoadedShard> shards;

    /** A partition's groups once replayed: the shard is built and installed on the coordinator thread. */
    private final class LoadedShard implements CoordinatorShards.Shard {
        final TopicPartition tp;
        final GroupLoader.Loaded loaded;
        final long startMs;
        GroupShard shard;

        LoadedShard(TopicPartition tp, GroupLoader.Loaded loaded, long startMs) {
            this.tp = tp;
            this.loaded = loaded;
            this.startMs = startMs;
        }

        @Override
        public void start() {
            shard = new GroupShard(tp, config, time, writer, shards.coordinatorThread(), timer, loaded.offsets(),
                loaded.pendingTxnOffsets(), topicIds, topics);
            GroupLoader.install(shard, loaded);
            shard.start();
            log.info("Loaded {} in {} ms", tp, time.milliseconds() - startMs);
        }

        @Override
        public void unload() {
            if (shard != null) {
                shard.unload();
            }
        }
    }

    /** A coordinator that cannot resolve topic ids: OffsetCommit/OffsetFetch v10 get UNKNOWN_TOPIC_ID. */
    public GroupCoordinator(GroupCoordinatorConfig config, PartitionWriter writer, Time time, DelayTimer timer) {
        this(config, writer, time, timer, id -> null, name -> null);
    }

    /**
     * A coordinator that resolves topic ids with these functions but sees no topics to assign: consumer groups
     * (KIP-848) get empty assignments. For tests of classic groups.
     *
     * @param topicNameById the topic name of an id, null if unknown (OffsetCommit/OffsetFetch v10 address topics by
     *                      id); must be thread-safe
     * @param topicIdByName the id of a topic, null if unknown; must be thread-safe
     */
    public GroupCoordinator(GroupCoordinatorConfig config, PartitionWriter writer, Time time, DelayTimer timer,
                            Function<Uuid, String> topicNameById, Function<String, Uuid> topicIdByName) {
        this(config, writer, time, timer, new TopicIds(topicNameById, topicIdByName), TopicsImage.EMPTY);
    }

    /**
     * @param topics the cluster's topics: consumer groups are assigned their partitions, and OffsetCommit/OffsetFetch
     *               v10 topic ids are resolved, through it. The broker calls {@link #onTopicsChanged()} when they
     *               change.
     */
    public GroupCoordinator(GroupCoordinatorConfig config, PartitionWriter writer, Time time, DelayTimer timer,
                            TopicsImage topics) {
        this(config, writer, time, timer, new TopicIds(id -> {
            TopicsImage.Topic t = topics.topicById(id);
            return t == null ? null : t.name();
        }, name -> {
            TopicsImage.Topic t = topics.topic(name);
            return t == null ? null : t.id();
        }), topics);
    }

    private GroupCoordinator(GroupCoordinatorConfig config, PartitionWriter writer, Time time, DelayTimer timer,
                             TopicIds topicIds, TopicsImage topics) {
        this.config = config;
        this.writer = writer;
        this.time = time;
        this.timer = timer;
        this.topicIds = topicIds;
        this.topics = topics;
        this.shards = new CoordinatorShards<>("group", time, (partition, epoch) -> {
            TopicPartition tp = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, partition);
            return new LoadedShard(tp, GroupLoader.replay(writer, tp), time.milliseconds());
        });
    }

    /** The {@code __consumer_offsets} partition of a group, as Kafka computes it. */
    public int partitionFor(String groupId) {
        return Utils.abs(groupId.hashCode()) % config.offsetsTopicPartitions();
    }

    // ---- partition lifecycle ----

    /**
     * This broker now leads {@code __consumer_offsets-offsetsPartition}: load its groups and offsets (on the loader
     * thread; the partition's requests get COORDINATOR_LOAD_IN_PROGRESS meanwhile). Already loading or loaded: no-op.
     */
    public void onElection(int offsetsPartition) {
        checkPartition(offsetsPartition);
        shards.elect(offsetsPartition, 0);
    }

    /** This broker no longer leads the partition: unload it; its groups' requests get NOT_COORDINATOR. */
    public void onResignation(int offsetsPartition) {
        checkPartition(offsetsPartition);
        shards.resign(offsetsPartition);
    }

    /** True once the partition is loaded and until it is resigned. */
    public boolean isActive(int offsetsPartition) {
        return shards.isActive(offsetsPartition);
    }

    private void checkPartition(int p) {
        if (p < 0 || p >= config.offsetsTopicPartitions()) {
            throw new IllegalArgumentException("No such __consumer_offsets partition: " + p);
        }
    }

    // ---- group membership ----

    public CompletableFuture<JoinGroupResponseData> joinGroup(RequestContext ctx, JoinGroupRequestData req) {
        Function<Errors, JoinGroupResponseData> error = e ->
            new JoinGroupResponseData().setMemberId(req.memberId()).setErrorCode(e.code());
        CompletableFuture<JoinGroupResponseData> f;
        if (isInvalid(req.groupId())) {
            f = CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        } else if (req.sessionTimeoutMs() < config.groupMinSessionTimeoutMs()
            || req.sessionTimeoutMs() > config.groupMaxSessionTimeoutMs()) {
            f = CompletableFuture.completedFuture(error.apply(Errors.INVALID_SESSION_TIMEOUT));
        } else {
            RequestContext c = normalized(ctx);
            f = onShard(req.groupId(), error, (shard, future) -> shard.joins().join(c, req, future));
        }
        return f.thenApply(r -> ResponseVersions.joinGroup(r, ctx.apiVersion()));
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(RequestContext ctx, SyncGroupRequestData req) {
        Function<Errors, SyncGroupResponseData> error = e -> new SyncGroupResponseData().setErrorCode(e.code());
        CompletableFuture<SyncGroupResponseData> f = isInvalid(req.groupId())
            ? CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID))
            : onShard(req.groupId(), error, (shard, future) -> shard.membership().sync(req, future));
        return f.thenApply(r -> ResponseVersions.syncGroup(r, ctx.apiVersion()));
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(RequestContext ctx, HeartbeatRequestData req) {
        if (isInvalid(req.groupId())) {
            return CompletableFuture.completedFuture(
                new HeartbeatResponseData().setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        // While the partition loads, heartbeats are answered blindly with success, as Kafka does: the member will
        // learn about any rebalance once loading is done.
        return onShard(req.groupId(),
            e -> new HeartbeatResponseData().setErrorCode(
                (e == Errors.COORDINATOR_LOAD_IN_PROGRESS ? Errors.NONE : e).code()),
            (shard, future) -> future.complete(shard.membership().heartbeat(req)));
    }

    public CompletableFuture<LeaveGroupResponseData> leaveGroup(RequestContext ctx, LeaveGroupRequestData req) {
        Function<Errors, LeaveGroupResponseData> error = e -> new LeaveGroupResponseData().setErrorCode(e.code());
        List<LeaveGroupRequestData.MemberIdentity> members = ctx.apiVersion() <= 2 && req.members().isEmpty()
            ? List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(req.memberId()))
            : req.members();
        CompletableFuture<LeaveGroupResponseData> f = isInvalid(req.groupId())
            ? CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID))
            : onShard(req.groupId(), error,
                (shard, future) -> future.complete(shard.membership().leave(req.groupId(), members)));
        return f.thenApply(r -> ResponseVersions.leaveGroup(r, ctx.apiVersion()));
    }

    // ---- consumer groups (KIP-848) ----

    /** ConsumerGroupHeartbeat: join, heartbeat, leave of a consumer-protocol member. */
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
        RequestContext ctx, ConsumerGroupHeartbeatRequestData req) {
        try {
            ConsumerGroupHeartbeatValidator.validate(req, ctx.apiVersion(), config.consumerGroups().assignors());
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(ConsumerGroupHeartbeatOperation.error(e));
        }
        RequestContext c = normalized(ctx);
        return onShard(req.groupId(), e -> new ConsumerGroupHeartbeatResponseData().setErrorCode(e.code()),
            (shard, future) -> shard.consumerHeartbeats().heartbeat(c, req, future));
    }

    /**
     * ConsumerGroupDescribe of one group: a classic group gets GROUP_ID_NOT_FOUND "Group X is not a consumer group."
     * (the AdminClient then falls back to DescribeGroups), as in Kafka.
     */
    public CompletableFuture<ConsumerGroupDescribeResponseData.DescribedGroup> consumerGroupDescribe(
        RequestContext ctx, String groupId) {
        Function<Errors, ConsumerGroupDescribeResponseData.DescribedGroup> error = e ->
            new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId).setErrorCode(e.code());
        if (isInvalid(groupId)) {
            return CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        }
        return onShard(groupId, error, (shard, future) -> {
            Group g = shard.group(groupId);
            if (g instanceof ConsumerGroup cg && !cg.isDead()) {
                future.complete(cg.describe(topics, config.consumerGroups().defaultAssignor()));
            } else {
                future.complete(error.apply(Errors.GROUP_ID_NOT_FOUND).setErrorMessage(g == null || g.isDead()
                    ? "Group " + groupId + " not found." : "Group " + groupId + " is not a consumer group."));
            }
        });
    }

    /**
     * Topics were created, deleted or got partitions: consumer groups subscribed to them get a new target assignment.
     * Called by the broker from any thread; returns at once.
     */
    public void onTopicsChanged() {
        shards.queryAll(loaded -> {
            for (Group g : List.copyOf(loaded.shard.groups())) {
                if (g instanceof ConsumerGroup cg) {
                    loaded.shard.consumerRebalancer().onTopicsChanged(cg);
                }
            }
            return null;
        }, e -> List.of());
    }

    // ---- offsets ----

    public CompletableFuture<OffsetCommitResponseData> commitOffsets(RequestContext ctx, OffsetCommitRequestData req) {
        Function<Errors, OffsetCommitResponseData> error =
            e -> OffsetOperations.errorResponse(req, ctx.apiVersion(), e);
        if (isInvalid(req.groupId())) {
            return CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        }
        return onShard(req.groupId(), error, (shard, future) -> shard.offsetOperations().commit(ctx, req, future));
    }

    /**
     * TxnOffsetCommit: offsets sent by a transactional producer ({@code sendOffsetsToTransaction}), written to the log
     * as part of its transaction and visible only once its commit marker arrives ({@link #completeTransaction}).
     */
    public CompletableFuture<TxnOffsetCommitResponseData> txnOffsetCommit(RequestContext ctx,
                                                                          TxnOffsetCommitRequestData req) {
        Function<Errors, TxnOffsetCommitResponseData> error = e -> TxnOffsetOperations.errorResponse(req, e);
        if (isInvalid(req.groupId())) {
            return CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        }
        return onShard(req.groupId(), error, (shard, future) -> shard.txnOffsetOperations().commit(req, future));
    }

    /**
     * A transaction marker of {@code producerId} was written to {@code __consumer_offsets-<offsetsPartition>}: its
     * pending transactional offsets (TxnOffsetCommit) become committed offsets on a commit and are dropped on an
     * abort. Called by the WriteTxnMarkers handler once the marker is appended; completes when the offsets are
     * visible. A partition still loading applies it right after loading (its replay may have ended before the
     * marker; applying a marker twice changes nothing); one not coordinated here completes at once.
     */
    public CompletableFuture<Void> completeTransaction(int offsetsPartition, long producerId, boolean commit) {
        checkPartition(offsetsPartition);
        return shards.whenLoaded(offsetsPartition,
            loaded -> loaded.shard.txnOffsetOperations().complete(producerId, commit));
    }

    /**
     * Committed offsets of one group ({@code group.topics() == null}: all of them). OffsetFetch v8+ handlers call
     * this per group; see {@link OffsetFetchResponses} for shaping the response of every version. With
     * {@code requireStable}, a partition with a pending transactional offset answers UNSTABLE_OFFSET_COMMIT (the
     * consumer retries until the transaction is decided).
     */
    public CompletableFuture<OffsetFetchResponseData.OffsetFetchResponseGroup> fetchOffsets(
        RequestContext ctx, OffsetFetchRequestData.OffsetFetchRequestGroup group, boolean requireStable) {
        Function<Errors, OffsetFetchResponseData.OffsetFetchResponseGroup> error = e ->
            new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(group.groupId()).setErrorCode(e.code());
        if (isInvalid(group.groupId())) {
            return CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        }
        return onShard(group.groupId(), error,
            (shard, future) -> future.complete(shard.offsetOperations().fetch(ctx, group, requireStable)));
    }

    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(RequestContext ctx, OffsetDeleteRequestData req) {
        Function<Errors, OffsetDeleteResponseData> error = e -> new OffsetDeleteResponseData().setErrorCode(e.code());
        if (isInvalid(req.groupId())) {
            return CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        }
        return onShard(req.groupId(), error, (shard, future) -> shard.offsetOperations().deleteOffsets(req, future));
    }

    // ---- admin ----

    public CompletableFuture<DescribeGroupsResponseData.DescribedGroup> describeGroup(RequestContext ctx,
                                                                                      String groupId) {
        Function<Errors, DescribeGroupsResponseData.DescribedGroup> error = e ->
            new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId).setErrorCode(e.code())
                .setGroupState("").setProtocolType("").setProtocolData("");
        CompletableFuture<DescribeGroupsResponseData.DescribedGroup> f = isInvalid(groupId)
            ? CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID))
            : onShard(groupId, error,
                (shard, future) -> future.complete(GroupQueries.describe(shard, groupId, ctx.apiVersion())));
        return f.thenApply(g -> ResponseVersions.describedGroup(g, ctx.apiVersion()));
    }

    /**
     * The groups of every partition this broker leads, filtered by state (v4+, case-insensitive) and type (v5+). Fails
     * with {@link CoordinatorLoadInProgressException} while a partition is loading (the ListGroups error code).
     */
    public CompletableFuture<List<ListGroupsResponseData.ListedGroup>> listGroups(RequestContext ctx,
                                                                                  List<String> statesFilter,
                                                                                  List<String> typesFilter) {
        return shards.queryAll(loaded -> GroupQueries.list(loaded.shard, statesFilter, typesFilter).stream()
                .map(g -> ResponseVersions.listedGroup(g, ctx.apiVersion())).toList(), e -> null)
            .thenApply(lists -> {
                if (lists == null) {
                    throw new CoordinatorLoadInProgressException("Groups are loading; retry ListGroups later");
                }
                List<ListGroupsResponseData.ListedGroup> out = new ArrayList<>();
                lists.forEach(out::addAll);
                return out;
            });
    }

    public CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult> deleteGroup(RequestContext ctx,
                                                                                       String groupId) {
        Function<Errors, DeleteGroupsResponseData.DeletableGroupResult> error = e ->
            new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId).setErrorCode(e.code());
        if (isInvalid(groupId)) {
            return CompletableFuture.completedFuture(error.apply(Errors.INVALID_GROUP_ID));
        }
        return onShard(groupId, error, (shard, future) -> shard.offsetOperations().deleteGroup(groupId, future));
    }

    // ---- plumbing ----

    private static boolean isInvalid(String groupId) {
        return groupId == null || groupId.isEmpty();
    }

    private static RequestContext normalized(RequestContext ctx) {
        return ctx.clientId() != null && ctx.clientHost() != null ? ctx
            : new RequestContext(ctx.apiVersion(), ctx.clientId() == null ? "" : ctx.clientId(),
                ctx.clientHost() == null ? "" : ctx.clientHost());
    }

    /**
     * Runs {@code op} on the coordinator thread with the shard of the group, or answers the error that says why there
     * is none (see {@link CoordinatorShards#onShard}).
     */
    private <T> CompletableFuture<T> onShard(String groupId, Function<Errors, T> error,
                                             BiConsumer<GroupShard, CompletableFuture<T>> op) {
        return shards.onShard(partitionFor(groupId), error, (loaded, future) -> op.accept(loaded.shard, future));
    }

    /**
     * Unloads every partition (parked requests get NOT_COORDINATOR, appends in flight complete as NOT_COORDINATOR) and
     * stops the coordinator and loader threads. Later requests get COORDINATOR_NOT_AVAILABLE.
     */
    @Override
    public void close() {
        shards.close();
    }
}
