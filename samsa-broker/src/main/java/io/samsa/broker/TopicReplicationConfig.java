package io.samsa.broker;

import io.samsa.replication.ReplicationConfig;

/**
 * The replication settings of one topic as its partitions read them on every append and fetch: the topic's
 * effective {@code min.insync.replicas} (refreshed by the reconciler when the topic's config changes) and the
 * broker's {@code replica.lag.time.max.ms}. Reads are a volatile load, so the produce path never computes a topic's
 * effective config. Thread-safe.
 */
final class TopicReplicationConfig implements ReplicationConfig {
    private final long replicaLagTimeMaxMs;
    private volatile int minInsyncReplicas;

    TopicReplicationConfig(int minInsyncReplicas, long replicaLagTimeMaxMs) {
        this.minInsyncReplicas = minInsyncReplicas;
        this.replicaLagTimeMaxMs = replicaLagTimeMaxMs;
    }

    void setMinInsyncReplicas(int minInsyncReplicas) {
        this.minInsyncReplicas = minInsyncReplicas;
    }

    @Override
    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    @Override
    public long replicaLagTimeMaxMs() {
        return replicaLagTimeMaxMs;
    }
}
