package io.samsa.coordinator.group;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a classic group, named as Kafka prints them (DescribeGroups, ListGroups).
 *
 * <pre>
 *   Empty --first join--> PreparingRebalance --all joined, or timeout--> CompletingRebalance --leader's--> Stable
 *     ^                     |   ^     ^                                      |              SyncGroup       |
 *     |                     |   |     +------ join, leave, session expiry ---+              persisted       |
 *     +---- no member ------+   |                                                                          |
 *           left                +------- join with new metadata, leader rejoins, leave, session expiry ----+
 *
 *   any state --> Dead   (group deleted, or its __consumer_offsets partition unloaded)
 * </pre>
 *
 * <ul>
 *   <li>Empty: no members; offsets may still exist and expire {@code offsets.retention.minutes} after the group
 *       became empty.</li>
 *   <li>PreparingRebalance: waiting for all members to (re)join, at most the rebalance timeout; a group coming
 *       from Empty first waits {@code group.initial.rebalance.delay.ms}, extended while members keep arriving, up to
 *       the rebalance timeout.</li>
 *   <li>CompletingRebalance: members got their JoinGroup responses; waiting for the leader's assignment.</li>
 *   <li>Stable: the assignment is persisted and handed out; members heartbeat.</li>
 *   <li>Dead: the group is gone; requests get COORDINATOR_NOT_AVAILABLE so clients look the coordinator up again.</li>
 * </ul>
 */
public enum ClassicGroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    ClassicGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The states from which a transition to this one is allowed. */
    public Set<ClassicGroupState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(ClassicGroupState.class);
        };
    }

    /** The name Kafka prints, e.g. "PreparingRebalance". */
    @Override
    public String toString() {
        return kafkaName;
    }

    /** The lower-case name ListGroups' states filter is matched against. */
    public String toLowerCaseString() {
        return kafkaName.toLowerCase(Locale.ROOT);
    }
}
