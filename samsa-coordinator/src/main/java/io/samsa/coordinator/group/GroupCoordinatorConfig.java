package io.samsa.coordinator.group;

import io.samsa.common.config.BrokerConfig;

/**
 * The broker settings the group coordinator uses (Kafka's names in the comments).
 *
 * @param offsetsTopicPartitions          offsets.topic.num.partitions
 * @param groupMinSessionTimeoutMs        group.min.session.timeout.ms
 * @param groupMaxSessionTimeoutMs        group.max.session.timeout.ms
 * @param groupInitialRebalanceDelayMs    group.initial.rebalance.delay.ms
 * @param groupMaxSize                    group.max.size
 * @param offsetsRetentionMs              offsets.retention.minutes, in ms
 * @param offsetsRetentionCheckIntervalMs offsets.retention.check.interval.ms
 * @param offsetMetadataMaxBytes          offset.metadata.max.bytes
 * @param consumerGroups                  group.consumer.*: KIP-848 consumer groups
 */
public record GroupCoordinatorConfig(int offsetsTopicPartitions, int groupMinSessionTimeoutMs,
                                     int groupMaxSessionTimeoutMs, int groupInitialRebalanceDelayMs,
                                     int groupMaxSize, long offsetsRetentionMs,
                                     long offsetsRetentionCheckIntervalMs, int offsetMetadataMaxBytes,
                                     ConsumerGroupConfig consumerGroups) {

    /**
     * How long a new member's JoinGroup may stay parked before the member is dropped (Kafka's fixed 5 minutes): a
     * new member has no member id to heartbeat with, and a client that gave up waiting simply retries.
     */
    public static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    /** Classic settings only; consumer groups get Kafka's defaults. */
    public GroupCoordinatorConfig(int offsetsTopicPartitions, int groupMinSessionTimeoutMs,
                                  int groupMaxSessionTimeoutMs, int groupInitialRebalanceDelayMs, int groupMaxSize,
                                  long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs,
                                  int offsetMetadataMaxBytes) {
        this(offsetsTopicPartitions, groupMinSessionTimeoutMs, groupMaxSessionTimeoutMs, groupInitialRebalanceDelayMs,
            groupMaxSize, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetMetadataMaxBytes,
            ConsumerGroupConfig.DEFAULT);
    }

    public GroupCoordinatorConfig {
        java.util.Objects.requireNonNull(consumerGroups, "consumerGroups");
        if (offsetsTopicPartitions <= 0) {
            throw new IllegalArgumentException("offsetsTopicPartitions must be positive: " + offsetsTopicPartitions);
        }
        if (offsetsRetentionCheckIntervalMs <= 0) {
            throw new IllegalArgumentException("offsetsRetentionCheckIntervalMs must be positive");
        }
    }

    public static GroupCoordinatorConfig from(BrokerConfig c) {
        return new GroupCoordinatorConfig(
            c.offsetsTopicNumPartitions(),
            c.groupMinSessionTimeoutMs(),
            c.groupMaxSessionTimeoutMs(),
            c.groupInitialRebalanceDelayMs(),
            c.groupMaxSize(),
            c.offsetsRetentionMs(),
            c.offsetsRetentionCheckIntervalMs(),
            c.offsetMetadataMaxBytes(),
            // BrokerConfigDef does not define the group.consumer.* keys (yet): read them from the raw properties.
            ConsumerGroupConfig.from(c.originals()));
    }
}
