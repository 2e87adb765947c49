package io.samsa.coordinator.group;

import java.util.function.ToLongFunction;

/**
 * When a committed offset expires: an explicit expire timestamp (OffsetCommit v2-v4 retention) wins; otherwise the
 * offset expires {@code offsets.retention.minutes} after its base timestamp, which the group chooses (the time it
 * became Empty, or the commit time).
 */
record OffsetExpirationCondition(ToLongFunction<CommittedOffset> baseTimestamp) {

    boolean isExpired(CommittedOffset offset, long nowMs, long retentionMs) {
        if (offset.expireTimestamp() >= 0) {
            return nowMs >= offset.expireTimestamp();
        }
        return nowMs - baseTimestamp.applyAsLong(offset) >= retentionMs;
    }
}
