package io.samsa.coordinator.group;

/**
 * The keys of the group coordinator's timeouts in {@link io.samsa.coordinator.runtime.CoordinatorTimers}: one per
 * member session, pending join or sync, consumer-group member, and the offsets expiration. Stateless.
 */
final class GroupTimerKeys {
    private GroupTimerKeys() {
    }

    static String heartbeatKey(String groupId, String memberId) {
        // NUL cannot be confused with characters of ids, so keys of different groups never collide.
        return "heartbeat\u0000" + groupId + "\u0000" + memberId;
    }

    static String joinKey(String groupId) {
        return "join\u0000" + groupId;
    }

    static String syncKey(String groupId) {
        return "sync\u0000" + groupId;
    }

    static String consumerSessionKey(String groupId, String memberId) {
        return "consumer-session\u0000" + groupId + "\u0000" + memberId;
    }

    static String consumerRebalanceKey(String groupId, String memberId) {
        return "consumer-rebalance\u0000" + groupId + "\u0000" + memberId;
    }

    static final String OFFSETS_EXPIRATION_KEY = "offsets-expiration";
}
