package io.samsa.coordinator.group;

import java.util.Locale;

/**
 * The states of a KIP-848 consumer group, named as Kafka prints them. Unlike a classic group's, the state is not
 * driven by events but derived from the epochs after every change ({@link ConsumerGroup#state()}):
 *
 * <pre>
 *   Empty        no members
 *   Assigning    group epoch &gt; target assignment epoch: a new target assignment must be computed
 *   Reconciling  some member is not yet at the target assignment epoch, or not Stable (revoking, waiting)
 *   Stable       every member owns exactly its target assignment at the target assignment epoch
 *
 *   Empty --join--> Assigning --target computed--> Reconciling --all converged--> Stable
 *     ^                ^                                                            |
 *     +-- last leaves  +------ join, leave, subscription or partition count change -+
 *
 *   any state --> Dead   (group deleted, or its __consumer_offsets partition unloaded)
 * </pre>
 *
 * In Samsa the target assignment is computed within the heartbeat that bumped the group epoch, so Assigning is only
 * observable between a member's removal by a timeout and the next heartbeat.
 */
public enum ConsumerGroupState {
    EMPTY("Empty"),
    ASSIGNING("Assigning"),
    RECONCILING("Reconciling"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    ConsumerGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    @Override
    public String toString() {
        return kafkaName;
    }

    public String toLowerCaseString() {
        return kafkaName.toLowerCase(Locale.ROOT);
    }
}
