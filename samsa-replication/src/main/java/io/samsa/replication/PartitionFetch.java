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
 */
public record PartitionFetch(TopicIdPartition partition, long fetchOffset, int maxBytes,
                             Optional<Integer> currentLeaderEpoch) {
}
