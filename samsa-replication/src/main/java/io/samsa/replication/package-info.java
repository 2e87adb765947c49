/**
 * Partitions as replicas: leader role, high watermark, and the delayed operations that wait on them
 * (long-poll fetch now; acks=all produce and follower fetching when the cluster grows past one broker).
 */
package io.samsa.replication;
