package io.samsa.replication;

import io.samsa.storage.LogOffsetMetadata;

/**
 * What a leader knows about one follower, from that follower's fetches (Kafka's replica state). Immutable: a
 * fetch replaces it.
 *
 * @param logEnd                      the follower's log end: the offset of its last fetch, with the position the
 *                                    leader found it at
 * @param logStartOffset              the follower's log start offset, as it reported
 * @param lastFetchLeaderLogEndOffset the leader's log end offset when that fetch was answered
 * @param lastFetchTimeMs             when that fetch was answered
 * @param lastCaughtUpTimeMs          the last time the follower had everything the leader had (0: never)
 * @param brokerEpoch                 the follower broker's epoch in its fetch, -1 if it sent none
 */
public record FollowerState(LogOffsetMetadata logEnd, long logStartOffset, long lastFetchLeaderLogEndOffset,
                            long lastFetchTimeMs, long lastCaughtUpTimeMs, long brokerEpoch) {

    /** A follower the leader has not heard from in this epoch. */
    static FollowerState unknown(long lastCaughtUpTimeMs) {
        return new FollowerState(LogOffsetMetadata.UNKNOWN, -1L, -1L, 0L, lastCaughtUpTimeMs, -1L);
    }

    /**
     * The state after a fetch at {@code fetchOffset}, answered at {@code nowMs} when the leader's log ended at
     * {@code leaderLogEndOffset}. Kafka's rule: the follower was caught up at the time of this fetch if it asked for
     * the leader's log end; it was caught up at the time of the previous fetch if it now asks for what the leader's
     * log end was then.
     */
    FollowerState afterFetch(LogOffsetMetadata fetchOffset, long followerLogStart, long leaderLogEndOffset,
                             long nowMs, long followerBrokerEpoch) {
        long caughtUp = lastCaughtUpTimeMs;
        if (fetchOffset.messageOffset() >= leaderLogEndOffset) {
            caughtUp = Math.max(caughtUp, nowMs);
        } else if (fetchOffset.messageOffset() >= lastFetchLeaderLogEndOffset) {
            caughtUp = Math.max(caughtUp, lastFetchTimeMs);
        }
        return new FollowerState(fetchOffset, followerLogStart, leaderLogEndOffset, nowMs, caughtUp,
                followerBrokerEpoch);
    }

    /** Caught up: has the leader's log end, or had everything within the last {@code maxLagMs}. */
    boolean isCaughtUp(long leaderLogEndOffset, long nowMs, long maxLagMs) {
        return logEnd.messageOffset() >= leaderLogEndOffset
                || (lastCaughtUpTimeMs > 0 && nowMs - lastCaughtUpTimeMs <= maxLagMs);
    }
}
