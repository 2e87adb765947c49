package io.samsa.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The cluster's small, strongly consistent state: cluster id, live brokers, topics with their ids and replica
 * assignments, partition leader/ISR state and topic config overrides. Reads are served from an in-memory copy
 * kept current by watches; a write returns after ZooKeeper accepted it and the local copy reflects it.
 *
 * <p>Failures are kafka-clients exceptions: {@code TopicExistsException} on create of an existing topic,
 * {@code UnknownTopicOrPartitionException} for a missing one, {@code KafkaStorageException}-free:
 * ZooKeeper connection trouble surfaces as {@code org.apache.kafka.common.errors.TimeoutException}.
 * Thread-safe.
 */
public interface MetadataStore extends AutoCloseable {

    /** Reads {@code /cluster/id}, creating it (random Uuid, base64) if absent. */
    String clusterId();

    /** Registers this broker (ephemeral); re-registers after a session expiry. */
    void registerBroker(BrokerRegistration broker);

    List<BrokerRegistration> liveBrokers();

    Map<String, TopicMetadata> topics();

    Optional<TopicMetadata> topic(String name);

    /** The topic with this id, if it exists (Produce v13+ and Fetch v13+ name topics by id). */
    Optional<TopicMetadata> topicById(org.apache.kafka.common.Uuid id);

    /** Creates topic, its partition states and its config overrides (may be empty) atomically. */
    void createTopic(TopicMetadata topic, Map<Integer, PartitionState> states, Map<String, String> configs);

    void deleteTopic(String name);

    /** Adds partitions (indexes not yet present) with their states. */
    void addPartitions(String topic, SortedMap<Integer, List<Integer>> newPartitions,
                       Map<Integer, PartitionState> states);

    Map<Integer, PartitionState> partitionStates(String topic);

    /** Topic config overrides ({@code /config/topics/<name>}), empty if none. */
    Map<String, String> topicConfig(String topic);

    /** Replaces the topic's config overrides. */
    void setTopicConfig(String topic, Map<String, String> configs);

    void addListener(MetadataListener listener);

    /**
     * Reserves {@code blockSize} producer ids for {@code brokerId} by advancing {@code /latest_producer_id_block}
     * with a conditional update, and returns the first id of the block.
     */
    default long allocateProducerIdBlock(int brokerId, int blockSize) {
        throw new UnsupportedOperationException("allocateProducerIdBlock");
    }

    @Override
    void close();
}
