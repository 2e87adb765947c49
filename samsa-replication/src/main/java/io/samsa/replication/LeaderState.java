package io.samsa.replication;

import io.samsa.storage.LogOffsetMetadata;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * What a partition's leader tracks for one leader epoch: each follower's {@link FollowerState}, the ISR (committed
 * and pending), and the offset where this epoch began. The decisions replication rests on are here, as plain
 * functions of that state and the clock: where the high watermark may go, who joins the ISR, who leaves it.
 *
 * <p>Created by {@link Partition#makeLeader} and dropped when leadership ends. Followers' states are replaced
 * atomically (fetches of different followers run on different threads); the ISR state is replaced only under the
 * partition's write lock and read under its read lock.
 */
final class LeaderState {
    private final int localBrokerId;
    private final long epochStartOffset;
    /** Insertion-ordered; replaced whole when the assignment changes (a reassignment), under the partition's lock. */
    private volatile Map<Integer, AtomicReference<FollowerState>> followers;
    private volatile IsrState isr;
    /** The pending ISR change failed without a known outcome and is to be asked again; under the partition's lock. */
    private boolean isrRetryDue;

    LeaderState(int localBrokerId, LeaderAndIsr state, long epochStartOffset, long nowMs) {
        this.localBrokerId = localBrokerId;
        this.epochStartOffset = epochStartOffset;
        this.isr = IsrState.committed(state.isr(), state.partitionEpoch());
        Map<Integer, AtomicReference<FollowerState>> f = new LinkedHashMap<>();
        for (int replica : state.replicas()) {
            if (replica != localBrokerId) {
                // ISR members get the benefit of the doubt for one lag period, as in Kafka: a new leader must not
                // shrink its ISR before followers had a chance to fetch from it.
                long caughtUp = state.isr().contains(replica) ? nowMs : 0L;
                f.put(replica, new AtomicReference<>(FollowerState.unknown(caughtUp)));
            }
        }
        this.followers = Collections.unmodifiableMap(f);
    }

    /**
     * The assignment changed within this leader epoch (a reassignment adds or removes replicas): new followers start
     * unknown (never caught up), followers that left are forgotten, the others keep their state.
     */
    void updateReplicas(List<Integer> replicas) {
        Map<Integer, AtomicReference<FollowerState>> f = new LinkedHashMap<>();
        for (int replica : replicas) {
            if (replica != localBrokerId) {
                AtomicReference<FollowerState> existing = followers.get(replica);
                f.put(replica, existing != null ? existing : new AtomicReference<>(FollowerState.unknown(0L)));
            }
        }
        this.followers = Collections.unmodifiableMap(f);
    }

    long epochStartOffset() {
        return epochStartOffset;
    }

    IsrState isr() {
        return isr;
    }

    void setIsr(IsrState isr) {
        this.isr = isr;
        this.isrRetryDue = false;
    }

    /** Keeps the pending ISR change, whose outcome is unknown, and asks for it to be written again. */
    void retryPendingIsr() {
        this.isrRetryDue = true;
    }

    /** Whether the pending change is to be written again (and clears that). */
    boolean takeIsrRetry() {
        boolean due = isrRetryDue && isr.hasPending();
        isrRetryDue = false;
        return due;
    }

    boolean isFollower(int replica) {
        return followers.containsKey(replica);
    }

    FollowerState follower(int replica) {
        AtomicReference<FollowerState> ref = followers.get(replica);
        return ref == null ? null : ref.get();
    }

    Map<Integer, FollowerState> followerStates() {
        Map<Integer, FollowerState> out = new LinkedHashMap<>();
        followers.forEach((id, ref) -> out.put(id, ref.get()));
        return out;
    }

    /** Records a fetch of {@code replica}; returns its new state. */
    FollowerState recordFetch(int replica, LogOffsetMetadata fetchOffset, long followerLogStart,
                              long leaderLogEndOffset, long nowMs, long brokerEpoch) {
        return followers.get(replica).updateAndGet(s ->
                s.afterFetch(fetchOffset, followerLogStart, leaderLogEndOffset, nowMs, brokerEpoch));
    }

    /**
     * The high watermark the followers allow: the smallest log end among the maximal ISR and the followers caught
     * up enough to join it (the leader's own log end included). Never lower than it must be; the caller only ever
     * moves the high watermark forward.
     */
    LogOffsetMetadata highWatermarkCandidate(LogOffsetMetadata leaderLogEnd, long nowMs, long maxLagMs,
                                             IntPredicate eligible) {
        Set<Integer> maximal = isr.maximal();
        LogOffsetMetadata hw = leaderLogEnd;
        for (Map.Entry<Integer, AtomicReference<FollowerState>> e : followers.entrySet()) {
            FollowerState s = e.getValue().get();
            // A caught-up replica outside the ISR is about to join it: wait for it too (Kafka's rule), unless its
            // broker cannot join (stopped or stopping), or the high watermark would wait for it until it lags out.
            boolean counts = maximal.contains(e.getKey()) || (s.logEnd().messageOffset() < hw.messageOffset()
                    && s.isCaughtUp(leaderLogEnd.messageOffset(), nowMs, maxLagMs) && eligible.test(e.getKey()));
            if (counts && s.logEnd().messageOffset() < hw.messageOffset()) {
                hw = s.logEnd();
            }
        }
        return hw;
    }

    /**
     * Whether {@code replica} should join the ISR: not in it (nor joining), and its log end reached both the high
     * watermark and the start of this leader epoch, so it holds every committed record and none this leader
     * discarded.
     */
    boolean shouldJoinIsr(int replica, long highWatermark) {
        if (isr.hasPending() || isr.maximal().contains(replica)) {
            return false;
        }
        FollowerState s = follower(replica);
        long end = s == null ? -1 : s.logEnd().messageOffset();
        return end >= highWatermark && end >= epochStartOffset;
    }

    /** ISR members (the leader aside) not caught up within {@code maxLagMs}. Empty while a change is pending. */
    Set<Integer> outOfSyncReplicas(long leaderLogEndOffset, long nowMs, long maxLagMs) {
        if (isr.hasPending()) {
            return Set.of();
        }
        Set<Integer> out = new HashSet<>();
        for (int replica : isr.committed()) {
            if (replica == localBrokerId) {
                continue;
            }
            FollowerState s = follower(replica);
            if (s == null || !s.isCaughtUp(leaderLogEndOffset, nowMs, maxLagMs)) {
                out.add(replica);
            }
        }
        return out;
    }

    List<Integer> committedIsr() {
        return isr.committed();
    }
}
