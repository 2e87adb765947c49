package io.samsa.broker.sim;

/**
 * Timing of one simulated cluster. Shorter than production defaults, so that lagging followers leave the ISR and
 * sessions expire within a few hundred events.
 *
 * @param minInsyncReplicas    {@code min.insync.replicas}
 * @param replicaLagTimeMaxMs  {@code replica.lag.time.max.ms}; the ISR shrink check runs every half of it
 * @param sessionTimeoutMs     {@code zookeeper.session.timeout.ms}
 * @param fetchBackoffMs       {@code replica.fetch.backoff.ms}
 * @param fetchTimeoutMs       how long a follower waits for a fetch response before giving up on it
 * @param zkTimeoutMs          how long a broker waits for a ZooKeeper write before treating it as failed
 * @param produceTimeoutMs     the producer's {@code request.timeout.ms}: the acks=all wait on the leader
 * @param checkpointIntervalMs {@code replica.high.watermark.checkpoint.interval.ms}
 * @param maxNetDelayMs        the usual largest network delay
 * @param slowNetDelayMs       the largest network delay during a "slow network" fault
 * @param lossRate             the chance that a message is lost
 */
public record SimConfig(int minInsyncReplicas, long replicaLagTimeMaxMs, long sessionTimeoutMs, long fetchBackoffMs,
                        long fetchTimeoutMs, long zkTimeoutMs, long produceTimeoutMs, long checkpointIntervalMs,
                        int maxNetDelayMs, int slowNetDelayMs, double lossRate) {

    public static SimConfig defaults() {
        return new SimConfig(2, 600, 900, 100, 400, 800, 2_000, 300, 20, 300, 0.01);
    }
}
