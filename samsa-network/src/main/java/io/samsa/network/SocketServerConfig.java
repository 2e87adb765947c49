package io.samsa.network;

/**
 * Settings of the client listener.
 *
 * @param host                   bind address ("" or 0.0.0.0 for all interfaces)
 * @param port                   bind port (0 picks a free one, for tests)
 * @param socketRequestMaxBytes  {@code socket.request.max.bytes}: larger frames close the connection
 * @param networkThreads         {@code num.network.threads}: Netty event loops serving connections
 * @param sendBufferBytes        {@code socket.send.buffer.bytes} (-1: OS default)
 * @param receiveBufferBytes     {@code socket.receive.buffer.bytes} (-1: OS default)
 * @param queuedMaxRequestBytes  {@code queued.max.request.bytes}: bytes of requests received or waiting, across all
 *                               connections; 0 or less derives a bound from direct memory ({@link RequestMemory})
 * @param connectionsMaxIdleMs   {@code connections.max.idle.ms}: a connection without traffic and without a request
 *                               in progress for this long is closed
 */
public record SocketServerConfig(String host, int port, int socketRequestMaxBytes, int networkThreads,
                                 int sendBufferBytes, int receiveBufferBytes, long queuedMaxRequestBytes,
                                 long connectionsMaxIdleMs) {
}
