package io.samsa.coordinator.group.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Encodes and decodes {@code __consumer_offsets} records in Kafka's layout (see the package doc).
 *
 * <p>Written versions are the ones Kafka 4.x writes: key version 1 for offsets and 2 for group metadata, offset value
 * version 3 (1 when the commit has an expire timestamp), group metadata value version 3. Every version Kafka ever wrote
 * (values 0-4, keys 0-2) is read.
 * KIP-848 consumer group records (keys 3-8) are delegated to {@link ConsumerGroupRecordSerde}. Stateless and thread-safe.
 */
public final class GroupRecordSerde {
    /** Key versions: what the record is. 0 is the pre-0.10 offset key, same layout as 1. */
    public static final short LEGACY_OFFSET_COMMIT_KEY = 0;
    public static final short OFFSET_COMMIT_KEY = 1;
    public static final short GROUP_METADATA_KEY = 2;

    static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    static final short OFFSET_COMMIT_VALUE_WITH_EXPIRY_VERSION = 1;
    static final short GROUP_METADATA_VALUE_VERSION = 3;

    private static final String GROUP = "group";
    private static final String TOPIC = "topic";
    private static final String PARTITION = "partition";
    private static final String OFFSET = "offset";
    private static final String LEADER_EPOCH = "leader_epoch";
    private static final String METADATA = "metadata";
    private static final String COMMIT_TIMESTAMP = "commit_timestamp";
    private static final String EXPIRE_TIMESTAMP = "expire_timestamp";
    private static final String PROTOCOL_TYPE = "protocol_type";
    private static final String GENERATION = "generation";
    private static final String PROTOCOL = "protocol";
    private static final String LEADER = "leader";
    private static final String CURRENT_STATE_TIMESTAMP = "current_state_timestamp";
    private static final String MEMBERS = "members";
    private static final String MEMBER_ID = "member_id";
    private static final String GROUP_INSTANCE_ID = "group_instance_id";
    private static final String CLIENT_ID = "client_id";
    private static final String CLIENT_HOST = "client_host";
    private static final String REBALANCE_TIMEOUT = "rebalance_timeout";
    private static final String SESSION_TIMEOUT = "session_timeout";
    private static final String SUBSCRIPTION = "subscription";
    private static final String ASSIGNMENT = "assignment";

    private static final Schema OFFSET_COMMIT_KEY_SCHEMA = new Schema(
        new Field(GROUP, Type.STRING), new Field(TOPIC, Type.STRING), new Field(PARTITION, Type.INT32));
    private static final Schema GROUP_METADATA_KEY_SCHEMA = new Schema(new Field(GROUP, Type.STRING));

    private static final Schema[] OFFSET_COMMIT_VALUE_SCHEMAS = {
        new Schema(new Field(OFFSET, Type.INT64), new Field(METADATA, Type.STRING),
            new Field(COMMIT_TIMESTAMP, Type.INT64)),
        new Schema(new Field(OFFSET, Type.INT64), new Field(METADATA, Type.STRING),
            new Field(COMMIT_TIMESTAMP, Type.INT64), new Field(EXPIRE_TIMESTAMP, Type.INT64)),
        new Schema(new Field(OFFSET, Type.INT64), new Field(METADATA, Type.STRING),
            new Field(COMMIT_TIMESTAMP, Type.INT64)),
        new Schema(new Field(OFFSET, Type.INT64), new Field(LEADER_EPOCH, Type.INT32),
            new Field(METADATA, Type.STRING), new Field(COMMIT_TIMESTAMP, Type.INT64)),
        new Schema(new Field(OFFSET, Type.INT64), new Field(LEADER_EPOCH, Type.INT32),
            new Field(METADATA, Type.COMPACT_STRING), new Field(COMMIT_TIMESTAMP, Type.INT64),
            Field.TaggedFieldsSection.of()),
    };

    private static final Schema MEMBER_V0 = new Schema(
        new Field(MEMBER_ID, Type.STRING), new Field(CLIENT_ID, Type.STRING), new Field(CLIENT_HOST, Type.STRING),
        new Field(SESSION_TIMEOUT, Type.INT32), new Field(SUBSCRIPTION, Type.BYTES), new Field(ASSIGNMENT, Type.BYTES));
    private static final Schema MEMBER_V1 = new Schema(
        new Field(MEMBER_ID, Type.STRING), new Field(CLIENT_ID, Type.STRING), new Field(CLIENT_HOST, Type.STRING),
        new Field(REBALANCE_TIMEOUT, Type.INT32), new Field(SESSION_TIMEOUT, Type.INT32),
        new Field(SUBSCRIPTION, Type.BYTES), new Field(ASSIGNMENT, Type.BYTES));
    private static final Schema MEMBER_V3 = new Schema(
        new Field(MEMBER_ID, Type.STRING), new Field(GROUP_INSTANCE_ID, Type.NULLABLE_STRING),
        new Field(CLIENT_ID, Type.STRING), new Field(CLIENT_HOST, Type.STRING),
        new Field(REBALANCE_TIMEOUT, Type.INT32), new Field(SESSION_TIMEOUT, Type.INT32),
        new Field(SUBSCRIPTION, Type.BYTES), new Field(ASSIGNMENT, Type.BYTES));
    private static final Schema MEMBER_V4 = new Schema(
        new Field(MEMBER_ID, Type.COMPACT_STRING), new Field(GROUP_INSTANCE_ID, Type.COMPACT_NULLABLE_STRING),
        new Field(CLIENT_ID, Type.COMPACT_STRING), new Field(CLIENT_HOST, Type.COMPACT_STRING),
        new Field(REBALANCE_TIMEOUT, Type.INT32), new Field(SESSION_TIMEOUT, Type.INT32),
        new Field(SUBSCRIPTION, Type.COMPACT_BYTES), new Field(ASSIGNMENT, Type.COMPACT_BYTES),
        Field.TaggedFieldsSection.of());

    private static final Schema[] GROUP_METADATA_VALUE_SCHEMAS = {
        new Schema(new Field(PROTOCOL_TYPE, Type.STRING), new Field(GENERATION, Type.INT32),
            new Field(PROTOCOL, Type.NULLABLE_STRING), new Field(LEADER, Type.NULLABLE_STRING),
            new Field(MEMBERS, new ArrayOf(MEMBER_V0))),
        new Schema(new Field(PROTOCOL_TYPE, Type.STRING), new Field(GENERATION, Type.INT32),
            new Field(PROTOCOL, Type.NULLABLE_STRING), new Field(LEADER, Type.NULLABLE_STRING),
            new Field(MEMBERS, new ArrayOf(MEMBER_V1))),
        new Schema(new Field(PROTOCOL_TYPE, Type.STRING), new Field(GENERATION, Type.INT32),
            new Field(PROTOCOL, Type.NULLABLE_STRING), new Field(LEADER, Type.NULLABLE_STRING),
            new Field(CURRENT_STATE_TIMESTAMP, Type.INT64), new Field(MEMBERS, new ArrayOf(MEMBER_V1))),
        new Schema(new Field(PROTOCOL_TYPE, Type.STRING), new Field(GENERATION, Type.INT32),
            new Field(PROTOCOL, Type.NULLABLE_STRING), new Field(LEADER, Type.NULLABLE_STRING),
            new Field(CURRENT_STATE_TIMESTAMP, Type.INT64), new Field(MEMBERS, new ArrayOf(MEMBER_V3))),
        new Schema(new Field(PROTOCOL_TYPE, Type.COMPACT_STRING), new Field(GENERATION, Type.INT32),
            new Field(PROTOCOL, Type.COMPACT_NULLABLE_STRING), new Field(LEADER, Type.COMPACT_NULLABLE_STRING),
            new Field(CURRENT_STATE_TIMESTAMP, Type.INT64), new Field(MEMBERS, new CompactArrayOf(MEMBER_V4)),
            Field.TaggedFieldsSection.of()),
    };

    private GroupRecordSerde() {
    }

    /** A decoded record: its key and its value, null for a tombstone. */
    public record Decoded<K extends GroupRecordKey, V>(K key, V value) {
        public boolean isTombstone() {
            return value == null;
        }
    }

    // ---- encoding ----

    /** The record of a committed offset ({@code value} null: a tombstone deleting it). */
    public static SimpleRecord offsetCommitRecord(long timestamp, OffsetCommitKey key, OffsetCommitValue value) {
        return new SimpleRecord(timestamp, serializeKey(key), value == null ? null : serializeValue(value));
    }

    /** The record of a group's metadata ({@code value} null: a tombstone deleting the group). */
    public static SimpleRecord groupMetadataRecord(long timestamp, GroupMetadataKey key, GroupMetadataValue value) {
        return new SimpleRecord(timestamp, serializeKey(key), value == null ? null : serializeValue(value));
    }

    /**
     * A consumer group record ({@code value} null: a tombstone); {@code value} must be the {@link ConsumerGroupValues}
     * type of the key's kind.
     */
    public static SimpleRecord consumerGroupRecord(long timestamp, ConsumerGroupKey key, Object value) {
        return new SimpleRecord(timestamp, serializeKey(key),
            value == null ? null : ConsumerGroupRecordSerde.serializeValue(key.kind(), value));
    }

    /** The tombstone of any key. */
    public static SimpleRecord tombstone(long timestamp, GroupRecordKey key) {
        return new SimpleRecord(timestamp, serializeKey(key), null);
    }

    public static byte[] serializeKey(GroupRecordKey key) {
        if (key instanceof ConsumerGroupKey k) {
            return ConsumerGroupRecordSerde.serializeKey(k);
        }
        if (key instanceof OffsetCommitKey k) {
            Struct s = new Struct(OFFSET_COMMIT_KEY_SCHEMA);
            s.set(GROUP, k.group());
            s.set(TOPIC, k.topic());
            s.set(PARTITION, k.partition());
            return withVersion(OFFSET_COMMIT_KEY, s);
        }
        GroupMetadataKey k = (GroupMetadataKey) key;
        Struct s = new Struct(GROUP_METADATA_KEY_SCHEMA);
        s.set(GROUP, k.group());
        return withVersion(GROUP_METADATA_KEY, s);
    }

    public static byte[] serializeValue(OffsetCommitValue value) {
        short version = value.expireTimestamp() >= 0 ? OFFSET_COMMIT_VALUE_WITH_EXPIRY_VERSION
            : OFFSET_COMMIT_VALUE_VERSION;
        Struct s = new Struct(OFFSET_COMMIT_VALUE_SCHEMAS[version]);
        s.set(OFFSET, value.offset());
        if (version >= 3) {
            s.set(LEADER_EPOCH, value.leaderEpoch());
        }
        s.set(METADATA, value.metadata());
        s.set(COMMIT_TIMESTAMP, value.commitTimestamp());
        if (version == 1) {
            s.set(EXPIRE_TIMESTAMP, value.expireTimestamp());
        }
        return withVersion(version, s);
    }

    public static byte[] serializeValue(GroupMetadataValue value) {
        Schema schema = GROUP_METADATA_VALUE_SCHEMAS[GROUP_METADATA_VALUE_VERSION];
        Struct s = new Struct(schema);
        s.set(PROTOCOL_TYPE, value.protocolType());
        s.set(GENERATION, value.generation());
        s.set(PROTOCOL, value.protocol());
        s.set(LEADER, value.leader());
        s.set(CURRENT_STATE_TIMESTAMP, value.currentStateTimestamp());
        Object[] members = new Object[value.members().size()];
        for (int i = 0; i < members.length; i++) {
            GroupMetadataValue.MemberMetadata m = value.members().get(i);
            Struct ms = new Struct(MEMBER_V3);
            ms.set(MEMBER_ID, m.memberId());
            ms.set(GROUP_INSTANCE_ID, m.groupInstanceId());
            ms.set(CLIENT_ID, m.clientId());
            ms.set(CLIENT_HOST, m.clientHost());
            ms.set(REBALANCE_TIMEOUT, m.rebalanceTimeout());
            ms.set(SESSION_TIMEOUT, m.sessionTimeout());
            ms.set(SUBSCRIPTION, ByteBuffer.wrap(m.subscription()));
            ms.set(ASSIGNMENT, ByteBuffer.wrap(m.assignment()));
            members[i] = ms;
        }
        s.set(MEMBERS, members);
        return withVersion(GROUP_METADATA_VALUE_VERSION, s);
    }

    private static byte[] withVersion(short version, Struct struct) {
        ByteBuffer buf = ByteBuffer.allocate(2 + struct.sizeOf());
        buf.putShort(version);
        struct.writeTo(buf);
        return buf.array();
    }

    // ---- decoding ----

    /** The version prefix of a record key, i.e. what kind of record it is. */
    public static short keyVersion(ByteBuffer key) {
        return key.getShort(key.position());
    }

    /**
     * Decodes a record of {@code __consumer_offsets}; returns null for record kinds Samsa does not know (consumer group
     * regular expressions, share and streams groups: key versions 9+), which the caller skips.
     *
     * @throws SchemaException if the bytes do not match the schema their version names
     */
    public static Decoded<?, ?> decode(Record record) {
        if (!record.hasKey()) {
            throw new SchemaException("record at offset " + record.offset() + " has no key");
        }
        return decode(record.key(), record.hasValue() ? record.value() : null);
    }

    public static Decoded<?, ?> decode(ByteBuffer key, ByteBuffer value) {
        ByteBuffer k = key.duplicate();
        short keyVersion = k.getShort();
        switch (keyVersion) {
            case LEGACY_OFFSET_COMMIT_KEY, OFFSET_COMMIT_KEY -> {
                Struct s = OFFSET_COMMIT_KEY_SCHEMA.read(k);
                OffsetCommitKey ok = new OffsetCommitKey(s.getString(GROUP), s.getString(TOPIC), s.getInt(PARTITION));
                return new Decoded<>(ok, value == null ? null : decodeOffsetCommitValue(value));
            }
            case GROUP_METADATA_KEY -> {
                Struct s = GROUP_METADATA_KEY_SCHEMA.read(k);
                GroupMetadataKey gk = new GroupMetadataKey(s.getString(GROUP));
                return new Decoded<>(gk, value == null ? null : decodeGroupMetadataValue(value));
            }
            default -> {
                ConsumerGroupKey.Kind kind = ConsumerGroupKey.Kind.of(keyVersion);
                if (kind == null) {
                    return null; // Regex, share and streams group records: not Samsa's.
                }
                ConsumerGroupKey ck = ConsumerGroupRecordSerde.readKey(kind, k);
                return new Decoded<>(ck, value == null ? null : ConsumerGroupRecordSerde.readValue(kind, value));
            }
        }
    }

    public static OffsetCommitValue decodeOffsetCommitValue(ByteBuffer value) {
        ByteBuffer v = value.duplicate();
        short version = checkVersion(v.getShort(), OFFSET_COMMIT_VALUE_SCHEMAS.length, "OffsetCommitValue");
        Struct s = OFFSET_COMMIT_VALUE_SCHEMAS[version].read(v);
        return new OffsetCommitValue(
            s.getLong(OFFSET),
            version >= 3 ? s.getInt(LEADER_EPOCH) : -1,
            s.getString(METADATA),
            s.getLong(COMMIT_TIMESTAMP),
            version == 1 ? s.getLong(EXPIRE_TIMESTAMP) : -1L);
    }

    public static GroupMetadataValue decodeGroupMetadataValue(ByteBuffer value) {
        ByteBuffer v = value.duplicate();
        short version = checkVersion(v.getShort(), GROUP_METADATA_VALUE_SCHEMAS.length, "GroupMetadataValue");
        Struct s = GROUP_METADATA_VALUE_SCHEMAS[version].read(v);
        List<GroupMetadataValue.MemberMetadata> members = new ArrayList<>();
        for (Object o : s.getArray(MEMBERS)) {
            Struct m = (Struct) o;
            int sessionTimeout = m.getInt(SESSION_TIMEOUT);
            members.add(new GroupMetadataValue.MemberMetadata(
                m.getString(MEMBER_ID),
                version >= 3 ? m.getString(GROUP_INSTANCE_ID) : null,
                m.getString(CLIENT_ID),
                m.getString(CLIENT_HOST),
                // Before v1 there was no rebalance timeout: the session timeout served as both (as in Kafka).
                version >= 1 ? m.getInt(REBALANCE_TIMEOUT) : sessionTimeout,
                sessionTimeout,
                Utils.toArray(m.getBytes(SUBSCRIPTION)),
                Utils.toArray(m.getBytes(ASSIGNMENT))));
        }
        return new GroupMetadataValue(
            s.getString(PROTOCOL_TYPE),
            s.getInt(GENERATION),
            s.getString(PROTOCOL),
            s.getString(LEADER),
            version >= 2 ? s.getLong(CURRENT_STATE_TIMESTAMP) : -1L,
            members);
    }

    private static short checkVersion(short version, int count, String what) {
        if (version < 0 || version >= count) {
            throw new SchemaException("unknown " + what + " version " + version);
        }
        return version;
    }
}
