/**
 * An in-memory stand-in for ZooKeeper holding Samsa's metadata, for deterministic simulation and fast tests.
 *
 * <p>{@link io.samsa.metadata.memory.InMemoryEnsemble} is the server: typed znodes (brokers, topics, partition
 * states, configs, {@code /controller}, {@code /controller_epoch}, controlled-shutdown requests) with ZooKeeper's
 * czxid, mzxid and data version, ephemeral znodes owned by sessions, conditional writes, and sessions a test can
 * suspend, resume and expire. {@link io.samsa.metadata.memory.InMemoryMetadataStore} is one client session: a
 * {@link io.samsa.metadata.MetadataStore} whose reads come from its own copy, updated only when the watch events
 * delivered to it run, and whose {@link io.samsa.metadata.memory.InMemoryControllerStore} is the controller's
 * {@link io.samsa.metadata.ControllerStore}.
 *
 * <p>No threads, no clock, no randomness of its own, and sorted iteration everywhere: every event is a task handed
 * to an executor the caller supplied, so a simulation that runs those tasks from one seeded queue replays exactly.
 */
package io.samsa.metadata.memory;
