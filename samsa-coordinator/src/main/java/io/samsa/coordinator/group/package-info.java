/**
 * The group coordinator: classic consumer groups (JoinGroup/SyncGroup/Heartbeat/LeaveGroup) and committed offsets,
 * persisted in {@code __consumer_offsets} through {@link io.samsa.coordinator.PartitionWriter}.
 *
 * <p>Shape: {@link io.samsa.coordinator.group.GroupCoordinator} is the only public entry point. It owns one
 * coordinator thread on which all group state lives, and one {@code GroupShard} per {@code __consumer_offsets}
 * partition this broker leads (its groups, its offsets, its timers). The protocol logic is split by concern:
 * {@code Rebalancer} (the state machine's transitions and timers), {@code JoinGroupOperation}, {@code
 * MembershipOperations} (sync, heartbeat, leave), {@code OffsetOperations} (commit, fetch, delete),
 * {@code GroupQueries} (describe, list) and {@code OffsetExpiration}. A second group type (KIP-848 consumer groups)
 * would be another {@code Group} implementation living in the same shards beside {@code ClassicGroup}, sharing the
 * offsets store and the record codec.
 */
package io.samsa.coordinator.group;
