package io.samsa.network;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Refuses, before kafka-clients parses it, a request that repeats one key of a keyed collection (Produce's topics,
 * CreateTopics' topics, JoinGroup's protocols, ...) more than {@link #MAX_EQUAL_KEYS} times. kafka-clients keeps
 * such collections in hash tables where equal keys share one probe chain, so parsing n equal keys costs about n³
 * steps: 2,000 repeats of one topic name took 4.6 s here, 4,000 took 43 s, all on the network thread that parses
 * the frame and serves every other connection of that thread. No client sends a key of these collections twice;
 * Kafka's broker uses the same parser and has the same exposure.
 *
 * <p>The check reads the body with the API's generic schema, which keeps arrays as arrays (linear time), and
 * counts, per collection, the first string or topic id of each element (the collection's key, or its first part).
 * Produce, the one such API on the hot path, is checked only when it names more topics than the limit, which a
 * peek at its topic count decides without parsing.
 *
 * <p>Used by the {@code RequestDecoder}; public so that tests predicting the broker's answer to a frame (the protocol
 * fuzzer) can apply the same rule. Stateless and thread-safe.
 */
public final class DuplicateKeyGuard {
    /** More equal keys than this in one collection and the request is refused (parsing 100 costs well under 1 ms). */
    public static final int MAX_EQUAL_KEYS = 100;

    /** Requests with a map-keyed collection in their schema (kafka-clients' "mapKey": true). */
    private static final Set<ApiKeys> KEYED = EnumSet.of(ApiKeys.PRODUCE, ApiKeys.CREATE_TOPICS,
            ApiKeys.CREATE_PARTITIONS, ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.JOIN_GROUP,
            ApiKeys.OFFSET_DELETE, ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.DESCRIBE_LOG_DIRS, ApiKeys.ELECT_LEADERS,
            ApiKeys.ADD_PARTITIONS_TO_TXN, ApiKeys.ALTER_REPLICA_LOG_DIRS, ApiKeys.UPDATE_FEATURES);

    private DuplicateKeyGuard() {
    }

    /** Whether {@link #check} refuses this body. */
    public static boolean refuses(ApiKeys api, short version, ByteBuffer body) {
        try {
            check(api, version, body);
            return false;
        } catch (InvalidRequestException e) {
            return true;
        }
    }

    /**
     * @param body the request body, positioned after the header (not consumed)
     * @throws InvalidRequestException if a keyed collection repeats a key too often, or the body cannot be read
     */
    public static void check(ApiKeys api, short version, ByteBuffer body) {
        if (!KEYED.contains(api)) {
            return;
        }
        try {
            if (api == ApiKeys.PRODUCE && produceTopicCount(version, body.duplicate()) <= MAX_EQUAL_KEYS) {
                return;
            }
            Schema schema = ApiMessageType.fromApiKey(api.id).requestSchemas()[version];
            walk(schema.read(body.duplicate()), api);
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Malformed " + api + " v" + version + " request body", e);
        }
    }

    /** Produce: nullable transactional id, acks, timeout, then the topic array's length. */
    private static int produceTopicCount(short version, ByteBuffer b) {
        boolean flexible = version >= 9;
        if (flexible) {
            int length = ByteUtils.readUnsignedVarint(b) - 1;
            if (length > 0) {
                b.position(b.position() + length);
            }
        } else {
            short length = b.getShort();
            if (length > 0) {
                b.position(b.position() + length);
            }
        }
        b.getShort(); // acks
        b.getInt(); // timeout
        return flexible ? ByteUtils.readUnsignedVarint(b) - 1 : b.getInt();
    }

    private static void walk(Struct struct, ApiKeys api) {
        for (BoundField field : struct.schema().fields()) {
            Object value = struct.get(field);
            if (value instanceof Object[] array && array.length > MAX_EQUAL_KEYS) {
                checkArray(array, field.def.name, api);
            }
            if (value instanceof Object[] array) {
                for (Object element : array) {
                    if (element instanceof Struct nested) {
                        walk(nested, api);
                    }
                }
            } else if (value instanceof Struct nested) {
                walk(nested, api);
            }
        }
    }

    private static void checkArray(Object[] array, String field, ApiKeys api) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object element : array) {
            if (!(element instanceof Struct s)) {
                return;
            }
            Object key = firstKeyLike(s);
            if (key == null) {
                return;
            }
            int n = counts.merge(key, 1, Integer::sum);
            if (n > MAX_EQUAL_KEYS) {
                throw new InvalidRequestException(api + " request repeats " + key + " in " + field + " more than "
                        + MAX_EQUAL_KEYS + " times");
            }
        }
    }

    private static Object firstKeyLike(Struct s) {
        for (BoundField f : s.schema().fields()) {
            Object v = s.get(f);
            if (v instanceof String || v instanceof Uuid) {
                return v;
            }
        }
        return null;
    }
}
