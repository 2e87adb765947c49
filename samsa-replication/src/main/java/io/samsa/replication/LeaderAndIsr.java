package io.samsa.replication;

import java.util.List;

/**
 * A partition's replication state as the cluster metadata has it, which is what a broker acts on: who leads and
 * in which epoch, the in-sync replicas, and every assigned replica.
 *
 * @param leader         broker id of the leader, -1 if none
 * @param leaderEpoch    bumped by every leader change
 * @param isr            in-sync replicas as committed in the metadata
 * @param replicas       every assigned replica (during a reassignment, the adding ones too), preferred first
 * @param partitionEpoch version of this state in the metadata store: moves with every change, the leader's own ISR
 *                       changes included; a conditional write names the one it read
 */
public record LeaderAndIsr(int leader, int leaderEpoch, List<Integer> isr, List<Integer> replicas, int partitionEpoch) {
    public static final int NO_LEADER = -1;

    public LeaderAndIsr {
        isr = List.copyOf(isr);
        replicas = List.copyOf(replicas);
    }

    public LeaderAndIsr withIsr(List<Integer> newIsr, int newPartitionEpoch) {
        return new LeaderAndIsr(leader, leaderEpoch, newIsr, replicas, newPartitionEpoch);
    }
}
