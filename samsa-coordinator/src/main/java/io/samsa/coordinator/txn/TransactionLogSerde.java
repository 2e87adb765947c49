package io.samsa.coordinator.txn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Encodes and decodes {@code __transaction_state} records in Kafka's layout ({@code TransactionLogKey.json},
 * {@code TransactionLogValue.json}); every record is prefixed with its int16 version.
 *
 * <pre>
 * key   v0: transactional_id STRING
 * value v0: producer_id INT64, producer_epoch INT16, timeout_ms INT32, status INT8,
 *           partitions NULLABLE ARRAY[topic STRING, partition_ids ARRAY[INT32]], last_update_ms INT64, start_ms INT64
 * value v1: the same fields, flexible (compact strings and arrays, tagged fields after each struct); tags of the
 *           value: 0 previous_producer_id INT64 (default -1), 1 next_producer_id INT64 (default -1),
 *           2 client_transaction_version INT16 (default 0)
 * </pre>
 *
 * Written: key v0; value v0 for ids using the first transaction protocol, v1 for ids using transactions v2 (its
 * tagged fields carry the next producer id of an epoch rotation and the client's transaction version), as Kafka
 * writes them. Both value versions are read; unknown tags are skipped. Partitions are null in the Empty state, as
 * Kafka writes them. Stateless and thread-safe.
 */
public final class TransactionLogSerde {
    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION_0 = 0;
    static final short VALUE_VERSION_1 = 1;
    private static final int TAG_PREVIOUS_PRODUCER_ID = 0;
    private static final int TAG_NEXT_PRODUCER_ID = 1;
    private static final int TAG_CLIENT_TRANSACTION_VERSION = 2;

    private TransactionLogSerde() {
    }

    public static byte[] key(String transactionalId) {
        byte[] id = transactionalId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + id.length);
        b.putShort(KEY_VERSION).putShort((short) id.length).put(id);
        return b.array();
    }

    /** The transactional id of a key, or null if the key has a version this broker does not know (skipped). */
    public static String readKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        short version = b.getShort();
        if (version != KEY_VERSION) {
            return null;
        }
        return string(b, b.getShort());
    }

    /** Encodes {@code v} at v1 if it belongs to a transactions v2 id, else at v0. */
    public static byte[] value(TransactionLogValue v) {
        return value(v, v.clientTransactionVersion() >= 2 ? VALUE_VERSION_1 : VALUE_VERSION_0);
    }

    /** Encodes {@code v} at {@code version} (0 or 1). */
    public static byte[] value(TransactionLogValue v, short version) {
        boolean flexible = version >= VALUE_VERSION_1;
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : v.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        byTopic.values().forEach(l -> l.sort(Integer::compare));
        boolean nullPartitions = v.state() == TransactionState.EMPTY;
        ByteBuffer b = ByteBuffer.allocate(64 + byTopic.entrySet().stream()
            .mapToInt(e -> 16 + 3 * e.getKey().length() + 4 * e.getValue().size()).sum());
        b.putShort(version).putLong(v.producerId()).putShort(v.producerEpoch()).putInt(v.timeoutMs())
            .put(v.state().id());
        if (flexible) {
            ByteUtils.writeUnsignedVarint(nullPartitions ? 0 : byTopic.size() + 1, b);
        } else {
            b.putInt(nullPartitions ? -1 : byTopic.size());
        }
        if (!nullPartitions) {
            for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
                byte[] topic = e.getKey().getBytes(StandardCharsets.UTF_8);
                if (flexible) {
                    ByteUtils.writeUnsignedVarint(topic.length + 1, b);
                    b.put(topic);
                    ByteUtils.writeUnsignedVarint(e.getValue().size() + 1, b);
                } else {
                    b.putShort((short) topic.length).put(topic).putInt(e.getValue().size());
                }
                e.getValue().forEach(b::putInt);
                if (flexible) {
                    ByteUtils.writeUnsignedVarint(0, b); // no tagged fields in a partitions entry
                }
            }
        }
        b.putLong(v.lastUpdateTimestampMs()).putLong(v.startTimestampMs());
        if (flexible) {
            writeTags(v, b);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    // Tagged fields are written only when they differ from their defaults, in tag order, as Kafka's generated code
    // does.
    private static void writeTags(TransactionLogValue v, ByteBuffer b) {
        int count = (v.previousProducerId() != -1 ? 1 : 0) + (v.nextProducerId() != -1 ? 1 : 0)
            + (v.clientTransactionVersion() != 0 ? 1 : 0);
        ByteUtils.writeUnsignedVarint(count, b);
        if (v.previousProducerId() != -1) {
            ByteUtils.writeUnsignedVarint(TAG_PREVIOUS_PRODUCER_ID, b);
            ByteUtils.writeUnsignedVarint(8, b);
            b.putLong(v.previousProducerId());
        }
        if (v.nextProducerId() != -1) {
            ByteUtils.writeUnsignedVarint(TAG_NEXT_PRODUCER_ID, b);
            ByteUtils.writeUnsignedVarint(8, b);
            b.putLong(v.nextProducerId());
        }
        if (v.clientTransactionVersion() != 0) {
            ByteUtils.writeUnsignedVarint(TAG_CLIENT_TRANSACTION_VERSION, b);
            ByteUtils.writeUnsignedVarint(2, b);
            b.putShort(v.clientTransactionVersion());
        }
    }

    /**
     * The value of a record, or null for a tombstone (the id is Dead).
     *
     * @throws IllegalArgumentException for a value version this broker does not know
     */
    public static TransactionLogValue readValue(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        ByteBuffer b = value.duplicate();
        short version = b.getShort();
        if (version != VALUE_VERSION_0 && version != VALUE_VERSION_1) {
            throw new IllegalArgumentException("Unknown transaction log value version " + version);
        }
        boolean flexible = version == VALUE_VERSION_1;
        long producerId = b.getLong();
        short epoch = b.getShort();
        int timeoutMs = b.getInt();
        TransactionState state = TransactionState.fromId(b.get());
        int topics = flexible ? ByteUtils.readUnsignedVarint(b) - 1 : b.getInt();
        Set<TopicPartition> partitions = new HashSet<>();
        for (int i = 0; i < topics; i++) {
            String topic = flexible ? string(b, ByteUtils.readUnsignedVarint(b) - 1) : string(b, b.getShort());
            int n = flexible ? ByteUtils.readUnsignedVarint(b) - 1 : b.getInt();
            for (int j = 0; j < n; j++) {
                partitions.add(new TopicPartition(topic, b.getInt()));
            }
            if (flexible) {
                skipTags(b);
            }
        }
        long lastUpdate = b.getLong();
        long start = b.getLong();
        long previous = -1;
        long next = -1;
        short clientVersion = 0;
        if (flexible) {
            int tags = ByteUtils.readUnsignedVarint(b);
            for (int i = 0; i < tags; i++) {
                int tag = ByteUtils.readUnsignedVarint(b);
                int size = ByteUtils.readUnsignedVarint(b);
                switch (tag) {
                    case TAG_PREVIOUS_PRODUCER_ID -> previous = b.getLong();
                    case TAG_NEXT_PRODUCER_ID -> next = b.getLong();
                    case TAG_CLIENT_TRANSACTION_VERSION -> clientVersion = b.getShort();
                    default -> b.position(b.position() + size);
                }
            }
        }
        // Kafka ignores the partitions of an Empty record, whatever was written.
        return new TransactionLogValue(producerId, previous, next, epoch, timeoutMs, state,
            state == TransactionState.EMPTY ? Set.of() : partitions, lastUpdate, start, clientVersion);
    }

    private static void skipTags(ByteBuffer b) {
        int tags = ByteUtils.readUnsignedVarint(b);
        for (int i = 0; i < tags; i++) {
            ByteUtils.readUnsignedVarint(b);
            int size = ByteUtils.readUnsignedVarint(b);
            b.position(b.position() + size);
        }
    }

    private static String string(ByteBuffer b, int length) {
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
