/**
 * Cluster metadata kept in ZooKeeper through Curator, in Kafka's znode layout, and the embedded ZooKeeper
 * server that is the single-node default.
 *
 * <p>The API the broker uses: {@link io.samsa.metadata.MetadataStore} with its values
 * ({@link io.samsa.metadata.TopicMetadata}, {@link io.samsa.metadata.BrokerRegistration},
 * {@link io.samsa.metadata.PartitionState}) and {@link io.samsa.metadata.MetadataListener}.
 *
 * <p>The ZooKeeper implementation: {@link io.samsa.metadata.ZkMetadataStore} (Kafka 3.x's znode layout and JSON,
 * so that the tree looks like a Kafka ZooKeeper-mode cluster) and {@link io.samsa.metadata.EmbeddedZooKeeper}.
 * Behind them, package-private: one class per znode kind ({@code ClusterIdZNode}, {@code BrokerIdZNode},
 * {@code TopicZNode}, {@code PartitionStateZNode}, {@code TopicConfigZNode}) owning that znode's JSON, with the
 * paths in {@code ZkPaths}; {@code ZkMetadataCache}, the watched in-memory copy reads are served from;
 * {@code TopicWriter} and {@code BrokerRegistrar}, which write; {@code ZkErrors}, where ZooKeeper failures
 * become kafka-clients exceptions.
 */
package io.samsa.metadata;
