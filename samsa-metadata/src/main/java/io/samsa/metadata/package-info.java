/**
 * Cluster metadata kept in ZooKeeper through Curator, in Kafka's znode layout, and the embedded ZooKeeper
 * server that is the single-node default.
 *
 * <p>The API the broker uses: {@link io.samsa.metadata.MetadataStore} with its values
 * ({@link io.samsa.metadata.TopicMetadata}, {@link io.samsa.metadata.BrokerRegistration} with its broker epoch,
 * {@link io.samsa.metadata.PartitionState} read as {@link io.samsa.metadata.Versioned} and written conditionally
 * with a {@link io.samsa.metadata.WriteResult}, {@link io.samsa.metadata.ControlledShutdownRequest}) and
 * {@link io.samsa.metadata.MetadataListener}; {@link io.samsa.metadata.EligibleLeaderReplicas} is KIP-966's ELR
 * rule that every writer of a partition state applies.
 *
 * <p>The controller's port: {@link io.samsa.metadata.ControllerStore} (election, fenced batch writes of
 * {@link io.samsa.metadata.StateUpdate}s, topic reassignments, events including {@link io.samsa.metadata.SessionState}),
 * with its values {@link io.samsa.metadata.ControllerEpoch}, {@link io.samsa.metadata.TopicAssignment} and
 * {@link io.samsa.metadata.ReplicaAssignment}. The controller itself is in {@code io.samsa.metadata.controller};
 * an in-memory implementation of both interfaces, for simulation, in {@code io.samsa.metadata.memory}.
 *
 * <p>The ZooKeeper implementation: {@link io.samsa.metadata.ZkMetadataStore} (Kafka 3.x's znode layout and JSON,
 * so that the tree looks like a Kafka ZooKeeper-mode cluster) and {@link io.samsa.metadata.EmbeddedZooKeeper}.
 * Behind them, package-private: one class per znode kind ({@code ClusterIdZNode}, {@code BrokerIdZNode},
 * {@code TopicZNode}, {@code PartitionStateZNode}, {@code TopicConfigZNode}, {@code ControllerZNode},
 * {@code ControlledShutdownZNode}) owning that znode's JSON, with the paths in {@code ZkPaths};
 * {@code ZkMetadataCache}, the watched in-memory copy reads are served from, and its {@code CacheViews};
 * {@code TopicWriter}, {@code PartitionStateWriter}, {@code BrokerRegistrar}, {@code ProducerIdAllocator} and
 * {@code ZkControllerElection}, which write; {@code ZkControllerStore}, the controller's port;
 * {@code ZkErrors}, where ZooKeeper failures become kafka-clients exceptions.
 */
package io.samsa.metadata;
