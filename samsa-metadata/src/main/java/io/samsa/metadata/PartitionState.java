package io.samsa.metadata;

import java.util.List;
import java.util.Objects;

/**
 * Leader and ISR of one partition, as in {@code /brokers/topics/<t>/partitions/<p>/state} (see
 * {@code PartitionStateZNode} for the JSON). The znode's ZooKeeper version, the partition epoch, travels beside
 * it in {@link Versioned}: every writer names the version it read.
 *
 * <p>Who writes it: the broker that creates the topic (initial state), the controller (leader changes, ISR
 * removals of dead or stopping brokers) and the partition's leader (ISR shrink and expand). A new leader bumps
 * {@code leaderEpoch}; an ISR-only change does not.
 *
 * @param leader                 broker id of the leader, {@link #NO_LEADER} if none
 * @param leaderEpoch            bumped on every leader change, including to and from {@link #NO_LEADER}
 * @param isr                    in-sync replicas; may be empty (KIP-966: the last member then sits in the ELR)
 * @param controllerEpoch        epoch of the controller that last wrote it (kept as is by a leader's write)
 * @param leaderRecoveryState    {@link LeaderRecoveryState#RECOVERING} after an unclean election
 * @param eligibleLeaderReplicas KIP-966 ELR: replicas out of the ISR that still hold every record below the
 *                               high watermark, because they left while the ISR was below
 *                               {@code min.insync.replicas}; electable when the ISR is empty
 * @param lastKnownElr           KIP-966 as Kafka 4 keeps it: the last leader of a partition whose ISR became
 *                               empty, elected again if it returns while ISR and ELR are still empty (Kafka's
 *                               "balanced" recovery, marked RECOVERING); cleared once the partition has a leader
 */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch,
                             LeaderRecoveryState leaderRecoveryState, List<Integer> eligibleLeaderReplicas,
                             List<Integer> lastKnownElr) {
    /** The leader of a partition that has none (Kafka's {@code LeaderAndIsr.NoLeader}). */
    public static final int NO_LEADER = -1;

    public PartitionState {
        isr = List.copyOf(isr);
        Objects.requireNonNull(leaderRecoveryState, "leaderRecoveryState");
        eligibleLeaderReplicas = List.copyOf(eligibleLeaderReplicas);
        lastKnownElr = List.copyOf(lastKnownElr);
    }

    /** A recovered state with no ELR: what topic creation writes, and what Kafka 3.9 writes. */
    public PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {
        this(leader, leaderEpoch, isr, controllerEpoch, LeaderRecoveryState.RECOVERED, List.of(), List.of());
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }

    /** This state with {@code newLeader}, the leader epoch bumped and {@code controllerEpoch} as the writer's. */
    public PartitionState withNewLeader(int newLeader, int writerControllerEpoch) {
        return new PartitionState(newLeader, leaderEpoch + 1, isr, writerControllerEpoch, leaderRecoveryState,
            eligibleLeaderReplicas, lastKnownElr);
    }

    /** This state with another ISR and nothing else changed (use {@link EligibleLeaderReplicas} to keep the ELR). */
    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(leader, leaderEpoch, newIsr, controllerEpoch, leaderRecoveryState,
            eligibleLeaderReplicas, lastKnownElr);
    }

    public PartitionState withElr(List<Integer> elr, List<Integer> newLastKnownElr) {
        return new PartitionState(leader, leaderEpoch, isr, controllerEpoch, leaderRecoveryState, elr,
            newLastKnownElr);
    }

    public PartitionState withLeaderRecoveryState(LeaderRecoveryState state) {
        return new PartitionState(leader, leaderEpoch, isr, controllerEpoch, state, eligibleLeaderReplicas,
            lastKnownElr);
    }

    public PartitionState withControllerEpoch(int writerControllerEpoch) {
        return new PartitionState(leader, leaderEpoch, isr, writerControllerEpoch, leaderRecoveryState,
            eligibleLeaderReplicas, lastKnownElr);
    }
}
