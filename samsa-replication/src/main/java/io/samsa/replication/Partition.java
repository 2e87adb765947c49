package io.samsa.replication;

import io.samsa.storage.FetchDataInfo;
import io.samsa.storage.Log;
import io.samsa.storage.LogAppendInfo;
import io.samsa.storage.LogOffsetMetadata;
import io.samsa.storage.epoch.EpochEndOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition hosted by this broker: its {@link Log}, and its role in replication, which follows the cluster
 * metadata through {@link #makeLeader} and {@link #makeFollower}.
 *
 * <p><b>As leader</b> it appends produced batches, answers followers' fetches (tracking each follower in a
 * {@link LeaderState}), moves the high watermark to what the ISR holds, grows and shrinks the ISR through the
 * {@link IsrUpdater}, and completes acks=all produces when the high watermark passes them. The high watermark never
 * moves back, and does not move while the committed ISR is smaller than {@code min.insync.replicas} (KIP-966).
 *
 * <p><b>As follower</b> it takes the batches its fetcher copies from the leader ({@link #appendAsFollower}),
 * truncates where the leader says its log diverges, and takes the leader's high watermark, capped at its own log
 * end.
 *
 * <p>Locking: a read-write lock guards the role. Appends, reads and follower fetches take the read lock, so they
 * run concurrently (the log serializes writes itself); role changes and ISR commits take the write lock. The high
 * watermark moves under its own monitor. Listeners and waiters are called after every lock is released.
 * Thread-safe.
 */
public final class Partition {
    private static final Logger log = LoggerFactory.getLogger(Partition.class);

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final Log partitionLog;
    private final int localBrokerId;
    private final ReplicationConfig config;
    private final IsrUpdater isrUpdater;
    private final Time time;
    private final ReentrantReadWriteLock roleLock = new ReentrantReadWriteLock();
    private final Object hwLock = new Object();
    private final HighWatermarkWaiters producers = new HighWatermarkWaiters();
    private final List<Runnable> highWatermarkListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> logEndListeners = new CopyOnWriteArrayList<>();

    private volatile PartitionRole role = PartitionRole.NONE;
    private volatile int leaderEpoch = -1;
    private volatile int leaderId = LeaderAndIsr.NO_LEADER;
    private volatile LeaderAndIsr lastState;
    private volatile LeaderState leaderState;
    /** The high watermark with its position, for waiting consumer fetches; under hwLock when written. */
    private volatile LogOffsetMetadata highWatermark;

    /**
     * A hosted partition with no role yet. {@code config} is read on every decision, so topic config changes apply
     * at once.
     */
    public Partition(TopicPartition topicPartition, Uuid topicId, Log partitionLog, int localBrokerId,
                     ReplicationConfig config, IsrUpdater isrUpdater, Time time) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.partitionLog = partitionLog;
        this.localBrokerId = localBrokerId;
        this.config = config;
        this.isrUpdater = isrUpdater;
        this.time = time;
        this.highWatermark = LogOffsetMetadata.offsetOnly(partitionLog.highWatermark());
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public Log log() {
        return partitionLog;
    }

    public PartitionRole role() {
        return role;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /** The leader this broker knows of (itself when leading), or -1. */
    public int leaderId() {
        return leaderId;
    }

    /** The last metadata state applied, or null. */
    public LeaderAndIsr state() {
        return lastState;
    }

    public boolean isLeader() {
        return role == PartitionRole.LEADER;
    }

    // ---- role changes

    /**
     * Becomes (or stays) leader for {@code state}, which names this broker leader. A state of an older leader epoch
     * is ignored; one of the same epoch updates the ISR (a change the controller made, or this leader's own change
     * coming back through the watch) unless it is older than what this leader already has. Returns true if this
     * broker was not leading in this epoch before (a new leader: the caller stops fetching for the partition).
     */
    public boolean makeLeader(LeaderAndIsr state) {
        boolean becameLeader;
        roleLock.writeLock().lock();
        try {
            if (state.leaderEpoch() < leaderEpoch) {
                return false;
            }
            long now = time.milliseconds();
            if (role == PartitionRole.LEADER && state.leaderEpoch() == leaderEpoch) {
                LeaderState ls = leaderState;
                if (!state.replicas().equals(lastState.replicas())) {
                    ls.updateReplicas(state.replicas());
                    lastState = new LeaderAndIsr(lastState.leader(), lastState.leaderEpoch(), lastState.isr(),
                            state.replicas(), lastState.partitionEpoch());
                }
                if (state.partitionEpoch() > ls.isr().partitionEpoch()) {
                    ls.setIsr(IsrState.committed(state.isr(), state.partitionEpoch()));
                    lastState = state;
                }
                becameLeader = false;
            } else {
                long start = partitionLog.startLeaderEpoch(state.leaderEpoch());
                leaderState = new LeaderState(localBrokerId, state, start, now);
                role = PartitionRole.LEADER;
                leaderEpoch = state.leaderEpoch();
                leaderId = localBrokerId;
                lastState = state;
                becameLeader = true;
                log.info("{}: leader in epoch {} from offset {}, ISR {}, high watermark {}", topicPartition,
                        leaderEpoch, start, state.isr(), partitionLog.highWatermark());
            }
        } finally {
            roleLock.writeLock().unlock();
        }
        // A smaller ISR (or an ISR of one) may let the high watermark move at once.
        maybeIncrementHighWatermark();
        return becameLeader;
    }

    /**
     * Becomes (or stays) a follower of {@code state.leader()}. Ignores older leader epochs. Returns true if the
     * leader or its epoch changed, so the caller (re)starts fetching from it. Produces waiting for acks fail with
     * NOT_LEADER_OR_FOLLOWER: this broker can no longer tell whether they will be committed.
     */
    public boolean makeFollower(LeaderAndIsr state) {
        boolean changed;
        roleLock.writeLock().lock();
        try {
            if (state.leaderEpoch() < leaderEpoch) {
                return false;
            }
            changed = role != PartitionRole.FOLLOWER || state.leaderEpoch() != leaderEpoch
                    || state.leader() != leaderId;
            role = PartitionRole.FOLLOWER;
            leaderEpoch = state.leaderEpoch();
            leaderId = state.leader();
            leaderState = null;
            lastState = state;
            if (changed) {
                log.info("{}: follower of broker {} in epoch {}, log end offset {}, high watermark {}",
                        topicPartition, leaderId, leaderEpoch, partitionLog.logEndOffset(),
                        partitionLog.highWatermark());
            }
        } finally {
            roleLock.writeLock().unlock();
        }
        if (changed) {
            producers.failAll(Errors.NOT_LEADER_OR_FOLLOWER);
            notifyAll(highWatermarkListeners);
            notifyAll(logEndListeners);
        }
        return changed;
    }

    /** Stops every role (the partition is no longer hosted here, or is going offline). */
    public void stop() {
        roleLock.writeLock().lock();
        try {
            role = PartitionRole.NONE;
            leaderState = null;
            leaderId = LeaderAndIsr.NO_LEADER;
        } finally {
            roleLock.writeLock().unlock();
        }
        producers.failAll(Errors.NOT_LEADER_OR_FOLLOWER);
        notifyAll(highWatermarkListeners);
        notifyAll(logEndListeners);
    }

    // ---- leader: produce

    /**
     * Appends a produced batch as leader. With {@code requiredAcks} -1 and a committed ISR smaller than
     * {@code min.insync.replicas}, nothing is written (NotEnoughReplicasException).
     *
     * @throws NotLeaderOrFollowerException if this broker does not lead the partition
     */
    public LogAppendInfo appendAsLeader(MemoryRecords records, short requiredAcks) {
        LogAppendInfo info;
        roleLock.readLock().lock();
        try {
            checkLeaderForAppend(requiredAcks);
            info = partitionLog.appendAsLeader(records, leaderEpoch);
        } finally {
            roleLock.readLock().unlock();
        }
        if (!info.duplicate()) {
            notifyAll(logEndListeners);
            maybeIncrementHighWatermark();
        }
        return info;
    }

    /**
     * Writes a transaction marker for the coordinator (WriteTxnMarkers), with acks=all rules as Kafka writes
     * markers: refused (NotEnoughReplicasException) when the ISR is below {@code min.insync.replicas}. The marker
     * counts once the high watermark passes it: wait with {@link #awaitHighWatermark}({@code lastOffset + 1}).
     *
     * @throws NotLeaderOrFollowerException if this broker does not lead the partition
     */
    public LogAppendInfo appendMarker(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit) {
        LogAppendInfo info;
        roleLock.readLock().lock();
        try {
            checkLeaderForAppend((short) -1);
            info = partitionLog.appendMarker(producerId, producerEpoch, coordinatorEpoch, commit, leaderEpoch);
        } finally {
            roleLock.readLock().unlock();
        }
        notifyAll(logEndListeners);
        maybeIncrementHighWatermark();
        return info;
    }

    /** Under the role lock. */
    private void checkLeaderForAppend(short requiredAcks) {
        LeaderState ls = leaderState;
        if (role != PartitionRole.LEADER || ls == null) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of "
                    + topicPartition + " (leader " + leaderId + ")");
        }
        int minIsr = config.minInsyncReplicas();
        if (requiredAcks == -1 && ls.committedIsr().size() < minIsr) {
            throw new NotEnoughReplicasException("The size of the current ISR " + ls.committedIsr()
                    + " is insufficient to satisfy the min.isr requirement of " + minIsr + " for partition "
                    + topicPartition);
        }
    }

    /**
     * A future completed when the high watermark reaches {@code requiredOffset} (NONE) or this broker stops leading
     * (NOT_LEADER_OR_FOLLOWER). Give up on it with {@link #cancelWait}.
     */
    public CompletableFuture<Errors> awaitHighWatermark(long requiredOffset) {
        CompletableFuture<Errors> f = producers.await(requiredOffset);
        // The high watermark may have passed, or leadership ended, while the waiter was being registered.
        if (!isLeader()) {
            producers.failAll(Errors.NOT_LEADER_OR_FOLLOWER);
        } else if (highWatermark.messageOffset() >= requiredOffset) {
            producers.highWatermarkAdvanced(highWatermark.messageOffset());
        }
        return f;
    }

    public void cancelWait(long requiredOffset, CompletableFuture<Errors> waiter) {
        producers.cancel(requiredOffset, waiter);
    }

    // ---- leader: fetches

    /**
     * Reads for a consumer: only below the high watermark, and only as leader.
     *
     * @throws NotLeaderOrFollowerException, FencedLeaderEpochException, UnknownLeaderEpochException
     */
    public FetchDataInfo readForConsumer(long offset, int maxBytes, boolean minOneMessage,
                                         Optional<Integer> currentLeaderEpoch) {
        return readForConsumer(offset, maxBytes, minOneMessage, currentLeaderEpoch, false,
                IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * Reads for a consumer below this replica's high watermark (READ_COMMITTED: its last stable offset): as leader,
     * or also as follower when {@code followerAllowed} (a consumer with client metadata, KIP-392). A follower's high
     * watermark may trail the leader's, never pass it, so such a consumer never sees a record that is not committed.
     *
     * @throws NotLeaderOrFollowerException, FencedLeaderEpochException, UnknownLeaderEpochException
     */
    public FetchDataInfo readForConsumer(long offset, int maxBytes, boolean minOneMessage,
                                         Optional<Integer> currentLeaderEpoch, boolean followerAllowed,
                                         IsolationLevel isolation) {
        roleLock.readLock().lock();
        try {
            if (followerAllowed && role == PartitionRole.FOLLOWER) {
                checkEpoch(currentLeaderEpoch);
            } else {
                checkLeaderEpoch(currentLeaderEpoch);
            }
            long limit = isolation == IsolationLevel.READ_COMMITTED ? lastStableOffset()
                    : highWatermark.messageOffset();
            return partitionLog.read(offset, maxBytes, limit, minOneMessage);
        } finally {
            roleLock.readLock().unlock();
        }
    }

    /** The last stable offset (at most the high watermark); followers track it from replicated batches too. */
    /** True if {@code producerId} has a transaction open in this partition's log at {@code producerEpoch}. */
    public boolean hasOngoingTransaction(long producerId, short producerEpoch) {
        return partitionLog.hasOngoingTransaction(producerId, producerEpoch);
    }

    public long lastStableOffset() {
        return Math.min(partitionLog.lastStableOffset(), highWatermark.messageOffset());
    }

    /** DescribeProducers: the producers this leader has state for. Throws NotLeaderOrFollowerException. */
    public List<DescribeProducersResponseData.ProducerState> activeProducers() {
        if (!isLeader()) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of "
                    + topicPartition);
        }
        return TransactionViews.producerStates(partitionLog.activeProducers().values());
    }

    /** The aborted transactions overlapping [{@code startOffset}, {@code upperBoundOffset}), for read_committed. */
    public List<FetchResponseData.AbortedTransaction> abortedTransactions(long startOffset, long upperBoundOffset) {
        return TransactionViews.abortedTransactions(partitionLog.collectAbortedTransactions(startOffset,
                upperBoundOffset));
    }

    /**
     * Answers a follower's fetch: checks that it is an assigned replica, checks its log against this leader's epochs
     * ({@code lastFetchedEpoch}; a divergence is answered with where this leader's copy of that epoch ends, and
     * nothing is read), reads up to the log end, and records the follower's progress, which may grow the ISR and
     * move the high watermark.
     */
    public FollowerFetchResult fetchForFollower(FollowerFetch fetch) {
        FollowerFetchResult result;
        LeaderState ls;
        roleLock.readLock().lock();
        try {
            checkLeaderEpoch(fetch.currentLeaderEpoch());
            ls = leaderState;
            if (!ls.isFollower(fetch.replicaId())) {
                // Kafka's answer to a replica it does not recognize: with a leader epoch the follower retries.
                Errors error = fetch.currentLeaderEpoch().isPresent() ? Errors.UNKNOWN_LEADER_EPOCH
                        : Errors.NOT_LEADER_OR_FOLLOWER;
                return FollowerFetchResult.error(error);
            }
            if (fetch.lastFetchedEpoch() >= 0) {
                EpochEndOffset end = partitionLog.endOffsetForEpoch(fetch.lastFetchedEpoch());
                if (end.epoch() < fetch.lastFetchedEpoch() || end.endOffset() < fetch.fetchOffset()) {
                    return FollowerFetchResult.diverging(end, highWatermark.messageOffset(),
                            partitionLog.logStartOffset(), partitionLog.logEndOffset());
                }
            }
            long leaderLogEnd = partitionLog.logEndOffset();
            FetchDataInfo data = partitionLog.read(fetch.fetchOffset(), fetch.maxBytes(), Long.MAX_VALUE,
                    fetch.minOneMessage());
            LogOffsetMetadata at = data.fetchOffsetMetadata().positionKnown() ? data.fetchOffsetMetadata()
                    : LogOffsetMetadata.offsetOnly(fetch.fetchOffset());
            ls.recordFetch(fetch.replicaId(), at, fetch.logStartOffset(), leaderLogEnd, time.milliseconds(),
                    fetch.brokerEpoch());
            result = FollowerFetchResult.records(data, highWatermark.messageOffset(), partitionLog.logStartOffset(),
                    leaderLogEnd);
        } finally {
            roleLock.readLock().unlock();
        }
        maybeExpandIsr(fetch.replicaId(), ls);
        maybeIncrementHighWatermark();
        return result;
    }

    /**
     * OffsetForLeaderEpoch: where {@code leaderEpoch} ends in this leader's log (the largest epoch at or below it
     * that the log has, and the start of the next one or the log end), or undefined. Consumers ask it after a leader
     * change to check that their position still exists.
     *
     * @throws NotLeaderOrFollowerException, FencedLeaderEpochException, UnknownLeaderEpochException
     */
    public EpochEndOffset lastOffsetForLeaderEpoch(Optional<Integer> currentLeaderEpoch, int leaderEpoch) {
        roleLock.readLock().lock();
        try {
            checkLeaderEpoch(currentLeaderEpoch);
            return partitionLog.endOffsetForEpoch(leaderEpoch);
        } finally {
            roleLock.readLock().unlock();
        }
    }

    private void checkLeaderEpoch(Optional<Integer> currentLeaderEpoch) {
        if (role != PartitionRole.LEADER) {
            throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not the leader of "
                    + topicPartition + " (leader " + leaderId + ")");
        }
        checkEpoch(currentLeaderEpoch);
    }

    /** The client's leader epoch against this replica's, whatever its role. */
    private void checkEpoch(Optional<Integer> currentLeaderEpoch) {
        if (currentLeaderEpoch.isPresent()) {
            int requested = currentLeaderEpoch.get();
            if (requested > leaderEpoch) {
                throw new UnknownLeaderEpochException("Leader epoch " + requested + " of " + topicPartition
                        + " is newer than this broker's " + leaderEpoch);
            }
            if (requested >= 0 && requested < leaderEpoch) {
                throw new FencedLeaderEpochException("Leader epoch " + requested + " of " + topicPartition
                        + " is older than the current " + leaderEpoch);
            }
        }
    }

    // ---- leader: ISR and high watermark

    /** Moves the high watermark as far as the ISR allows; wakes what waits on it. */
    void maybeIncrementHighWatermark() {
        long advancedTo = -1;
        roleLock.readLock().lock();
        try {
            LeaderState ls = leaderState;
            if (role != PartitionRole.LEADER || ls == null) {
                return;
            }
            if (ls.committedIsr().size() < config.minInsyncReplicas()) {
                return; // KIP-966: committed data needs min.insync.replicas copies
            }
            synchronized (hwLock) {
                LogOffsetMetadata candidate = ls.highWatermarkCandidate(partitionLog.logEndOffsetMetadata(),
                        time.milliseconds(), config.replicaLagTimeMaxMs(), isrUpdater::isEligible);
                if (candidate.messageOffset() > highWatermark.messageOffset()) {
                    highWatermark = candidate;
                    partitionLog.updateHighWatermark(candidate.messageOffset());
                    advancedTo = candidate.messageOffset();
                }
            }
        } finally {
            roleLock.readLock().unlock();
        }
        if (advancedTo >= 0) {
            producers.highWatermarkAdvanced(advancedTo);
            notifyAll(highWatermarkListeners);
        }
    }

    private void maybeExpandIsr(int replica, LeaderState ls) {
        if (!ls.shouldJoinIsr(replica, highWatermark.messageOffset()) || !isrUpdater.isEligible(replica)) {
            return;
        }
        List<Integer> newIsr;
        int epoch;
        int partitionEpoch;
        roleLock.writeLock().lock();
        try {
            if (leaderState != ls || !ls.shouldJoinIsr(replica, highWatermark.messageOffset())) {
                return;
            }
            newIsr = IsrState.plus(ls.committedIsr(), replica);
            ls.setIsr(ls.isr().withPending(newIsr));
            epoch = leaderEpoch;
            partitionEpoch = ls.isr().partitionEpoch();
        } finally {
            roleLock.writeLock().unlock();
        }
        log.info("{}: adding replica {} to the ISR {}", topicPartition, replica, ls.committedIsr());
        submitIsr(ls, epoch, partitionEpoch, newIsr);
    }

    /**
     * Removes from the ISR the followers that have not caught up within {@code replica.lag.time.max.ms}, or first
     * asks again for an expansion whose write failed without a known outcome. Called periodically (every half of
     * {@code replica.lag.time.max.ms}) by the replica manager.
     */
    public void maybeShrinkIsr() {
        IsrRequest request;
        roleLock.writeLock().lock();
        try {
            request = nextIsrRequest();
        } finally {
            roleLock.writeLock().unlock();
        }
        if (request != null) {
            submitIsr(request.leaderState(), request.epoch(), request.partitionEpoch(), request.newIsr());
        }
    }

    /** An ISR change to write, decided under the partition's lock and sent after it is released. */
    private record IsrRequest(LeaderState leaderState, int epoch, int partitionEpoch, List<Integer> newIsr) {
    }

    /**
     * Under the write lock: the pending expansion again if its last write failed without a known outcome, else the
     * shrink of the members not caught up within {@code replica.lag.time.max.ms}, else null.
     */
    private IsrRequest nextIsrRequest() {
        LeaderState ls = leaderState;
        if (role != PartitionRole.LEADER || ls == null) {
            return null;
        }
        if (ls.takeIsrRetry()) {
            log.info("{}: asking again for the ISR {}", topicPartition, ls.isr().pending());
            return new IsrRequest(ls, leaderEpoch, ls.isr().partitionEpoch(), ls.isr().pending());
        }
        Set<Integer> outOfSync = ls.outOfSyncReplicas(partitionLog.logEndOffset(), time.milliseconds(),
                config.replicaLagTimeMaxMs());
        if (outOfSync.isEmpty()) {
            return null;
        }
        List<Integer> newIsr = IsrState.minus(ls.committedIsr(), outOfSync);
        // The maximal ISR still holds the leaving replicas until the metadata has the change.
        ls.setIsr(ls.isr().withPending(newIsr));
        log.info("{}: shrinking the ISR from {} to {}: {} not caught up within {} ms", topicPartition,
                ls.committedIsr(), newIsr, outOfSync, config.replicaLagTimeMaxMs());
        return new IsrRequest(ls, leaderEpoch, ls.isr().partitionEpoch(), newIsr);
    }

    private void submitIsr(LeaderState ls, int epoch, int partitionEpoch, List<Integer> newIsr) {
        CompletableFuture<IsrUpdater.Result> f;
        try {
            f = isrUpdater.submit(topicPartition, epoch, partitionEpoch, newIsr);
        } catch (RuntimeException e) {
            f = CompletableFuture.completedFuture(new IsrUpdater.Rejected(e.toString()));
        }
        f.whenComplete((result, error) -> onIsrResult(ls, newIsr,
                error != null ? new IsrUpdater.Unknown(error.toString()) : result));
    }

    private void onIsrResult(LeaderState ls, List<Integer> asked, IsrUpdater.Result result) {
        roleLock.writeLock().lock();
        try {
            if (leaderState != ls || !asked.equals(ls.isr().pending())) {
                return; // leadership or the ISR moved on meanwhile
            }
            if (result instanceof IsrUpdater.Committed c) {
                ls.setIsr(IsrState.committed(c.isr(), c.partitionEpoch()));
                lastState = lastState.withIsr(c.isr(), c.partitionEpoch());
            } else if (result instanceof IsrUpdater.Unknown u && ls.isr().pendingAddsMembers()) {
                // The write may have happened: the metadata's ISR may hold the new member, which could then be
                // elected. So the high watermark keeps waiting for it, the change stays pending, and the next ISR
                // check asks again, unless the watch brings the state first.
                log.info("{}: ISR change to {} not confirmed ({}); keeping it pending and asking again", topicPartition,
                        asked, u.reason());
                ls.retryPendingIsr();
            } else {
                // Not written, or a shrink: the committed ISR still holds every member the metadata may list.
                log.info("{}: ISR change to {} not written ({}); waiting for the current state", topicPartition,
                        asked, result);
                ls.setIsr(IsrState.committed(ls.committedIsr(), ls.isr().partitionEpoch()));
            }
        } finally {
            roleLock.writeLock().unlock();
        }
        maybeIncrementHighWatermark();
    }

    /** The ISR this leader has committed, or empty when not leading. */
    public List<Integer> inSyncReplicas() {
        LeaderState ls = leaderState;
        return ls == null ? List.of() : ls.committedIsr();
    }

    /**
     * As leader, where a consumer at {@code fetchOffset} could read (KIP-392): this leader first, then each follower
     * in the ISR whose log holds that offset, as Kafka chooses them. Empty when not leader.
     */
    public List<ReadReplicaCandidate> readReplicaCandidates(long fetchOffset, long nowMs) {
        LeaderState ls = leaderState;
        if (ls == null || role != PartitionRole.LEADER) {
            return List.of();
        }
        List<ReadReplicaCandidate> out = new java.util.ArrayList<>();
        out.add(new ReadReplicaCandidate(localBrokerId, partitionLog.logEndOffset(), 0L));
        List<Integer> isr = inSyncReplicas();
        for (java.util.Map.Entry<Integer, FollowerState> e : ls.followerStates().entrySet()) {
            FollowerState f = e.getValue();
            if (isr.contains(e.getKey()) && f.logEnd().messageOffset() >= fetchOffset
                    && f.logStartOffset() >= 0 && f.logStartOffset() <= fetchOffset) {
                out.add(new ReadReplicaCandidate(e.getKey(), f.logEnd().messageOffset(),
                        f.lastCaughtUpTimeMs() > 0 ? Math.max(0, nowMs - f.lastCaughtUpTimeMs()) : Long.MAX_VALUE));
            }
        }
        return out;
    }

    /** Followers' states as this leader sees them (empty when not leading); for tests and DescribeLogDirs. */
    public java.util.Map<Integer, FollowerState> followerStates() {
        LeaderState ls = leaderState;
        return ls == null ? java.util.Map.of() : ls.followerStates();
    }

    /**
     * DeleteRecords, as leader: moves the log start offset to {@code offset} (at most the high watermark) and
     * returns the new log start offset. Followers follow it through the log start offset in their fetch responses.
     *
     * @throws NotLeaderOrFollowerException when not the leader
     * @throws PolicyViolationException     on a compacted topic that does not also delete
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when beyond the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        roleLock.readLock().lock();
        try {
            checkLeaderEpoch(Optional.empty());
            if (partitionLog.config().compact() && !partitionLog.config().delete()) {
                throw new PolicyViolationException("Records of " + topicPartition
                        + " cannot be deleted: its cleanup.policy is compact");
            }
            return partitionLog.deleteRecordsBefore(offset);
        } finally {
            roleLock.readLock().unlock();
        }
    }

    /**
     * ListOffsets by timestamp, as leader: the first record at or after {@code timestamp} (or the one with the
     * largest timestamp for {@code MAX_TIMESTAMP}), if it is below the high watermark.
     *
     * @throws NotLeaderOrFollowerException, FencedLeaderEpochException, UnknownLeaderEpochException
     */
    public Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(long timestamp,
                                                                       Optional<Integer> currentLeaderEpoch) {
        roleLock.readLock().lock();
        try {
            checkLeaderEpoch(currentLeaderEpoch);
            return partitionLog.fetchOffsetByTimestamp(timestamp)
                    .filter(found -> found.offset < highWatermark.messageOffset());
        } finally {
            roleLock.readLock().unlock();
        }
    }

    // ---- follower

    /**
     * Appends batches copied from the leader, then takes the leader's high watermark, capped at this log's end.
     * Called by the fetcher of this partition only.
     */
    public LogAppendInfo appendAsFollower(MemoryRecords records, long leaderHighWatermark) {
        LogAppendInfo info;
        boolean hwMoved;
        roleLock.readLock().lock();
        try {
            if (role != PartitionRole.FOLLOWER) {
                throw new NotLeaderOrFollowerException("Broker " + localBrokerId + " is not a follower of "
                        + topicPartition);
            }
            info = records.sizeInBytes() == 0 ? null : partitionLog.appendAsFollower(records);
            hwMoved = updateFollowerHighWatermark(leaderHighWatermark);
        } finally {
            roleLock.readLock().unlock();
        }
        notifyAll(logEndListeners);
        if (hwMoved) {
            // Consumers reading from this follower (KIP-392) wait on its high watermark.
            notifyAll(highWatermarkListeners);
        }
        return info;
    }

    /**
     * As follower: follows a log start offset the leader moved (DeleteRecords, retention), never past this
     * replica's high watermark, so that a follower elected later does not serve records its leader had deleted.
     */
    public void maybeIncrementLogStartOffset(long leaderLogStartOffset) {
        roleLock.readLock().lock();
        try {
            if (role != PartitionRole.FOLLOWER) {
                return;
            }
            long target = Math.min(leaderLogStartOffset, highWatermark.messageOffset());
            if (target > partitionLog.logStartOffset()) {
                partitionLog.deleteRecordsBefore(target);
            }
        } finally {
            roleLock.readLock().unlock();
        }
    }

    private boolean updateFollowerHighWatermark(long leaderHighWatermark) {
        synchronized (hwLock) {
            long hw = Math.min(leaderHighWatermark, partitionLog.logEndOffset());
            if (hw > highWatermark.messageOffset()) {
                highWatermark = LogOffsetMetadata.offsetOnly(hw);
                partitionLog.updateHighWatermark(hw);
                return true;
            }
            return false;
        }
    }

    /** Truncates to {@code offset} (a divergence from the leader), as a follower. */
    public void truncateTo(long offset) {
        roleLock.readLock().lock();
        try {
            if (partitionLog.truncateTo(offset)) {
                synchronized (hwLock) {
                    highWatermark = LogOffsetMetadata.offsetOnly(partitionLog.highWatermark());
                }
            }
        } finally {
            roleLock.readLock().unlock();
        }
    }

    /** Restarts the log empty at {@code offset} (this follower fell behind the leader's log start). */
    public void truncateFullyAndStartAt(long offset) {
        roleLock.readLock().lock();
        try {
            partitionLog.truncateFullyAndStartAt(offset);
            synchronized (hwLock) {
                highWatermark = LogOffsetMetadata.offsetOnly(partitionLog.highWatermark());
            }
        } finally {
            roleLock.readLock().unlock();
        }
    }

    // ---- offsets and listeners

    public long highWatermark() {
        return highWatermark.messageOffset();
    }

    /** The high watermark with its position in the log when known (a waiting consumer fetch compares positions). */
    public LogOffsetMetadata highWatermarkMetadata() {
        return highWatermark;
    }

    public long logStartOffset() {
        return partitionLog.logStartOffset();
    }

    public long logEndOffset() {
        return partitionLog.logEndOffset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return partitionLog.logEndOffsetMetadata();
    }

    /** Called after the high watermark moved or leadership changed (waiting consumer fetches). */
    void addHighWatermarkListener(Runnable listener) {
        highWatermarkListeners.add(listener);
    }

    void removeHighWatermarkListener(Runnable listener) {
        highWatermarkListeners.remove(listener);
    }

    /** Called after the log end moved or leadership changed (waiting follower fetches). */
    void addLogEndListener(Runnable listener) {
        logEndListeners.add(listener);
    }

    void removeLogEndListener(Runnable listener) {
        logEndListeners.remove(listener);
    }

    /** Runs listeners; one that throws is logged and never fails the append or fetch that woke it. */
    private void notifyAll(List<Runnable> listeners) {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.error("{}: a waiting operation failed while being woken", topicPartition, e);
            }
        }
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", " + role + ", epoch " + leaderEpoch + ", leader " + leaderId + ")";
    }
}
