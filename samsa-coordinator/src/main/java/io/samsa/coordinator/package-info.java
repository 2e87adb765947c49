/**
 * Coordinators as state machines: the group coordinator (classic and KIP-848 consumer groups, committed offsets),
 * persisted as records in the compacted {@code __consumer_offsets} topic through a {@link
 * io.samsa.coordinator.PartitionWriter} port. Knows nothing of Netty, ZooKeeper or log files.
 */
package io.samsa.coordinator;
