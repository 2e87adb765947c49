package io.samsa.coordinator.group.record;

import io.samsa.coordinator.group.record.ConsumerGroupKey.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.SchemaException;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

/**
 * Bytes of the KIP-848 consumer group records (key versions 3-8), in Kafka's layout: keys are non-flexible (int16
 * version, int16-length strings), values are flexible version 0 (compact strings and arrays, a tagged-fields section
 * after every struct). Unknown tagged fields are skipped, so values written by newer Kafka versions still load.
 * Stateless and thread-safe; {@link GroupRecordSerde} dispatches here.
 */
final class ConsumerGroupRecordSerde {
    static final short VALUE_VERSION = 0;

    private static final String TAGS = "_tagged_fields";
    private static final Schema GROUP_KEY = new Schema(new Field("group_id", Type.STRING));
    private static final Schema MEMBER_KEY = new Schema(new Field("group_id", Type.STRING),
        new Field("member_id", Type.STRING));

    private static final Schema GROUP_METADATA = new Schema(new Field("epoch", Type.INT32),
        Field.TaggedFieldsSection.of());
    private static final Schema PARTITION_RACKS = new Schema(new Field("partition", Type.INT32),
        new Field("racks", new CompactArrayOf(Type.COMPACT_STRING)), Field.TaggedFieldsSection.of());
    private static final Schema TOPIC_METADATA = new Schema(new Field("topic_id", Type.UUID),
        new Field("topic_name", Type.COMPACT_STRING), new Field("num_partitions", Type.INT32),
        new Field("partition_metadata", new CompactArrayOf(PARTITION_RACKS)), Field.TaggedFieldsSection.of());
    private static final Schema PARTITION_METADATA = new Schema(
        new Field("topics", new CompactArrayOf(TOPIC_METADATA)), Field.TaggedFieldsSection.of());
    private static final Schema MEMBER_METADATA = new Schema(
        new Field("instance_id", Type.COMPACT_NULLABLE_STRING), new Field("rack_id", Type.COMPACT_NULLABLE_STRING),
        new Field("client_id", Type.COMPACT_STRING), new Field("client_host", Type.COMPACT_STRING),
        new Field("subscribed_topic_names", new CompactArrayOf(Type.COMPACT_STRING)),
        new Field("subscribed_topic_regex", Type.COMPACT_NULLABLE_STRING),
        new Field("rebalance_timeout_ms", Type.INT32),
        new Field("server_assignor", Type.COMPACT_NULLABLE_STRING), Field.TaggedFieldsSection.of());
    private static final Schema TARGET_ASSIGNMENT_METADATA = new Schema(new Field("assignment_epoch", Type.INT32),
        Field.TaggedFieldsSection.of());
    private static final Schema TOPIC_PARTITIONS = new Schema(new Field("topic_id", Type.UUID),
        new Field("partitions", new CompactArrayOf(Type.INT32)), Field.TaggedFieldsSection.of());
    private static final Schema TARGET_ASSIGNMENT_MEMBER = new Schema(
        new Field("topic_partitions", new CompactArrayOf(TOPIC_PARTITIONS)), Field.TaggedFieldsSection.of());
    private static final Schema CURRENT_MEMBER_ASSIGNMENT = new Schema(new Field("member_epoch", Type.INT32),
        new Field("previous_member_epoch", Type.INT32), new Field("state", Type.INT8),
        new Field("assigned_partitions", new CompactArrayOf(TOPIC_PARTITIONS)),
        new Field("partitions_pending_revocation", new CompactArrayOf(TOPIC_PARTITIONS)),
        Field.TaggedFieldsSection.of());

    private ConsumerGroupRecordSerde() {
    }

    // ---- keys ----

    static byte[] serializeKey(ConsumerGroupKey key) {
        Struct s = new Struct(key.kind().perMember() ? MEMBER_KEY : GROUP_KEY);
        s.set("group_id", key.group());
        if (key.kind().perMember()) {
            s.set("member_id", key.memberId());
        }
        return withVersion(key.kind().keyVersion(), s);
    }

    /** Reads a key whose version prefix (already consumed from {@code k}) is {@code kind}'s. */
    static ConsumerGroupKey readKey(Kind kind, ByteBuffer k) {
        Struct s = (kind.perMember() ? MEMBER_KEY : GROUP_KEY).read(k);
        return new ConsumerGroupKey(kind, s.getString("group_id"),
            kind.perMember() ? s.getString("member_id") : null);
    }

    // ---- values ----

    /** The value bytes of {@code value}, which must be the value type of {@code kind}. */
    static byte[] serializeValue(Kind kind, Object value) {
        Struct s = switch (kind) {
            case GROUP_METADATA -> struct(GROUP_METADATA).set("epoch", ((ConsumerGroupValues.GroupMetadata) value).epoch());
            case PARTITION_METADATA -> {
                List<Struct> topics = new ArrayList<>();
                for (ConsumerGroupValues.TopicMetadata t : ((ConsumerGroupValues.PartitionMetadata) value).topics()) {
                    topics.add(struct(TOPIC_METADATA).set("topic_id", t.topicId()).set("topic_name", t.topicName())
                        .set("num_partitions", t.numPartitions()).set("partition_metadata", new Object[0]));
                }
                yield struct(PARTITION_METADATA).set("topics", topics.toArray());
            }
            case MEMBER_METADATA -> {
                ConsumerGroupValues.MemberMetadata m = (ConsumerGroupValues.MemberMetadata) value;
                yield struct(MEMBER_METADATA).set("instance_id", m.instanceId()).set("rack_id", m.rackId())
                    .set("client_id", m.clientId()).set("client_host", m.clientHost())
                    .set("subscribed_topic_names", m.subscribedTopicNames().toArray())
                    .set("subscribed_topic_regex", m.subscribedTopicRegex())
                    .set("rebalance_timeout_ms", m.rebalanceTimeoutMs())
                    .set("server_assignor", m.serverAssignor());
            }
            case TARGET_ASSIGNMENT_METADATA -> struct(TARGET_ASSIGNMENT_METADATA)
                .set("assignment_epoch", ((ConsumerGroupValues.TargetAssignmentMetadata) value).assignmentEpoch());
            case TARGET_ASSIGNMENT_MEMBER -> struct(TARGET_ASSIGNMENT_MEMBER).set("topic_partitions",
                topicPartitions(((ConsumerGroupValues.TargetAssignmentMember) value).partitions()));
            case CURRENT_MEMBER_ASSIGNMENT -> {
                ConsumerGroupValues.CurrentMemberAssignment a = (ConsumerGroupValues.CurrentMemberAssignment) value;
                yield struct(CURRENT_MEMBER_ASSIGNMENT).set("member_epoch", a.memberEpoch())
                    .set("previous_member_epoch", a.previousMemberEpoch()).set("state", a.state())
                    .set("assigned_partitions", topicPartitions(a.assignedPartitions()))
                    .set("partitions_pending_revocation", topicPartitions(a.partitionsPendingRevocation()));
            }
        };
        return withVersion(VALUE_VERSION, s);
    }

    static Object readValue(Kind kind, ByteBuffer value) {
        ByteBuffer v = value.duplicate();
        short version = v.getShort();
        if (version != VALUE_VERSION) {
            throw new SchemaException("unknown " + kind + " value version " + version);
        }
        return switch (kind) {
            case GROUP_METADATA -> new ConsumerGroupValues.GroupMetadata(GROUP_METADATA.read(v).getInt("epoch"));
            case PARTITION_METADATA -> {
                List<ConsumerGroupValues.TopicMetadata> topics = new ArrayList<>();
                for (Object o : PARTITION_METADATA.read(v).getArray("topics")) {
                    Struct t = (Struct) o;
                    topics.add(new ConsumerGroupValues.TopicMetadata(t.getUuid("topic_id"),
                        t.getString("topic_name"), t.getInt("num_partitions")));
                }
                yield new ConsumerGroupValues.PartitionMetadata(topics);
            }
            case MEMBER_METADATA -> {
                Struct m = MEMBER_METADATA.read(v);
                List<String> names = new ArrayList<>();
                for (Object o : m.getArray("subscribed_topic_names")) {
                    names.add((String) o);
                }
                yield new ConsumerGroupValues.MemberMetadata(m.getString("instance_id"), m.getString("rack_id"),
                    m.getString("client_id"), m.getString("client_host"), names,
                    m.getString("subscribed_topic_regex"), m.getInt("rebalance_timeout_ms"),
                    m.getString("server_assignor"));
            }
            case TARGET_ASSIGNMENT_METADATA -> new ConsumerGroupValues.TargetAssignmentMetadata(
                TARGET_ASSIGNMENT_METADATA.read(v).getInt("assignment_epoch"));
            case TARGET_ASSIGNMENT_MEMBER -> new ConsumerGroupValues.TargetAssignmentMember(
                readTopicPartitions(TARGET_ASSIGNMENT_MEMBER.read(v).getArray("topic_partitions")));
            case CURRENT_MEMBER_ASSIGNMENT -> {
                Struct a = CURRENT_MEMBER_ASSIGNMENT.read(v);
                yield new ConsumerGroupValues.CurrentMemberAssignment(a.getInt("member_epoch"),
                    a.getInt("previous_member_epoch"), a.getByte("state"),
                    readTopicPartitions(a.getArray("assigned_partitions")),
                    readTopicPartitions(a.getArray("partitions_pending_revocation")));
            }
        };
    }

    // ---- helpers ----

    private static Struct struct(Schema schema) {
        return new Struct(schema).set(TAGS, new TreeMap<Integer, Object>());
    }

    private static Object[] topicPartitions(Map<Uuid, Set<Integer>> partitions) {
        // Sorted, so that equal assignments always give equal bytes.
        Map<Uuid, Set<Integer>> sorted = new TreeMap<>(partitions);
        List<Struct> out = new ArrayList<>();
        sorted.forEach((id, ps) -> out.add(struct(TOPIC_PARTITIONS).set("topic_id", id)
            .set("partitions", new TreeSet<>(ps).toArray())));
        return out.toArray();
    }

    private static Map<Uuid, Set<Integer>> readTopicPartitions(Object[] topics) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        for (Object o : topics) {
            Struct t = (Struct) o;
            Set<Integer> ps = new TreeSet<>();
            for (Object p : t.getArray("partitions")) {
                ps.add((Integer) p);
            }
            out.put(t.getUuid("topic_id"), ps);
        }
        return out;
    }

    private static byte[] withVersion(short version, Struct struct) {
        ByteBuffer buf = ByteBuffer.allocate(2 + struct.sizeOf());
        buf.putShort(version);
        struct.writeTo(buf);
        return buf.array();
    }
}
