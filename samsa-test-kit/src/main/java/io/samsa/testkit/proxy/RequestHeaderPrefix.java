package io.samsa.testkit.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The start of a connection's first Kafka request, enough to tell who sent it: the frame size, the request header's
 * fixed fields and its client id. Header versions 1 and 2 begin alike, because the client id keeps its old int16
 * length even in the flexible header v2 (Kafka's RequestHeader.json says why: a broker must read any ApiVersions
 * request's header).
 *
 * <pre>
 * | size: int32 | api key: int16 | api version: int16 | correlation id: int32 | client id length: int16 | client id |
 *   (size counts the bytes after itself; length -1 is a null client id)
 * </pre>
 *
 * A value; immutable.
 *
 * @param apiKey        the request's API key
 * @param apiVersion    the request's version
 * @param correlationId the request's correlation id
 * @param clientId      the client id, null when the client sent none
 */
public record RequestHeaderPrefix(short apiKey, short apiVersion, int correlationId, String clientId) {
    /** Size, api key, api version, correlation id and client id length. */
    static final int FIXED_BYTES = 4 + 2 + 2 + 4 + 2;
    /** The longest prefix there can be: an int16 length allows at most 32767 bytes of client id. */
    static final int MAX_BYTES = FIXED_BYTES + Short.MAX_VALUE;

    /**
     * Parses the prefix from the readable bytes of {@code in} without consuming them.
     *
     * @return the prefix, or null when {@code in} does not hold all of it yet
     * @throws IllegalArgumentException when the bytes cannot be the start of a Kafka request
     */
    public static RequestHeaderPrefix parse(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 4) {
            return null;
        }
        int size = in.getInt(start);
        if (size < FIXED_BYTES - 4) {
            throw new IllegalArgumentException("frame size " + size + " is too small for a request header");
        }
        if (in.readableBytes() < FIXED_BYTES) {
            return null;
        }
        short apiKey = in.getShort(start + 4);
        short apiVersion = in.getShort(start + 6);
        int correlationId = in.getInt(start + 8);
        short length = in.getShort(start + 12);
        if (length < -1 || FIXED_BYTES - 4 + Math.max(length, 0) > size) {
            throw new IllegalArgumentException("client id length " + length + " does not fit a frame of " + size);
        }
        if (length == -1) {
            return new RequestHeaderPrefix(apiKey, apiVersion, correlationId, null);
        }
        if (in.readableBytes() < FIXED_BYTES + length) {
            return null;
        }
        String clientId = in.toString(start + FIXED_BYTES, length, StandardCharsets.UTF_8);
        return new RequestHeaderPrefix(apiKey, apiVersion, correlationId, clientId);
    }
}
