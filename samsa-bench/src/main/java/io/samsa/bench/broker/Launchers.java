package io.samsa.bench.broker;

/**
 * How workloads get brokers of one kind: one at a time (W1–W6) or as a cluster (W7 and the failover measurement).
 *
 * @param kind    which broker both launchers start
 * @param broker  single brokers
 * @param cluster clusters
 */
public record Launchers(BrokerKind kind, BrokerLauncher broker, ClusterLauncher cluster) {

    public Launchers {
        if (broker.kind() != kind || cluster.kind() != kind) {
            throw new IllegalArgumentException("Launchers of " + broker.kind() + " and " + cluster.kind()
                    + " for " + kind);
        }
    }
}
