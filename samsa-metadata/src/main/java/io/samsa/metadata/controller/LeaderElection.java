package io.samsa.metadata.controller;

import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Leader elections as pure functions of a partition's assignment, ISR, ELR and the brokers that may lead. The
 * controller calls them; they decide nothing else (the new ISR and ELR follow in {@link PartitionChange}).
 *
 * <p>The rules are ZooKeeper-mode Kafka's ({@code PartitionLeaderElectionAlgorithms}), plus KIP-966's ELR step
 * as in Kafka 4's {@code PartitionChangeBuilder}:
 * <ul>
 *   <li>offline: the first assigned replica that can lead and is in the ISR; if the ISR is empty, the first
 *       assigned replica that can lead and is in the ELR; if the ELR is empty too, the last known leader if it can
 *       lead (Kafka 4's "balanced" recovery: it held the most records when the partition went offline, though it
 *       may have lost unflushed ones); if none and unclean election is allowed, the first assigned replica that
 *       can lead (data loss); otherwise none;</li>
 *   <li>preferred: the first assigned replica, if it can lead and is in the ISR;</li>
 *   <li>controlled shutdown: the first assigned replica that is live, in the ISR and not shutting down;</li>
 *   <li>reassignment: the first target replica that can lead and is in the ISR.</li>
 * </ul>
 * "Can lead" is the caller's set: live brokers that are not shutting down.
 *
 * <p>Worked example: assignment [1,2,3], ISR [] and ELR [3,2] after brokers left the ISR below
 * {@code min.insync.replicas}; broker 2 is live, 3 is not: offline elects 2, from the ELR (assignment order, not
 * ELR order, so the preferred replica wins ties).
 */
public final class LeaderElection {
    private LeaderElection() {
    }

    /** How an offline election found its leader. */
    public enum Kind {
        /** A replica in the ISR: no data loss. */
        ISR,
        /** A replica in the ELR, the ISR being empty: no data loss (KIP-966). */
        ELR,
        /** The last leader, ISR and ELR being empty: records it had not flushed may be lost (KIP-966). */
        LAST_KNOWN_LEADER,
        /** Any replica: records acknowledged by the ISR may be lost. */
        UNCLEAN,
        /** Nobody can lead. */
        NONE
    }

    /** An offline election's outcome; {@code leader} is meaningless when {@code kind} is {@link Kind#NONE}. */
    public record Result(int leader, Kind kind) {
        static final Result NONE = new Result(-1, Kind.NONE);
    }

    /**
     * @param lastKnownElr the partition's last known ELR: its last leader when its ISR became empty (one member),
     *                     else ignored
     */
    public static Result offline(List<Integer> assignment, Collection<Integer> isr, Collection<Integer> elr,
                                 List<Integer> lastKnownElr, Set<Integer> canLead, boolean uncleanAllowed) {
        for (Integer replica : assignment) {
            if (canLead.contains(replica) && isr.contains(replica)) {
                return new Result(replica, Kind.ISR);
            }
        }
        if (isr.isEmpty()) {
            for (Integer replica : assignment) {
                if (canLead.contains(replica) && elr.contains(replica)) {
                    return new Result(replica, Kind.ELR);
                }
            }
        }
        if (isr.isEmpty() && elr.isEmpty() && lastKnownElr.size() == 1) {
            int last = lastKnownElr.get(0);
            if (assignment.contains(last) && canLead.contains(last)) {
                return new Result(last, Kind.LAST_KNOWN_LEADER);
            }
        }
        if (uncleanAllowed) {
            for (Integer replica : assignment) {
                if (canLead.contains(replica)) {
                    return new Result(replica, Kind.UNCLEAN);
                }
            }
        }
        return Result.NONE;
    }

    public static OptionalInt preferred(List<Integer> assignment, Collection<Integer> isr, Set<Integer> canLead) {
        if (assignment.isEmpty()) {
            return OptionalInt.empty();
        }
        int first = assignment.get(0);
        return canLead.contains(first) && isr.contains(first) ? OptionalInt.of(first) : OptionalInt.empty();
    }

    public static OptionalInt controlledShutdown(List<Integer> assignment, Collection<Integer> isr,
                                                 Set<Integer> live, Set<Integer> shuttingDown) {
        for (Integer replica : assignment) {
            if (live.contains(replica) && isr.contains(replica) && !shuttingDown.contains(replica)) {
                return OptionalInt.of(replica);
            }
        }
        return OptionalInt.empty();
    }

    public static OptionalInt reassignment(List<Integer> targetReplicas, Collection<Integer> isr,
                                           Set<Integer> canLead) {
        for (Integer replica : targetReplicas) {
            if (canLead.contains(replica) && isr.contains(replica)) {
                return OptionalInt.of(replica);
            }
        }
        return OptionalInt.empty();
    }
}
