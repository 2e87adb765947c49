/**
 * Replication quotas (Kafka's replication throttling for reassignments): a windowed byte {@link
 * io.samsa.replication.quota.Rate}, the per-broker {@link io.samsa.replication.quota.ReplicationQuota} for the leader
 * or the follower side, and the parser of the topic configs that name throttled replicas.
 */
package io.samsa.replication.quota;
