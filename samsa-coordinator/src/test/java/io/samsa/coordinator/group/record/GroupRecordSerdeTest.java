package io.samsa.coordinator.group.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

/**
 * The codec against Kafka's byte layout. Expected bytes are written field by field from Kafka's message definitions
 * (group-coordinator/src/main/resources/common/message/*.json), independently of the codec.
 */
class GroupRecordSerdeTest {

    /** Writes fields the way Kafka's non-flexible versions do. */
    private static final class Bytes {
        private final ByteBuffer buf = ByteBuffer.allocate(1024);

        Bytes i16(int v) {
            buf.putShort((short) v);
            return this;
        }

        Bytes i32(int v) {
            buf.putInt(v);
            return this;
        }

        Bytes i64(long v) {
            buf.putLong(v);
            return this;
        }

        Bytes str(String s) {
            if (s == null) {
                return i16(-1);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i16(b.length);
            buf.put(b);
            return this;
        }

        Bytes bytes(byte[] b) {
            i32(b.length);
            buf.put(b);
            return this;
        }

        Bytes raw(int... values) {
            for (int v : values) {
                buf.put((byte) v);
            }
            return this;
        }

        Bytes raw(byte[] values) {
            buf.put(values);
            return this;
        }

        byte[] array() {
            byte[] out = new byte[buf.position()];
            buf.duplicate().flip().get(out);
            return out;
        }
    }

    @Test
    void offsetCommitKeyAndValueHaveKafkasLayout() {
        OffsetCommitKey key = new OffsetCommitKey("group", "topic", 3);
        OffsetCommitValue value = new OffsetCommitValue(100L, 5, "meta", 1_700_000_000_000L, -1L);
        assertThat(GroupRecordSerde.serializeKey(key))
            .isEqualTo(new Bytes().i16(1).str("group").str("topic").i32(3).array());
        assertThat(GroupRecordSerde.serializeValue(value))
            .isEqualTo(new Bytes().i16(3).i64(100L).i32(5).str("meta").i64(1_700_000_000_000L).array());
        // A hand-checked prefix, to make the layout visible: version 1, "group" (length 5).
        assertThat(GroupRecordSerde.serializeKey(key)).startsWith(0, 1, 0, 5, 'g', 'r', 'o', 'u', 'p');
    }

    @Test
    void offsetWithExpireTimestampUsesValueVersion1() {
        OffsetCommitValue value = new OffsetCommitValue(7L, 5, "", 1000L, 2000L);
        byte[] bytes = GroupRecordSerde.serializeValue(value);
        assertThat(bytes).isEqualTo(new Bytes().i16(1).i64(7L).str("").i64(1000L).i64(2000L).array());
        // Version 1 has no leader epoch.
        assertThat(GroupRecordSerde.decodeOffsetCommitValue(ByteBuffer.wrap(bytes)))
            .isEqualTo(new OffsetCommitValue(7L, -1, "", 1000L, 2000L));
    }

    @Test
    void groupMetadataHasKafkasLayout() {
        GroupMetadataValue value = new GroupMetadataValue("consumer", 4, "range", "m1", 1234L, List.of(
            new GroupMetadataValue.MemberMetadata("m1", null, "c", "/h", 3000, 1000, new byte[]{1, 2},
                new byte[]{3}),
            new GroupMetadataValue.MemberMetadata("m2", "i2", "c", "/h", 3000, 1000, new byte[0], new byte[0])));
        assertThat(GroupRecordSerde.serializeKey(new GroupMetadataKey("g")))
            .isEqualTo(new Bytes().i16(2).str("g").array());
        byte[] expected = new Bytes().i16(3).str("consumer").i32(4).str("range").str("m1").i64(1234L).i32(2)
            .str("m1").str(null).str("c").str("/h").i32(3000).i32(1000).bytes(new byte[]{1, 2}).bytes(new byte[]{3})
            .str("m2").str("i2").str("c").str("/h").i32(3000).i32(1000).bytes(new byte[0]).bytes(new byte[0])
            .array();
        assertThat(GroupRecordSerde.serializeValue(value)).isEqualTo(expected);

        GroupMetadataValue decoded = GroupRecordSerde.decodeGroupMetadataValue(ByteBuffer.wrap(expected));
        assertThat(decoded.protocolType()).isEqualTo("consumer");
        assertThat(decoded.generation()).isEqualTo(4);
        assertThat(decoded.leader()).isEqualTo("m1");
        assertThat(decoded.currentStateTimestamp()).isEqualTo(1234L);
        assertThat(decoded.members()).hasSize(2);
        assertThat(decoded.members().get(0).subscription()).containsExactly(1, 2);
        assertThat(decoded.members().get(1).groupInstanceId()).isEqualTo("i2");
    }

    @Test
    void emptyGroupHasNullProtocolAndLeader() {
        GroupMetadataValue empty = new GroupMetadataValue("consumer", 2, null, null, 99L, List.of());
        byte[] bytes = GroupRecordSerde.serializeValue(empty);
        assertThat(bytes).isEqualTo(new Bytes().i16(3).str("consumer").i32(2).str(null).str(null).i64(99L).i32(0)
            .array());
        assertThat(GroupRecordSerde.decodeGroupMetadataValue(ByteBuffer.wrap(bytes))).isEqualTo(empty);
    }

    @Test
    void readsOldVersionsWrittenByOlderKafkas() {
        // GroupMetadataValue v0: no rebalance timeout (the session timeout stands in), no state timestamp.
        byte[] v0 = new Bytes().i16(0).str("consumer").i32(1).str("range").str("m").i32(1)
            .str("m").str("c").str("/h").i32(10_000).bytes(new byte[]{1}).bytes(new byte[]{2}).array();
        GroupMetadataValue g = GroupRecordSerde.decodeGroupMetadataValue(ByteBuffer.wrap(v0));
        assertThat(g.currentStateTimestamp()).isEqualTo(-1L);
        assertThat(g.members().get(0).rebalanceTimeout()).isEqualTo(10_000);
        assertThat(g.members().get(0).groupInstanceId()).isNull();

        // OffsetCommitValue v0, and the pre-0.10 key version 0.
        byte[] value = new Bytes().i16(0).i64(5L).str("x").i64(10L).array();
        byte[] key = new Bytes().i16(0).str("grp").str("t").i32(0).array();
        GroupRecordSerde.Decoded<?, ?> d = GroupRecordSerde.decode(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
        assertThat(d.key()).isEqualTo(new OffsetCommitKey("grp", "t", 0));
        assertThat(d.value()).isEqualTo(new OffsetCommitValue(5L, -1, "x", 10L, -1L));
    }

    @Test
    void readsFlexibleVersion4() {
        // OffsetCommitValue v4: compact string (length + 1 as unsigned varint) and an empty tagged-field section.
        byte[] v4 = new Bytes().i16(4).i64(11L).i32(3).raw(3, 'a', 'b').i64(77L).raw(0).array();
        assertThat(GroupRecordSerde.decodeOffsetCommitValue(ByteBuffer.wrap(v4)))
            .isEqualTo(new OffsetCommitValue(11L, 3, "ab", 77L, -1L));
        // GroupMetadataValue v4 with no member: null compact strings are length 0.
        byte[] g4 = new Bytes().i16(4).raw(9).raw("consumer".getBytes(StandardCharsets.UTF_8)).i32(5)
            .raw(0).raw(0).i64(8L).raw(1).raw(0).array();
        GroupMetadataValue g = GroupRecordSerde.decodeGroupMetadataValue(ByteBuffer.wrap(g4));
        assertThat(g).isEqualTo(new GroupMetadataValue("consumer", 5, null, null, 8L, List.of()));
    }

    @Test
    void tombstonesAndUnknownRecordKinds() {
        SimpleRecord tombstone = GroupRecordSerde.groupMetadataRecord(1L, new GroupMetadataKey("g"), null);
        assertThat(tombstone.value()).isNull();
        GroupRecordSerde.Decoded<?, ?> d = GroupRecordSerde.decode(tombstone.key(), null);
        assertThat(d.isTombstone()).isTrue();
        assertThat(d.key()).isEqualTo(new GroupMetadataKey("g"));
        // Key version 3 is a KIP-848 ConsumerGroupMetadataKey (here a tombstone); 16 a regex record, skipped.
        assertThat(GroupRecordSerde.decode(ByteBuffer.wrap(new Bytes().i16(3).str("g").array()), null).key())
            .isEqualTo(ConsumerGroupKey.group(ConsumerGroupKey.Kind.GROUP_METADATA, "g"));
        assertThat(GroupRecordSerde.decode(ByteBuffer.wrap(new Bytes().i16(16).str("g").str("r").array()), null))
            .isNull();
        assertThatThrownBy(() -> GroupRecordSerde.decodeOffsetCommitValue(ByteBuffer.wrap(new Bytes().i16(9).array())))
            .isInstanceOf(SchemaException.class);
    }
}
