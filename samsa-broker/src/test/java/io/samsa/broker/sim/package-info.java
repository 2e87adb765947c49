/**
 * A seeded, deterministic simulation of replication, ISR and leader election (issue 9, "Tests that must exist").
 *
 * <p>Three brokers host one partition (replication factor 3, {@code min.insync.replicas} 2) with Samsa's real
 * {@code Partition}, {@code ReplicaManager}, {@code ReplicaFetcher} (and so {@code TruncationPlanner}) over real
 * {@code Log}s in a temporary directory, and a controller that decides with the real {@code PartitionChange.reconcile}
 * (and so {@code LeaderElection} and {@code EligibleLeaderReplicas}). What is simulated: ZooKeeper
 * ({@link io.samsa.broker.sim.SimMetadataStore}: versioned states with conditional writes, registrations and
 * sessions), the network ({@link io.samsa.broker.sim.SimNetwork}: delay, reordering, loss, partitions), time (one
 * mock clock) and the client ({@link io.samsa.broker.sim.SimProducer}). Everything runs on the test's thread, one
 * event at a time, from one {@code java.util.Random(seed)}, so a seed replays exactly.
 *
 * <p>{@link io.samsa.broker.sim.Invariants} are checked after every event. See docs/CLUSTER.md, "Deterministic
 * simulation", for how to run the short, long and replay forms.
 */
package io.samsa.broker.sim;
