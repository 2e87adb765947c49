/**
 * Cluster metadata kept in ZooKeeper through Curator, in Kafka's znode layout, and the embedded ZooKeeper
 * server that is the single-node default.
 */
package io.samsa.metadata;
