package io.samsa.metadata.controller;

import org.apache.kafka.common.config.ConfigException;

/**
 * The controller's own settings, with Kafka's names and defaults. The broker maps its config onto this record.
 *
 * @param brokerId                           {@code broker.id}: who this controller is
 * @param autoLeaderRebalanceEnable          {@code auto.leader.rebalance.enable} (Kafka: true)
 * @param leaderImbalanceCheckIntervalMs     {@code leader.imbalance.check.interval.seconds} × 1000 (Kafka: 300 s)
 * @param leaderImbalancePerBrokerPercentage {@code leader.imbalance.per.broker.percentage} (Kafka: 10): a broker
 *                                           whose preferred partitions are led elsewhere above this share gets
 *                                           them back
 * @param retryBackoffMs                     how long after a ZooKeeper failure the controller tries its work again
 */
public record ControllerConfig(int brokerId, boolean autoLeaderRebalanceEnable, long leaderImbalanceCheckIntervalMs,
                               int leaderImbalancePerBrokerPercentage, long retryBackoffMs) {
    public static final boolean DEFAULT_AUTO_LEADER_REBALANCE_ENABLE = true;
    public static final long DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS = 300_000;
    public static final int DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = 10;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 1_000;

    public ControllerConfig {
        if (leaderImbalanceCheckIntervalMs <= 0) {
            throw new ConfigException("leader.imbalance.check.interval.seconds", leaderImbalanceCheckIntervalMs / 1000,
                "must be positive");
        }
        if (leaderImbalancePerBrokerPercentage < 0 || leaderImbalancePerBrokerPercentage > 100) {
            throw new ConfigException("leader.imbalance.per.broker.percentage", leaderImbalancePerBrokerPercentage,
                "must be between 0 and 100");
        }
        if (retryBackoffMs <= 0) {
            throw new ConfigException("controller retry backoff", retryBackoffMs, "must be positive");
        }
    }

    /** Kafka's defaults for everything but the broker id. */
    public static ControllerConfig defaults(int brokerId) {
        return new ControllerConfig(brokerId, DEFAULT_AUTO_LEADER_REBALANCE_ENABLE,
            DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS, DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
            DEFAULT_RETRY_BACKOFF_MS);
    }
}
