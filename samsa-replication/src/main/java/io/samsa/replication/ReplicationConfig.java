package io.samsa.replication;

/**
 * The settings a partition's replication reads on every decision, so a topic config change applies at once.
 * The broker implements it over the topic's effective config; tests and the simulation with fixed values.
 */
public interface ReplicationConfig {
    /** {@code min.insync.replicas} of the partition's topic. */
    int minInsyncReplicas();

    /** {@code replica.lag.time.max.ms}: how long a follower may lag before it leaves the ISR. */
    long replicaLagTimeMaxMs();

    /** Fixed values. */
    static ReplicationConfig of(int minInsyncReplicas, long replicaLagTimeMaxMs) {
        return new ReplicationConfig() {
            @Override
            public int minInsyncReplicas() {
                return minInsyncReplicas;
            }

            @Override
            public long replicaLagTimeMaxMs() {
                return replicaLagTimeMaxMs;
            }
        };
    }
}
