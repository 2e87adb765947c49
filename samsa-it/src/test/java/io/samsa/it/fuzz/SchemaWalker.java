package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Finds where the length and count prefixes of a serialized request body are, by walking the body with the
 * request's schema at its version (kafka-clients' {@code ApiMessageType.requestSchemas()}):
 * <ul>
 *   <li>strings: int16 length (-1 = null), or in flexible versions an unsigned varint of length + 1 (0 = null);</li>
 *   <li>bytes and records: int32 length, or an unsigned varint of length + 1;</li>
 *   <li>arrays: int32 count, or an unsigned varint of count + 1;</li>
 *   <li>tagged fields: an unsigned varint count, then per field a varint tag and a varint size.</li>
 * </ul>
 * Stateless.
 */
final class SchemaWalker {

    /** Where a prefix is and how it is encoded; {@code value} is what it says (for compact forms, after the -1). */
    record Prefix(int offset, int width, Encoding encoding, long value, String path) {
    }

    /** How a prefix is written. */
    enum Encoding { INT16, INT32, UNSIGNED_VARINT_PLUS_ONE, UNSIGNED_VARINT }

    private SchemaWalker() {
    }

    /** The prefixes of {@code body}, in order; what a malformed body has before the walk fails. */
    static List<Prefix> prefixes(ApiKeys api, short version, byte[] body) {
        List<Prefix> out = new ArrayList<>();
        try {
            walk(api.messageType.requestSchemas()[version], ByteBuffer.wrap(body), "", out);
        } catch (RuntimeException e) {
            // A body we broke ourselves: the prefixes found so far are still where they were.
        }
        return out;
    }

    private static void walk(Type type, ByteBuffer b, String path, List<Prefix> out) {
        if (type instanceof Schema schema) {
            for (BoundField f : schema.fields()) {
                walk(f.def.type, b, path.isEmpty() ? f.def.name : path + "." + f.def.name, out);
            }
        } else if (type instanceof TaggedFields) {
            int start = b.position();
            int count = ByteUtils.readUnsignedVarint(b);
            out.add(new Prefix(start, b.position() - start, Encoding.UNSIGNED_VARINT, count, path + "<tag count>"));
            for (int i = 0; i < count; i++) {
                ByteUtils.readUnsignedVarint(b); // tag
                int sizeAt = b.position();
                int size = ByteUtils.readUnsignedVarint(b);
                out.add(new Prefix(sizeAt, b.position() - sizeAt, Encoding.UNSIGNED_VARINT, size,
                        path + "<tag size>"));
                b.position(b.position() + size);
            }
        } else if (type instanceof ArrayOf array) {
            int start = b.position();
            int count = b.getInt();
            out.add(new Prefix(start, 4, Encoding.INT32, count, path + "<count>"));
            for (int i = 0; i < count; i++) {
                walk(array.arrayElementType().orElseThrow(), b, path + "[" + i + "]", out);
            }
        } else if (type instanceof CompactArrayOf array) {
            int start = b.position();
            int count = ByteUtils.readUnsignedVarint(b) - 1;
            out.add(new Prefix(start, b.position() - start, Encoding.UNSIGNED_VARINT_PLUS_ONE, count,
                    path + "<count>"));
            for (int i = 0; i < count; i++) {
                walk(array.arrayElementType().orElseThrow(), b, path + "[" + i + "]", out);
            }
        } else {
            scalar(type, b, path, out);
        }
    }

    private static void scalar(Type type, ByteBuffer b, String path, List<Prefix> out) {
        int start = b.position();
        if (type == Type.STRING || type == Type.NULLABLE_STRING) {
            short length = b.getShort();
            out.add(new Prefix(start, 2, Encoding.INT16, length, path + "<length>"));
            b.position(b.position() + Math.max(0, length));
        } else if (type == Type.BYTES || type == Type.NULLABLE_BYTES || type == Type.RECORDS) {
            int length = b.getInt();
            out.add(new Prefix(start, 4, Encoding.INT32, length, path + "<length>"));
            b.position(b.position() + Math.max(0, length));
        } else if (type == Type.COMPACT_STRING || type == Type.COMPACT_NULLABLE_STRING || type == Type.COMPACT_BYTES
                || type == Type.COMPACT_NULLABLE_BYTES || type == Type.COMPACT_RECORDS) {
            int length = ByteUtils.readUnsignedVarint(b) - 1;
            out.add(new Prefix(start, b.position() - start, Encoding.UNSIGNED_VARINT_PLUS_ONE, length,
                    path + "<length>"));
            b.position(b.position() + Math.max(0, length));
        } else {
            type.read(b); // a fixed-size or varint scalar: nothing to lie about here
        }
    }
}
