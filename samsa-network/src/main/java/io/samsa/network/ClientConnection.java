package io.samsa.network;

import java.net.SocketAddress;
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
 */
public record ClientConnection(String id, SocketAddress address, String listenerName,
                               SecurityProtocol securityProtocol, KafkaPrincipal principal) {
}
