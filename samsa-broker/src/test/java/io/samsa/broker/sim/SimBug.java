package io.samsa.broker.sim;

/**
 * Deliberate bugs the simulation can switch on, to show that its invariants catch them. {@link #NONE} in every
 * real run.
 */
public enum SimBug {
    /** No bug. */
    NONE,
    /** The controller treats every live replica as in sync when it elects, so a lagging replica may lead. */
    ELECT_OUT_OF_ISR,
    /** The producer counts a write as acknowledged as soon as the leader appended it (acks=1 taken for acks=all). */
    ACK_ON_APPEND,
    /**
     * Followers ignore the leader's diverging epoch: a deposed leader keeps its uncommitted tail instead of
     * truncating it.
     */
    IGNORE_DIVERGENCE
}
