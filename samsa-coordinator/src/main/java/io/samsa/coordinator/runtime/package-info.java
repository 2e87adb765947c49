/**
 * What every coordinator of an internal topic shares: one coordinator thread that owns all state, a loader thread
 * that replays a partition when this broker becomes its leader, the lifecycle of such a partition (loading, active,
 * resigned), the errors a request gets while it has no active shard, and keyed timeouts on the coordinator thread. Both
 * the group and the transaction coordinator run on it; appends go through {@link io.samsa.coordinator.PartitionWriter}.
 */
package io.samsa.coordinator.runtime;
