package io.samsa.replication.fetcher;

import io.samsa.replication.Partition;

/**
 * Where a follower is in fetching one partition. Immutable; the fetcher replaces it after each response.
 *
 * @param partition         the hosted partition (its log is appended to)
 * @param fetchOffset       next offset to ask for: the follower's log end offset
 * @param lastFetchedEpoch  epoch of the follower's last batch, -1 if none; the leader checks it for divergence
 * @param leaderEpoch       the leader epoch this state belongs to; a response for another is ignored
 * @param delayedUntilMs    not fetched before this time (after an error), 0 when ready
 * @param lag               how far the log end was below the leader's high watermark after the last response,
 *                          {@link #UNKNOWN_LAG} before the first one
 */
record PartitionFetchState(Partition partition, long fetchOffset, int lastFetchedEpoch, int leaderEpoch,
                           long delayedUntilMs, long lag) {
    static final long UNKNOWN_LAG = -1L;

    static PartitionFetchState startingFrom(Partition partition) {
        return new PartitionFetchState(partition, partition.logEndOffset(),
                partition.log().epochCache().latestEpoch().orElse(-1), partition.leaderEpoch(), 0L, UNKNOWN_LAG);
    }

    PartitionFetchState advanced() {
        return new PartitionFetchState(partition, partition.logEndOffset(),
                partition.log().epochCache().latestEpoch().orElse(-1), leaderEpoch, 0L, lag);
    }

    /** Advanced after a response that carried the leader's high watermark. */
    PartitionFetchState advanced(long leaderHighWatermark) {
        PartitionFetchState next = advanced();
        return new PartitionFetchState(partition, next.fetchOffset(), next.lastFetchedEpoch(), leaderEpoch, 0L,
                Math.max(0L, leaderHighWatermark - next.fetchOffset()));
    }

    PartitionFetchState delayed(long untilMs) {
        return new PartitionFetchState(partition, fetchOffset, lastFetchedEpoch, leaderEpoch, untilMs, lag);
    }

    boolean isReady(long nowMs) {
        return delayedUntilMs <= nowMs;
    }

    /**
     * Kafka's follower-side notion of "in sync" for the replication throttle: the last response found this log
     * caught up with the leader's high watermark. Unknown lag counts as not in sync.
     */
    boolean isReplicaInSync() {
        return lag != UNKNOWN_LAG && lag <= 0;
    }
}
