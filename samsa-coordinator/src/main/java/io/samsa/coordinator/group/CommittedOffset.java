package io.samsa.coordinator.group;

import io.samsa.coordinator.group.record.OffsetCommitValue;

/**
 * A committed offset as held in memory: the stored value plus the log offset of the record that carried it (later
 * records win, both on the write path and when loading).
 */
record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp, long expireTimestamp,
                       long recordOffset) {

    static CommittedOffset of(OffsetCommitValue v, long recordOffset) {
        return new CommittedOffset(v.offset(), v.leaderEpoch(), v.metadata(), v.commitTimestamp(),
            v.expireTimestamp(), recordOffset);
    }

    OffsetCommitValue toValue() {
        return new OffsetCommitValue(offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp);
    }
}
