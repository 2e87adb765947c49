/**
 * The controller: one broker, elected through {@code /controller}, keeps every partition's leader, ISR and ELR
 * right; and the pure functions it is made of.
 *
 * <p>Entry points for the broker: {@link io.samsa.metadata.controller.Controller} (run one per broker; it
 * competes for {@code /controller} and, when active, serves ElectLeaders, AlterPartitionReassignments and
 * ListPartitionReassignments), {@link io.samsa.metadata.controller.ControlledShutdownClient} (the stopping
 * broker's wait), {@link io.samsa.metadata.controller.ReplicaPlacement} (replicas of new partitions),
 * {@link io.samsa.metadata.controller.ElectionConfigs} and {@link io.samsa.metadata.controller.ControllerConfig}.
 *
 * <p>Inside: {@link io.samsa.metadata.controller.LeaderElection} and
 * {@link io.samsa.metadata.controller.PartitionChange} decide, as pure functions; {@code ControllerContext} holds
 * what the active controller knows; {@code StateWriter} writes conditionally with the controller epoch;
 * {@code PartitionReconciler}, {@code PreferredLeaders}, {@code Reassignments} and {@code ControlledShutdowns} are
 * the event handlers; {@link io.samsa.metadata.controller.PartitionStatus} and
 * {@link io.samsa.metadata.controller.ReplicaStatus} are the state machines, kept by {@code StatusBook}.
 *
 * <p>The controller talks to ZooKeeper only through {@link io.samsa.metadata.ControllerStore}, so it runs the same
 * on the in-memory ensemble ({@code io.samsa.metadata.memory}) in a deterministic simulation.
 */
package io.samsa.metadata.controller;
