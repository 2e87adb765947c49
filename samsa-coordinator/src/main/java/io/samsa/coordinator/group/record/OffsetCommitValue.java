package io.samsa.coordinator.group.record;

import java.util.Objects;

/**
 * A committed offset as stored. {@code leaderEpoch} is -1 when the client sent none; {@code expireTimestamp} is -1
 * unless the commit carried an explicit retention time (OffsetCommit v2-v4), which forces value version 1, the only
 * version with that field (Kafka does the same).
 */
public record OffsetCommitValue(long offset, int leaderEpoch, String metadata, long commitTimestamp,
                                long expireTimestamp) {
    public OffsetCommitValue {
        Objects.requireNonNull(metadata, "metadata");
    }
}
