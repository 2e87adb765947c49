package io.samsa.coordinator.group.record;

import java.util.Objects;

/** Key of a committed offset: the group, topic and partition it belongs to. */
public record OffsetCommitKey(String group, String topic, int partition) implements GroupRecordKey {
    public OffsetCommitKey {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String groupId() {
        return group;
    }
}
