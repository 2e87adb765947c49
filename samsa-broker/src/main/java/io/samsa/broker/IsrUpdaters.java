package io.samsa.broker;

import io.samsa.replication.IsrUpdater;
import java.util.concurrent.CompletableFuture;

/**
 * {@link IsrUpdater}s the broker uses before the metadata store can write ISR changes. A single broker has no
 * followers, so its partitions never ask. Stateless.
 */
final class IsrUpdaters {
    /** Refuses every change: the partition keeps its committed ISR. */
    static final IsrUpdater UNSUPPORTED = (tp, leaderEpoch, expectedPartitionEpoch, newIsr) ->
            CompletableFuture.completedFuture(new IsrUpdater.Rejected("ISR changes are not written by this broker"));

    private IsrUpdaters() {
    }
}
