package io.samsa.metadata;

/**
 * Kafka's {@code leader_recovery_state} of a partition (KIP-704), in the state znode as an int: absent means
 * {@link #RECOVERED}. After an unclean election the new leader may lack records the ISR had; the partition is
 * {@link #RECOVERING} until its leader has fenced the old epoch and the state was rewritten as recovered.
 */
public enum LeaderRecoveryState {
    RECOVERED((byte) 0),
    RECOVERING((byte) 1);

    private final byte value;

    LeaderRecoveryState(byte value) {
        this.value = value;
    }

    public byte value() {
        return value;
    }

    /** @throws IllegalArgumentException for a value Kafka does not define */
    public static LeaderRecoveryState of(int value) {
        for (LeaderRecoveryState state : values()) {
            if (state.value == value) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown leader_recovery_state " + value);
    }
}
