package io.samsa.testkit.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds the start of Kafka request frames by hand for the proxy's tests. Stateless. */
final class Frames {
    private Frames() {
    }

    /**
     * A whole frame: ApiVersions (key 18) v3 with header v2's fixed fields, {@code clientId} (null allowed) and
     * {@code body} after it.
     */
    static byte[] request(String clientId, byte[] body) {
        byte[] id = clientId == null ? new byte[0] : clientId.getBytes(StandardCharsets.UTF_8);
        int size = 2 + 2 + 4 + 2 + id.length + body.length;
        ByteBuffer b = ByteBuffer.allocate(4 + size);
        b.putInt(size).putShort((short) 18).putShort((short) 3).putInt(7);
        b.putShort(clientId == null ? -1 : (short) id.length).put(id).put(body);
        return b.array();
    }

    static byte[] request(String clientId) {
        return request(clientId, "body".getBytes(StandardCharsets.UTF_8));
    }
}
