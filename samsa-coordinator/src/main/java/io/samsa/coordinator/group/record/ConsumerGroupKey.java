package io.samsa.coordinator.group.record;

import java.util.Objects;

/**
 * Key of a KIP-848 consumer group record. The {@link Kind} is the key version Kafka writes (3 to 8); group-level kinds
 * have no member id, member-level kinds have one. Kafka's keys are not flexible: int16 version, then int16-length
 * strings.
 *
 * @param memberId null for group-level kinds
 */
public record ConsumerGroupKey(Kind kind, String group, String memberId) implements GroupRecordKey {

    /** What the record is, by its key version (Kafka's {@code apiKey} of the record's JSON schema). */
    public enum Kind {
        GROUP_METADATA(3, false),
        PARTITION_METADATA(4, false),
        MEMBER_METADATA(5, true),
        TARGET_ASSIGNMENT_METADATA(6, false),
        TARGET_ASSIGNMENT_MEMBER(7, true),
        CURRENT_MEMBER_ASSIGNMENT(8, true);

        private final short keyVersion;
        private final boolean perMember;

        Kind(int keyVersion, boolean perMember) {
            this.keyVersion = (short) keyVersion;
            this.perMember = perMember;
        }

        public short keyVersion() {
            return keyVersion;
        }

        public boolean perMember() {
            return perMember;
        }

        /** The kind with this key version, or null for another record kind. */
        public static Kind of(short keyVersion) {
            for (Kind k : values()) {
                if (k.keyVersion == keyVersion) {
                    return k;
                }
            }
            return null;
        }
    }

    public ConsumerGroupKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        if (kind.perMember() != (memberId != null)) {
            throw new IllegalArgumentException(kind + (kind.perMember() ? " needs" : " has no") + " member id");
        }
    }

    public static ConsumerGroupKey group(Kind kind, String group) {
        return new ConsumerGroupKey(kind, group, null);
    }

    public static ConsumerGroupKey member(Kind kind, String group, String memberId) {
        return new ConsumerGroupKey(kind, group, memberId);
    }

    @Override
    public String groupId() {
        return group;
    }
}
