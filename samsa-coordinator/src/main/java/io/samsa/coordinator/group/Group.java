package io.samsa.coordinator.group;

import io.samsa.coordinator.group.record.GroupRecordKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListGroupsResponseData;

/**
 * What every kind of group offers to the parts of the coordinator that do not care about the membership protocol:
 * offsets, deletion, listing. Classic groups ({@link ClassicGroup}) and KIP-848 consumer groups ({@link ConsumerGroup})
 * live in the same shard, under the same group ids namespace, and share the same offsets store.
 * Not thread-safe: used on the coordinator thread only.
 */
interface Group {

    /** Kafka's group types, as ListGroups v5 prints them. */
    enum Type {
        CLASSIC("classic"),
        CONSUMER("consumer");

        private final String name;

        Type(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }

        /** The type for a ListGroups types filter entry (case-insensitive), empty for an unknown name. */
        static Optional<Type> parse(String name) {
            for (Type t : values()) {
                if (t.name.equalsIgnoreCase(name.trim())) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    Type type();

    String groupId();

    /** State name as Kafka prints it. */
    String stateName();

    /** True if the group has no members (offsets may be committed by anyone, the group may be deleted). */
    boolean isEmpty();

    /** True if the group is dead, i.e. being deleted or unloaded: requests get COORDINATOR_NOT_AVAILABLE. */
    boolean isDead();

    /** True if the lower-cased state name is in {@code lowerCaseStates}. */
    boolean isInStates(Set<String> lowerCaseStates);

    ListGroupsResponseData.ListedGroup asListedGroup();

    /**
     * Throws the ApiException an OffsetCommit from this member with this generation gets, or returns if the commit
     * is allowed.
     */
    void validateOffsetCommit(String memberId, String groupInstanceId, int generationId) throws ApiException;

    /**
     * Throws the ApiException an OffsetFetch v9+ from this member with this member epoch gets (consumer groups check
     * them; classic groups accept every fetch), or returns if the fetch is allowed. {@code memberId} null and epoch -1
     * mean "not sent".
     */
    default void validateOffsetFetch(String memberId, int memberEpoch) throws ApiException {
    }

    /** Throws if the group's offsets may not be deleted through OffsetDelete now. */
    void validateOffsetDelete() throws ApiException;

    /** Throws if the group may not be deleted now. */
    void validateDeleteGroup() throws ApiException;

    /** True if a member of the group consumes from {@code topic}: its offsets may then be neither deleted nor expired. */
    boolean isSubscribedToTopic(String topic);

    /**
     * When this group's offsets expire, or empty if they do not expire now. The function gives, for one offset, the
     * time from which its retention is counted.
     */
    Optional<OffsetExpirationCondition> offsetExpirationCondition();

    /** The keys of every record that describes this group: their tombstones delete it from the log. */
    List<GroupRecordKey> tombstoneKeys();

    /**
     * Marks an empty group dead while its tombstone is written (requests then get COORDINATOR_NOT_AVAILABLE and retry
     * after it is gone). Returns the action that brings the group back if the tombstone could not be written.
     */
    Runnable markDeleted();

    /** Cancels what is pending and answers parked requests: the group is being unloaded (partition resigned). */
    void unload();
}
