package io.samsa.coordinator.group;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a classic group: its identity, timeouts, the protocols it supports (in preference order, with their
 * metadata), its current assignment and the JoinGroup/SyncGroup responses it is waiting for.
 *
 * <p>A member is "new" from its first JoinGroup until the join phase that admitted it completes: until then it has
 * no generation to heartbeat with, so its expiry uses the new-member join timeout instead of its session timeout.
 * Not thread-safe: used on the coordinator thread only.
 */
final class ClassicGroupMember {
    static final byte[] EMPTY_ASSIGNMENT = new byte[0];

    /** A protocol the member supports: the assignor's name and the member's metadata (subscription) for it. */
    record Protocol(String name, byte[] metadata) {
        Protocol {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(metadata, "metadata");
        }

        boolean sameAs(Protocol o) {
            return name.equals(o.name) && Arrays.equals(metadata, o.metadata);
        }
    }

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment;
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private boolean isNew;

    ClassicGroupMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                       int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<Protocol> protocols,
                       byte[] assignment) {
        this.memberId = Objects.requireNonNull(memberId);
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId == null ? "" : clientId;
        this.clientHost = clientHost == null ? "" : clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
        this.assignment = assignment == null ? EMPTY_ASSIGNMENT : assignment;
    }

    static List<Protocol> protocolsOf(JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols) {
        return protocols.stream().map(p -> new Protocol(p.name(), p.metadata())).toList();
    }

    /** The same member under a new member id (static member replaced by a rejoin with an unknown member id). */
    ClassicGroupMember withMemberId(String newMemberId) {
        return new ClassicGroupMember(newMemberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
            sessionTimeoutMs, protocolType, protocols, assignment);
    }

    String memberId() {
        return memberId;
    }

    /** Null for a dynamic member. */
    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStaticMember() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    void update(List<Protocol> newProtocols, int newRebalanceTimeoutMs, int newSessionTimeoutMs) {
        this.protocols = List.copyOf(newProtocols);
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
    }

    byte[] assignment() {
        return assignment;
    }

    void setAssignment(byte[] assignment) {
        this.assignment = assignment == null ? EMPTY_ASSIGNMENT : assignment;
    }

    boolean hasAssignment() {
        return assignment.length > 0;
    }

    boolean isNew() {
        return isNew;
    }

    void setNew(boolean isNew) {
        this.isNew = isNew;
    }

    CompletableFuture<JoinGroupResponseData> awaitingJoin() {
        return awaitingJoin;
    }

    void setAwaitingJoin(CompletableFuture<JoinGroupResponseData> future) {
        this.awaitingJoin = future;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    CompletableFuture<SyncGroupResponseData> awaitingSync() {
        return awaitingSync;
    }

    void setAwaitingSync(CompletableFuture<SyncGroupResponseData> future) {
        this.awaitingSync = future;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /**
     * Whether this member's session may be considered alive although the heartbeat deadline passed: a member parked
     * in a rebalance (waiting for its JoinGroup or SyncGroup response) cannot heartbeat. New members get no such
     * grace: their deadline is the new-member join timeout.
     */
    boolean hasSatisfiedHeartbeat() {
        return !isNew && (isAwaitingJoin() || isAwaitingSync());
    }

    /** True if {@code other} lists the same protocols, with the same metadata, in the same order. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).sameAs(protocols.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The member's metadata for {@code protocolName}; throws if it does not support it. */
    byte[] metadata(String protocolName) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        throw new IllegalArgumentException("member " + memberId + " does not support protocol " + protocolName);
    }

    /** The member's most preferred protocol among {@code candidates}. */
    String vote(Set<String> candidates) {
        for (Protocol p : protocols) {
            if (candidates.contains(p.name())) {
                return p.name();
            }
        }
        throw new IllegalArgumentException("member " + memberId + " does not support any of " + candidates);
    }

    DescribeGroupsResponseData.DescribedGroupMember describe(String protocolName, boolean withMetadata) {
        return new DescribeGroupsResponseData.DescribedGroupMember()
            .setMemberId(memberId)
            .setGroupInstanceId(groupInstanceId)
            .setClientId(clientId)
            .setClientHost(clientHost)
            .setMemberMetadata(withMetadata ? metadata(protocolName) : EMPTY_ASSIGNMENT)
            .setMemberAssignment(withMetadata ? assignment : EMPTY_ASSIGNMENT);
    }

    @Override
    public String toString() {
        return "ClassicGroupMember(memberId=" + memberId + ", groupInstanceId=" + groupInstanceId
            + ", clientId=" + clientId + ", clientHost=" + clientHost + ", sessionTimeoutMs=" + sessionTimeoutMs
            + ", rebalanceTimeoutMs=" + rebalanceTimeoutMs + ")";
    }
}
