package io.samsa.coordinator.group.record;

/** The key of a record in {@code __consumer_offsets}; every record belongs to exactly one group. */
public sealed interface GroupRecordKey permits OffsetCommitKey, GroupMetadataKey, ConsumerGroupKey {
    String groupId();
}
