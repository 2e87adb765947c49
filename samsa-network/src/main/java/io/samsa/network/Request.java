package io.samsa.network;

import java.net.SocketAddress;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One decoded request. The body may reference the bytes of the received frame (produced records are not
 * copied), which stay valid only until {@link RequestHandler#handle} returns: a handler that needs them later, on
 * another thread or after waiting, must copy them first.
 *
 * @param header     the request header (correlation id, client id, api key and version)
 * @param body       the parsed body
 * @param connection the connection it came on
 */
public record Request(RequestHeader header, AbstractRequest body, ClientConnection connection) {

    /** The peer. */
    public SocketAddress clientAddress() {
        return connection.address();
    }

    /** A stable id of the connection, for logs and per-connection state. */
    public String connectionId() {
        return connection.id();
    }

    /** The name of the listener that accepted the connection. */
    public String listenerName() {
        return connection.listenerName();
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short version() {
        return header.apiVersion();
    }

    @SuppressWarnings("unchecked")
    public <T extends AbstractRequest> T body(Class<T> type) {
        return (T) body;
    }
}
