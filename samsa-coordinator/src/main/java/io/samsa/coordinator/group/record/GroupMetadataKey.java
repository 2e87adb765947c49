package io.samsa.coordinator.group.record;

import java.util.Objects;

/** Key of a classic group's metadata record. */
public record GroupMetadataKey(String group) implements GroupRecordKey {
    public GroupMetadataKey {
        Objects.requireNonNull(group, "group");
    }

    @Override
    public String groupId() {
        return group;
    }
}
