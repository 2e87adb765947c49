package io.samsa.metadata;

import java.util.List;

/**
 * Leader and ISR of one partition, as in {@code /brokers/topics/<t>/partitions/<p>/state}.
 *
 * @param leader          broker id of the leader, -1 if none
 * @param leaderEpoch     bumped on every leader change
 * @param isr             in-sync replicas
 * @param controllerEpoch epoch of the controller that wrote it
 */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {
}
