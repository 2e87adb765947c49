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
 */
record PartitionFetchState(Partition partition, long fetchOffset, int lastFetchedEpoch, int leaderEpoch,
                           long delayedUntilMs) {

    static PartitionFetchState startingFrom(Partition partition) {
        return new PartitionFetchState(partition, partition.logEndOffset(),
                partition.log().epochCache().latestEpoch().orElse(-1), partition.leaderEpoch(), 0L);
    }

    PartitionFetchState advanced() {
        return new PartitionFetchState(partition, partition.logEndOffset(),
                partition.log().epochCache().latestEpoch().orElse(-1), leaderEpoch, 0L);
    }

    PartitionFetchState delayed(long untilMs) {
        return new PartitionFetchState(partition, fetchOffset, lastFetchedEpoch, leaderEpoch, untilMs);
    }

    boolean isReady(long nowMs) {
        return delayedUntilMs <= nowMs;
    }
}
