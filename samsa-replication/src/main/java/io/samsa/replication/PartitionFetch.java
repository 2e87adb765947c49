package io.samsa.replication;

import java.util.Optional;
import org.apache.kafka.common.TopicIdPartition;

/**
 * One partition of a fetch request.
 *
 * @param partition          topic id (ZERO_UUID before Fetch v13), name and index
 * @param fetchOffset        first offset wanted
 * @param maxBytes           per-partition byte limit (soft for the first batch of the response)
 * @param currentLeaderEpoch the leader epoch the client believes current, if it sent one
 * @param lastFetchedEpoch   a follower's: the epoch of its last batch, -1 if none (consumers send -1)
 * @param logStartOffset     a follower's log start offset, -1 for consumers
 */
public record PartitionFetch(TopicIdPartition partition, long fetchOffset, int maxBytes,
                             Optional<Integer> currentLeaderEpoch, int lastFetchedEpoch, long logStartOffset) {

    /** A consumer's partition fetch. */
    public PartitionFetch(TopicIdPartition partition, long fetchOffset, int maxBytes,
                          Optional<Integer> currentLeaderEpoch) {
        this(partition, fetchOffset, maxBytes, currentLeaderEpoch, -1, -1L);
    }
}
