package io.samsa.replication;

import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.replica.ClientMetadata;

/**
 * Chooses where a consumer should read a partition (KIP-392, {@code replica.selector.class}). The leader asks it on
 * every consumer fetch that carries client metadata (Fetch v11+); an answer other than the leader is sent back as
 * the fetch's preferred read replica, with no records. The broker implements it with what it knows of brokers'
 * racks and endpoints; the candidates come from the leader's view of its followers. Must be thread-safe: network
 * threads call it concurrently.
 */
@FunctionalInterface
public interface ReadReplicaSelector {
    /**
     * @param candidates the leader first, then the followers that could serve the fetch offset
     * @return the broker to read from, or empty to read from the leader
     */
    OptionalInt select(TopicPartition partition, ClientMetadata client, List<ReadReplicaCandidate> candidates);
}
