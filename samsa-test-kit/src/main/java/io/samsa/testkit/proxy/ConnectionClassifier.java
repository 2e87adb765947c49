package io.samsa.testkit.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Decides which node opened a proxied connection, from the first bytes it sent. A proxy asks again each time more
 * bytes arrive, until it gets an answer; it never forwards a byte before. Implementations must be thread-safe
 * (every connection of a proxy shares one) and must answer once {@link RequestHeaderPrefix#MAX_BYTES} are there.
 */
@FunctionalInterface
public interface ConnectionClassifier {
    /**
     * @param firstBytes everything the connection has sent so far (not consumed by this call); possibly empty
     * @return the node that opened the connection, or null to wait for more bytes
     */
    Node classify(ByteBuf firstBytes);

    /** Every connection comes from {@code source}, decided before any byte: a broker's own proxy to ZooKeeper. */
    static ConnectionClassifier fixed(Node source) {
        return firstBytes -> source;
    }
}
