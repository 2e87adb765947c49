package io.samsa.replication.fetcher;

import io.samsa.replication.Partition;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts and stops fetching for the partitions this broker follows; implemented by the {@link ReplicaFetcherManager}.
 * Called by the broker after a partition's role changed; implementations return quickly.
 */
public interface ReplicaFollowing {
    /** Fetch {@code partition} from its current leader ({@link Partition#leaderId()}), in its current epoch. */
    void startFetching(Partition partition);

    /** Stop fetching {@code tp} (this broker leads it now, or no longer hosts it, or it has no leader). */
    void stopFetching(TopicPartition tp);

    /** For a single broker: nothing to fetch. */
    ReplicaFollowing NONE = new ReplicaFollowing() {
        @Override
        public void startFetching(Partition partition) {
        }

        @Override
        public void stopFetching(TopicPartition tp) {
        }
    };
}
