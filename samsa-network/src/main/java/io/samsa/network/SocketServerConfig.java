package io.samsa.network;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Settings of the broker's listeners.
 *
 * @param listeners              {@code listeners}: name, security protocol, bind host ("" or 0.0.0.0 for all
 *                               interfaces) and port (0 picks a free one, for tests) of each, in order
 * @param socketRequestMaxBytes  {@code socket.request.max.bytes}: larger frames close the connection
 * @param networkThreads         {@code num.network.threads}: Netty event loops serving connections of all listeners
 * @param sendBufferBytes        {@code socket.send.buffer.bytes} (-1: OS default)
 * @param receiveBufferBytes     {@code socket.receive.buffer.bytes} (-1: OS default)
 * @param queuedMaxRequestBytes  {@code queued.max.request.bytes}: bytes of requests received or waiting, across all
 *                               connections; 0 or less derives a bound from direct memory ({@link RequestMemory})
 * @param connectionsMaxIdleMs   {@code connections.max.idle.ms}: a connection without traffic and without a request
 *                               in progress for this long is closed
 * @param connectionLimits       {@code max.connections}, {@code max.connections.per.ip} and their siblings
 * @param tls                    the server TLS context of each SSL listener, by listener name
 * @param principalMappingRules  {@code ssl.principal.mapping.rules} of each listener that sets them, by listener
 *                               name (others use {@code DEFAULT}: the certificate's distinguished name)
 * @param sasl                   the SASL mechanisms of each SASL_PLAINTEXT or SASL_SSL listener, by listener name
 * @param failedAuthenticationDelayMs {@code connection.failed.authentication.delay.ms}: how long a failed SASL login
 *                               waits before its answer and the close
 */
public record SocketServerConfig(List<Endpoint> listeners, int socketRequestMaxBytes, int networkThreads,
                                 int sendBufferBytes, int receiveBufferBytes, long queuedMaxRequestBytes,
                                 long connectionsMaxIdleMs, ConnectionLimits connectionLimits,
                                 Map<String, SslContext> tls, Map<String, String> principalMappingRules,
                                 Map<String, SaslMechanisms> sasl, long failedAuthenticationDelayMs) {

    public SocketServerConfig {
        sasl = Map.copyOf(sasl);
        listeners = List.copyOf(listeners);
        tls = Map.copyOf(tls);
        principalMappingRules = Map.copyOf(principalMappingRules);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener");
        }
    }

    /** Without SASL listeners. */
    public SocketServerConfig(List<Endpoint> listeners, int socketRequestMaxBytes, int networkThreads,
                              int sendBufferBytes, int receiveBufferBytes, long queuedMaxRequestBytes,
                              long connectionsMaxIdleMs, ConnectionLimits connectionLimits,
                              Map<String, SslContext> tls, Map<String, String> principalMappingRules) {
        this(listeners, socketRequestMaxBytes, networkThreads, sendBufferBytes, receiveBufferBytes,
                queuedMaxRequestBytes, connectionsMaxIdleMs, connectionLimits, tls, principalMappingRules, Map.of(),
                100);
    }

    /** One PLAINTEXT listener named PLAINTEXT, without connection limits. */
    public SocketServerConfig(String host, int port, int socketRequestMaxBytes, int networkThreads,
                              int sendBufferBytes, int receiveBufferBytes, long queuedMaxRequestBytes,
                              long connectionsMaxIdleMs) {
        this(List.of(new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, host, port)), socketRequestMaxBytes,
                networkThreads, sendBufferBytes, receiveBufferBytes, queuedMaxRequestBytes, connectionsMaxIdleMs,
                ConnectionLimits.unlimited(), Map.of(), Map.of());
    }
}
