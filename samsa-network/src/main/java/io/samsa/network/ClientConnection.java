package io.samsa.network;

import java.net.SocketAddress;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * What a handler may know about the connection a request came on: which listener accepted it (its name decides
 * which of a broker's advertised endpoints the answer names, as in Kafka) and its security protocol. Built by the
 * network layer, one per connection; issue 12's authentication adds the principal here.
 *
 * @param id               a stable id of the connection, for logs and per-connection state
 * @param address          the peer
 * @param listenerName     the accepting listener's name, upper case ({@code PLAINTEXT}, {@code INTERNAL}, ...)
 * @param securityProtocol that listener's security protocol
 */
public record ClientConnection(String id, SocketAddress address, String listenerName,
                               SecurityProtocol securityProtocol) {
}
