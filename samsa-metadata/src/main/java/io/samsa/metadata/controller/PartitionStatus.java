package io.samsa.metadata.controller;

import java.util.EnumSet;
import java.util.Set;

/**
 * The controller's partition state machine (Kafka's {@code PartitionState}: named "status" here because
 * {@link io.samsa.metadata.PartitionState} is the znode's leader and ISR).
 *
 * <pre>
 *                 ┌──────────────────────────┐
 *                 ▼                          │ leader gone, no eligible replica
 *   NON_EXISTENT ──▶ NEW ──▶ ONLINE ◀──────▶ OFFLINE ──▶ NON_EXISTENT
 *                    │         ▲  leader elected │   (topic deleted: ONLINE goes through OFFLINE)
 *                    └─────────┴─────────────────┘
 * </pre>
 *
 * NEW: the partition exists in its topic znode, with no state yet or with one not yet checked. ONLINE: its leader
 * is live. OFFLINE: it has no live leader. NON_EXISTENT: deleted (or never seen). ONLINE to ONLINE is a leader
 * change. A transition from a state not listed as valid is a bug; {@link StatusBook} logs it with the partition.
 */
public enum PartitionStatus {
    NON_EXISTENT,
    NEW,
    ONLINE,
    OFFLINE;

    /** The states this one may be entered from. */
    public Set<PartitionStatus> validPrevious() {
        return switch (this) {
            case NEW -> EnumSet.of(NON_EXISTENT);
            case ONLINE, OFFLINE -> EnumSet.of(NEW, ONLINE, OFFLINE);
            case NON_EXISTENT -> EnumSet.of(OFFLINE);
        };
    }

    public boolean canTransitionFrom(PartitionStatus previous) {
        return validPrevious().contains(previous);
    }
}
