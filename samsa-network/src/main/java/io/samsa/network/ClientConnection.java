package io.samsa.network;

import java.net.SocketAddress;
import java.util.concurrent.Executor;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * What a handler may know about the connection a request came on: which listener accepted it (its name decides
 * which of a broker's advertised endpoints the answer names, as in Kafka), its security protocol, and who is on the
 * other end. Built by the network layer when the connection's first request arrives (after the TLS handshake).
 *
 * @param id               a stable id of the connection, for logs and per-connection state
 * @param address          the peer
 * @param listenerName     the accepting listener's name, upper case ({@code PLAINTEXT}, {@code INTERNAL}, ...)
 * @param securityProtocol that listener's security protocol
 * @param principal        who the client is, as Kafka's {@code DefaultKafkaPrincipalBuilder} says: {@code User:ANONYMOUS}
 *                         on plaintext; on TLS the client certificate's distinguished name through
 *                         {@code ssl.principal.mapping.rules}, or ANONYMOUS without a certificate
 * @param executor         the connection's own thread (its event loop): work for this connection that completes
 *                         later, such as a waiting fetch's final read, runs there, where its answer is written, rather
 *                         than passing through another thread first. It may refuse work once the server stops.
 */
public record ClientConnection(String id, SocketAddress address, String listenerName,
                               SecurityProtocol securityProtocol, KafkaPrincipal principal, Executor executor) {

    /** A connection without a thread of its own (tests): later work runs on the thread that completes it. */
    public ClientConnection(String id, SocketAddress address, String listenerName, SecurityProtocol securityProtocol,
                            KafkaPrincipal principal) {
        this(id, address, listenerName, securityProtocol, principal, Runnable::run);
    }

    /** The same connection with another principal (after a SASL login), on the same thread. */
    public ClientConnection withPrincipal(KafkaPrincipal newPrincipal) {
        return new ClientConnection(id, address, listenerName, securityProtocol, newPrincipal, executor);
    }
}
