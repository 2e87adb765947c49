package io.samsa.replication;

/**
 * What this broker does for a partition it hosts. Changes follow the metadata: LEADER when a state names this
 * broker leader, FOLLOWER when it names another broker and this one is a replica, NONE before the first state
 * and after the partition stops being hosted here (deleted, or reassigned away).
 */
public enum PartitionRole {
    NONE,
    LEADER,
    FOLLOWER
}
