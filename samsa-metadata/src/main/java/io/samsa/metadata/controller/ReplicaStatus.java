package io.samsa.metadata.controller;

import java.util.EnumSet;
import java.util.Set;

/**
 * The controller's replica state machine, one per (partition, assigned broker) (Kafka's {@code ReplicaState},
 * without the deletion states: Samsa deletes a topic's znodes in one transaction and each broker drops its log
 * when the watch tells it).
 *
 * <pre>
 *   NON_EXISTENT ──▶ NEW ──▶ ONLINE ◀──▶ OFFLINE
 *                     │        │  ▲         │  ▲
 *                     │        ▼  │         ▼  │        (reassignment cancelled: back to ONLINE or OFFLINE)
 *                     └──▶ REASSIGNING_OUT ◀─┘
 *                              │
 *   any of NEW, ONLINE, OFFLINE, REASSIGNING_OUT ──▶ NON_EXISTENT   (removed from the assignment, topic deleted)
 * </pre>
 *
 * NEW: just assigned (topic creation, new partition, reassignment target). ONLINE / OFFLINE: its broker is live /
 * not. REASSIGNING_OUT: a reassignment is removing it. A transition from a state not listed as valid is a bug;
 * {@link StatusBook} logs it.
 */
public enum ReplicaStatus {
    NON_EXISTENT,
    NEW,
    ONLINE,
    OFFLINE,
    REASSIGNING_OUT;

    /** The states this one may be entered from. */
    public Set<ReplicaStatus> validPrevious() {
        return switch (this) {
            case NEW -> EnumSet.of(NON_EXISTENT);
            case ONLINE, OFFLINE -> EnumSet.of(NEW, ONLINE, OFFLINE, REASSIGNING_OUT);
            case REASSIGNING_OUT -> EnumSet.of(NEW, ONLINE, OFFLINE, REASSIGNING_OUT);
            case NON_EXISTENT -> EnumSet.of(NEW, ONLINE, OFFLINE, REASSIGNING_OUT);
        };
    }

    public boolean canTransitionFrom(ReplicaStatus previous) {
        return validPrevious().contains(previous);
    }
}
