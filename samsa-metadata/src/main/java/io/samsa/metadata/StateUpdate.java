package io.samsa.metadata;

import java.util.Objects;

/**
 * One conditional partition-state write: the new state and the version of the state it was computed from.
 *
 * @param state           the state to write
 * @param expectedVersion the znode version read, or {@link #ABSENT} to create a state znode that must not exist yet.
 *                        Never ZooKeeper's "-1 = any version": every write here is conditional.
 */
public record StateUpdate(PartitionState state, int expectedVersion) {
    /** Expect no state znode: create it. */
    public static final int ABSENT = -1;

    public StateUpdate {
        Objects.requireNonNull(state, "state");
        if (expectedVersion < ABSENT) {
            throw new IllegalArgumentException("expectedVersion " + expectedVersion);
        }
    }

    public static StateUpdate create(PartitionState state) {
        return new StateUpdate(state, ABSENT);
    }
}
