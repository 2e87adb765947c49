package io.samsa.coordinator.group;

import io.samsa.coordinator.runtime.CoordinatorTimers;
import io.samsa.common.DelayTimer;
import io.samsa.coordinator.PartitionWriter;
import io.samsa.coordinator.group.record.ConsumerGroupKey;
import io.samsa.coordinator.group.record.GroupMetadataKey;
import io.samsa.coordinator.group.record.GroupMetadataValue;
import io.samsa.coordinator.group.record.GroupRecordKey;
import io.samsa.coordinator.group.record.GroupRecordSerde;
import io.samsa.coordinator.group.record.OffsetCommitKey;
import io.samsa.coordinator.group.record.OffsetCommitValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one {@code __consumer_offsets} partition this broker leads: its groups, their committed offsets,
 * their timers, and the way to append records to the partition. A shard is created loaded (see {@link GroupLoader})
 * and stays active until the partition is resigned or the coordinator closes; then every group is unloaded
 * (parked requests answered NOT_COORDINATOR) and appends still in flight complete as NOT_COORDINATOR.
 *
 * <p>Not thread-safe: everything runs on the coordinator thread, except {@link #isActive()} (volatile), which the
 * append path reads on the writer's thread when the coordinator has already shut down.
 */
final class GroupShard {
    private static final Logger log = LoggerFactory.getLogger(GroupShard.class);
    /** The outcome of an append, delivered on the coordinator thread. */
    interface AppendCallback {
        /** {@code lastOffset} is the log offset of the last record; {@code error} NONE on success. */
        void onComplete(long lastOffset, Errors error);
    }

    private final TopicPartition tp;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final PartitionWriter writer;
    private final Executor coordinatorThread;
    private final CoordinatorTimers timers;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final OffsetStore offsets;
    private final PendingTxnOffsets pendingTxnOffsets;
    private final TxnOffsetOperations txnOffsetOperations;
    private volatile boolean active = true;

    private final Rebalancer rebalancer;
    private final JoinGroupOperation joins;
    private final MembershipOperations membership;
    private final OffsetOperations offsetOperations;
    private final OffsetExpiration expiration;
    private final TopicsImage topics;
    private final ConsumerGroupRebalancer consumerRebalancer;
    private final ConsumerGroupHeartbeatOperation consumerHeartbeats;

    GroupShard(TopicPartition tp, GroupCoordinatorConfig config, Time time, PartitionWriter writer,
               Executor coordinatorThread, DelayTimer timer, OffsetStore offsets, PendingTxnOffsets pendingTxnOffsets,
               TopicIds topicIds, TopicsImage topics) {
        this.tp = tp;
        this.config = config;
        this.time = time;
        this.writer = writer;
        this.coordinatorThread = coordinatorThread;
        this.timers = new CoordinatorTimers(timer, coordinatorThread);
        this.offsets = offsets;
        this.pendingTxnOffsets = pendingTxnOffsets;
        this.txnOffsetOperations = new TxnOffsetOperations(this);
        this.rebalancer = new Rebalancer(this);
        this.joins = new JoinGroupOperation(this, rebalancer);
        this.membership = new MembershipOperations(this, rebalancer);
        this.offsetOperations = new OffsetOperations(this, rebalancer, topicIds);
        this.expiration = new OffsetExpiration(this);
        this.topics = topics;
        this.consumerRebalancer = new ConsumerGroupRebalancer(this);
        this.consumerHeartbeats = new ConsumerGroupHeartbeatOperation(this, consumerRebalancer);
    }

    TopicPartition topicPartition() {
        return tp;
    }

    GroupCoordinatorConfig config() {
        return config;
    }

    Time time() {
        return time;
    }

    CoordinatorTimers timers() {
        return timers;
    }

    OffsetStore offsets() {
        return offsets;
    }

    PendingTxnOffsets pendingTxnOffsets() {
        return pendingTxnOffsets;
    }

    TxnOffsetOperations txnOffsetOperations() {
        return txnOffsetOperations;
    }

    Rebalancer rebalancer() {
        return rebalancer;
    }

    JoinGroupOperation joins() {
        return joins;
    }

    MembershipOperations membership() {
        return membership;
    }

    OffsetOperations offsetOperations() {
        return offsetOperations;
    }

    OffsetExpiration expiration() {
        return expiration;
    }

    TopicsImage topics() {
        return topics;
    }

    ConsumerGroupRebalancer consumerRebalancer() {
        return consumerRebalancer;
    }

    ConsumerGroupHeartbeatOperation consumerHeartbeats() {
        return consumerHeartbeats;
    }

    boolean isActive() {
        return active;
    }

    // ---- groups ----

    Group group(String groupId) {
        return groups.get(groupId);
    }

    /** The classic group, or null if there is none or the group is of another type. */
    ClassicGroup classicGroup(String groupId) {
        return groups.get(groupId) instanceof ClassicGroup g ? g : null;
    }

    /** The KIP-848 consumer group, or null if there is none or the group is of another type. */
    ConsumerGroup consumerGroup(String groupId) {
        return groups.get(groupId) instanceof ConsumerGroup g ? g : null;
    }

    Collection<Group> groups() {
        return groups.values();
    }

    void addGroup(Group group) {
        groups.put(group.groupId(), group);
    }

    void removeGroup(String groupId) {
        groups.remove(groupId);
    }

    // ---- lifecycle ----

    /** Starts what a loaded shard runs by itself: the periodic offsets expiration. */
    void start() {
        expiration.schedule();
    }

    /** The partition was resigned (or the coordinator closes): answer parked requests, stop timers. */
    void unload() {
        active = false;
        timers.cancelAll();
        groups.values().forEach(Group::unload);
    }

    // ---- appends ----

    /**
     * Appends {@code records} as one batch and calls {@code callback} on the coordinator thread once the append
     * completed. Storage errors are mapped to the error clients understand ({@link StorageErrors}); a shard unloaded
     * meanwhile gets NOT_COORDINATOR.
     */
    void append(List<SimpleRecord> records, AppendCallback callback) {
        CompletableFuture<Long> f;
        try {
            f = writer.append(tp, records);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        whenAppended(f, callback);
    }

    /** As {@link #append}, as one transactional batch of the producer (TxnOffsetCommit). */
    void appendTransactional(long producerId, short producerEpoch, int baseSequence, List<SimpleRecord> records,
                             AppendCallback callback) {
        CompletableFuture<Long> f;
        try {
            f = writer.appendTransactional(tp, producerId, producerEpoch, baseSequence, records);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        whenAppended(f, callback);
    }

    private void whenAppended(CompletableFuture<Long> f, AppendCallback callback) {
        f.whenComplete((lastOffset, error) -> {
            Runnable deliver = () -> {
                try {
                    if (!active) {
                        callback.onComplete(-1L, Errors.NOT_COORDINATOR);
                    } else if (error != null) {
                        callback.onComplete(-1L, StorageErrors.toResponseError(error));
                    } else {
                        callback.onComplete(lastOffset, Errors.NONE);
                    }
                } catch (RuntimeException e) {
                    log.error("Completing an append to {} failed", tp, e);
                }
            };
            try {
                coordinatorThread.execute(deliver);
            } catch (RejectedExecutionException e) {
                // The coordinator closed: every shard is inactive, so the callback only answers its request.
                callback.onComplete(-1L, Errors.NOT_COORDINATOR);
            }
        });
    }

    SimpleRecord groupMetadataRecord(String groupId, GroupMetadataValue value) {
        return GroupRecordSerde.groupMetadataRecord(time.milliseconds(), new GroupMetadataKey(groupId), value);
    }

    SimpleRecord consumerGroupRecord(ConsumerGroupKey key, Object value) {
        return GroupRecordSerde.consumerGroupRecord(time.milliseconds(), key, value);
    }

    SimpleRecord tombstone(GroupRecordKey key) {
        return GroupRecordSerde.tombstone(time.milliseconds(), key);
    }

    SimpleRecord offsetCommitRecord(String groupId, TopicPartition partition, OffsetCommitValue value) {
        return GroupRecordSerde.offsetCommitRecord(time.milliseconds(),
            new OffsetCommitKey(groupId, partition.topic(), partition.partition()), value);
    }
}
