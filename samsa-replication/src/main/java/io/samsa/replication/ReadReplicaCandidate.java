package io.samsa.replication;

/**
 * A replica a consumer could be sent to read from (KIP-392): the leader itself, or a follower in the ISR that holds
 * the fetch offset.
 *
 * @param brokerId                 the replica's broker
 * @param logEndOffset             its log end offset, as the leader last saw it
 * @param timeSinceLastCaughtUpMs  how long since it last had everything the leader had (0 for the leader)
 */
public record ReadReplicaCandidate(int brokerId, long logEndOffset, long timeSinceLastCaughtUpMs) {
}
