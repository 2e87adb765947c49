package io.samsa.replication;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes a leader's ISR change to the cluster metadata: a conditional update that succeeds only if the
 * partition's state is still at {@code expectedPartitionEpoch} with this leader and {@code leaderEpoch}. The broker
 * implements it with a conditional ZooKeeper write; the replication simulation with its in-memory store.
 *
 * <p>Implementations may complete the future on any thread, and must not complete it on the caller's thread while
 * the caller holds the partition's lock (complete asynchronously, or after the call returns).
 */
public interface IsrUpdater {

    /** The outcome of one ISR change. */
    sealed interface Result permits Committed, Rejected, Unknown {
    }

    /** The change is in the metadata, at {@code partitionEpoch}. */
    record Committed(List<Integer> isr, int partitionEpoch) implements Result {
    }

    /**
     * Certainly not written: the state it was checked against does not allow it (no state, or a broker to add is
     * shutting down). The partition goes back to its committed ISR.
     */
    record Rejected(String reason) implements Result {
    }

    /**
     * Perhaps written: the store could not be reached or did not answer, or the state had moved on, possibly by
     * this very change (an answer lost with the connection, then a retry finding the new version). The partition
     * keeps an expansion pending, still counting the joining replica for its high watermark, and asks again; the
     * state the metadata watch brings settles it.
     */
    record Unknown(String reason) implements Result {
    }

    CompletableFuture<Result> submit(TopicPartition partition, int leaderEpoch, int expectedPartitionEpoch,
                                     List<Integer> newIsr);

    /**
     * Whether {@code brokerId} may be in an ISR at all: registered, not stopping (Kafka's "ISR eligible", KIP-841).
     * A leader neither adds an ineligible replica nor lets its high watermark wait for one that is merely caught up,
     * so a follower that just stopped cleanly does not hold acks=all for {@code replica.lag.time.max.ms}. Called on
     * network threads; must be cheap and must not block.
     */
    default boolean isEligible(int brokerId) {
        return true;
    }
}
