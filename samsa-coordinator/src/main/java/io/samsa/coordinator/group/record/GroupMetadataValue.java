package io.samsa.coordinator.group.record;

import java.util.List;
import java.util.Objects;

/**
 * A classic group's metadata after a completed rebalance (or once it became empty): Kafka's GroupMetadataValue.
 * {@code protocolType} is "" for a group without one (a "simple" consumer group), {@code protocol} and {@code leader}
 * are null for an empty group, {@code currentStateTimestamp} is -1 when unknown (written before value version 2).
 */
public record GroupMetadataValue(String protocolType, int generation, String protocol, String leader,
                                 long currentStateTimestamp, List<MemberMetadata> members) {
    public GroupMetadataValue {
        Objects.requireNonNull(protocolType, "protocolType");
        members = List.copyOf(members);
    }

    /**
     * One member: its subscription is the metadata of the group's selected protocol, its assignment the bytes the
     * leader sent for it. {@code groupInstanceId} is null for a dynamic member.
     */
    public record MemberMetadata(String memberId, String groupInstanceId, String clientId, String clientHost,
                                 int rebalanceTimeout, int sessionTimeout, byte[] subscription, byte[] assignment) {
        public MemberMetadata {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(subscription, "subscription");
            Objects.requireNonNull(assignment, "assignment");
        }
    }
}
