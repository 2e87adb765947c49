package io.samsa.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import org.apache.kafka.common.TopicPartition;

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

    /**
     * Registers this broker (ephemeral) and keeps it registered, re-registering after a session expiry (with a
     * new broker epoch, visible in {@link #liveBrokers()}). Waits for a registration of the same id left by this
     * broker's previous, not yet expired session.
     *
     * @return the registration with its broker epoch
     * @throws org.apache.kafka.common.errors.DuplicateBrokerRegistrationException if another live broker has the id
     */
    BrokerRegistration registerBroker(BrokerRegistration broker);

    /** Live brokers, sorted by id, each with its broker epoch. */
    List<BrokerRegistration> liveBrokers();

    /** The registration of {@code brokerId} if it is live: one lookup, for per-request checks. */
    default Optional<BrokerRegistration> liveBroker(int brokerId) {
        for (BrokerRegistration b : liveBrokers()) {
            if (b.brokerId() == brokerId) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The active controller's broker id ({@code /controller}), if one is registered: for Metadata responses. */
    OptionalInt controllerId();

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

    /** One partition's state with its version (the partition epoch), if the state znode exists. */
    Optional<Versioned<PartitionState>> partitionState(TopicPartition partition);

    /** The topic's partition states with their versions, by partition; empty if the topic is unknown. */
    SortedMap<Integer, Versioned<PartitionState>> versionedPartitionStates(String topic);

    /**
     * A partition leader's ISR change: writes {@code state} if the state znode is still at {@code expectedVersion}.
     * No controller-epoch check (the leader is not the controller); a controller's write in between makes this
     * one a {@link WriteResult.Outcome#VERSION_CONFLICT}, after which the leader re-reads: it may no longer lead.
     * Keep the ELR with {@link EligibleLeaderReplicas#afterIsrChange}.
     */
    WriteResult<PartitionState> updatePartitionState(TopicPartition partition, PartitionState state,
                                                     int expectedVersion);

    /**
     * Creates this broker's controlled-shutdown request ({@code /samsa/controlled_shutdown/<id>}, ephemeral). Use
     * {@code io.samsa.metadata.controller.ControlledShutdownClient}, which also waits for the outcome.
     */
    void requestControlledShutdown(int brokerId, long brokerEpoch);

    /** Controlled-shutdown requests by broker id: brokers that are stopping (a leader keeps them out of its ISR). */
    SortedMap<Integer, ControlledShutdownRequest> controlledShutdownRequests();

    /** The controller's port onto this store, sharing its session and its watched copy. */
    ControllerStore controllerStore();

    /** Topic config overrides ({@code /config/topics/<name>}), empty if none. */
    Map<String, String> topicConfig(String topic);

    /** Replaces the topic's config overrides. */
    void setTopicConfig(String topic, Map<String, String> configs);

    /** The entity of the cluster-wide default dynamic broker configs ({@code /config/brokers/<default>}). */
    String DEFAULT_BROKER_ENTITY = "<default>";

    /**
     * Dynamic broker configs ({@code /config/brokers/<entity>}): {@code entity} is a broker id or
     * {@link #DEFAULT_BROKER_ENTITY}; empty if none. Stores without ZooKeeper have none.
     */
    default Map<String, String> brokerConfig(String entity) {
        return Map.of();
    }

    /** Replaces the dynamic broker configs of {@code entity}; an empty map removes them. */
    default void setBrokerConfig(String entity, Map<String, String> configs) {
        throw new UnsupportedOperationException("This metadata store keeps no dynamic broker configs");
    }

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
