package io.samsa.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Makes one length or count prefix of a request body lie ({@link SchemaWalker} finds them): huge, negative, zero,
 * or one off, so that the broker's parser is asked to read past the end, allocate for a count it will never get, or
 * read the next field from the middle of this one. A varint prefix is re-encoded at whatever width the new value
 * needs, and the frame's size follows the body. Stateless.
 */
final class LengthMutator {
    private LengthMutator() {
    }

    /** {@code body} with one prefix changed, described in {@code what[0]}; null if the body has no prefix. */
    static byte[] mutate(ApiKeys api, short version, byte[] body, Random r, String[] what) {
        List<SchemaWalker.Prefix> prefixes = SchemaWalker.prefixes(api, version, body);
        if (prefixes.isEmpty()) {
            return null;
        }
        SchemaWalker.Prefix p = prefixes.get(r.nextInt(prefixes.size()));
        long lie = lie(p, r);
        byte[] encoded = encode(p.encoding(), lie);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
        out.write(body, 0, p.offset());
        out.write(encoded, 0, encoded.length);
        out.write(body, p.offset() + p.width(), body.length - p.offset() - p.width());
        what[0] = p.path() + ": " + p.value() + " -> " + lie;
        return out.toByteArray();
    }

    private static long lie(SchemaWalker.Prefix p, Random r) {
        long max = switch (p.encoding()) {
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case UNSIGNED_VARINT_PLUS_ONE -> Integer.MAX_VALUE - 1L;
            case UNSIGNED_VARINT -> Integer.MAX_VALUE;
        };
        long min = switch (p.encoding()) {
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case UNSIGNED_VARINT_PLUS_ONE -> -1; // encoded as 0: null
            case UNSIGNED_VARINT -> 0;
        };
        long v = switch (r.nextInt(8)) {
            case 0 -> max;
            case 1 -> min;
            case 2 -> -1;
            case 3 -> 0;
            case 4, 5 -> p.value() + 1;
            case 6 -> p.value() - 1;
            default -> 1L << (8 + r.nextInt(16));
        };
        return Math.max(min, Math.min(max, v));
    }

    private static byte[] encode(SchemaWalker.Encoding encoding, long value) {
        return switch (encoding) {
            case INT16 -> ByteBuffer.allocate(2).putShort((short) value).array();
            case INT32 -> ByteBuffer.allocate(4).putInt((int) value).array();
            case UNSIGNED_VARINT_PLUS_ONE -> varint((int) (value + 1));
            case UNSIGNED_VARINT -> varint((int) value);
        };
    }

    private static byte[] varint(int value) {
        ByteBuffer b = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, b);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
