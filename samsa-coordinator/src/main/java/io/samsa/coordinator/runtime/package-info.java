/**
 * What every coordinator of an internal topic shares: one coordinator thread that owns all state, a loader thread
 * that replays a partition when this broker becomes its leader, the lifecycle of such a partition (loading, active,
 * resigned) and the errors a request gets while it has no active shard. The transaction coordinator runs on it; the
 * group coordinator still has its own copy of the same lifecycle (to be moved here).
 */
package io.samsa.coordinator.runtime;
