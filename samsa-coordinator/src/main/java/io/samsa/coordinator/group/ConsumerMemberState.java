package io.samsa.coordinator.group;

/**
 * Where a consumer group member is in its reconciliation towards its target assignment (Kafka's MemberState; the byte
 * is what ConsumerGroupCurrentMemberAssignmentValue stores).
 *
 * <pre>
 *   Stable --new target, partitions to give up--> UnrevokedPartitions --member acked revocation (heartbeat without
 *     ^  |                                                              them)--> next epoch, reconcile again
 *     |  +--new target, partitions still owned by others--> UnreleasedPartitions --they were released--> Stable
 *     +------------------------------------------------------------------------------------------------+
 * </pre>
 */
enum ConsumerMemberState {
    /** Owns its target assignment at the target assignment epoch (or waits for nothing). */
    STABLE((byte) 0),
    /** Must revoke {@code partitionsPendingRevocation} before it may move to the next epoch. */
    UNREVOKED_PARTITIONS((byte) 1),
    /** At the target epoch, but some target partitions are still owned by other members. */
    UNRELEASED_PARTITIONS((byte) 2),
    UNKNOWN((byte) 127);

    private final byte value;

    ConsumerMemberState(byte value) {
        this.value = value;
    }

    byte value() {
        return value;
    }

    static ConsumerMemberState of(byte value) {
        for (ConsumerMemberState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
