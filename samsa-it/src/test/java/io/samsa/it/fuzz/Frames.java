package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Kafka's request framing, by hand, so that any part of it can be made wrong.
 * <pre>
 * | size: int32 | request header (v1: api key, version, correlation id, client id; v2 adds tagged fields) | body |
 * </pre>
 * The size counts the bytes after itself. Stateless.
 */
final class Frames {
    static final String CLIENT_ID = "samsa-fuzz";
    static final int SIZE_BYTES = 4;

    private Frames() {
    }

    static RequestHeader header(ApiKeys api, short version, int correlationId) {
        return new RequestHeader(api, version, CLIENT_ID, correlationId);
    }

    /** The header's bytes at the header version its api key and version call for. */
    static byte[] headerBytes(RequestHeader header) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = header.headerVersion();
        ByteBuffer b = ByteBuffer.allocate(header.data().size(cache, headerVersion));
        header.data().write(new ByteBufferAccessor(b), cache, headerVersion);
        return b.array();
    }

    /** The body at {@code version}; throws whatever kafka-clients throws for a message it cannot write there. */
    static byte[] bodyBytes(ApiMessage body, short version) {
        ByteBuffer b = MessageUtil.toByteBufferAccessor(body, version).buffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** Header then body, without the size. */
    static byte[] payload(byte[] header, byte[] body) {
        byte[] out = new byte[header.length + body.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    /** {@code payload} with an honest size in front. */
    static byte[] frame(byte[] payload) {
        return frame(payload.length, payload);
    }

    /** {@code payload} with {@code size} in front, honest or not. */
    static byte[] frame(int size, byte[] payload) {
        return ByteBuffer.allocate(SIZE_BYTES + payload.length).putInt(size).put(payload).array();
    }

    /** A whole, honest frame of {@code body} at {@code version}. */
    static byte[] request(ApiKeys api, short version, int correlationId, ApiMessage body) {
        return frame(payload(headerBytes(header(api, version, correlationId)), bodyBytes(body, version)));
    }

    /** The first {@code max} bytes of {@code bytes} in hex, for a report. */
    static String hex(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            s.append(String.format("%02x", bytes[i]));
        }
        if (bytes.length > max) {
            s.append("...(").append(bytes.length).append(" bytes)");
        }
        return s.toString();
    }
}
