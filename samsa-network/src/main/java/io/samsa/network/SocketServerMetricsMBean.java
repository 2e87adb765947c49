package io.samsa.network;

/**
 * What the client listener exposes over JMX as {@code io.samsa.network:type=SocketServer,port=<port>}: the memory
 * that requests and responses hold, and how back-pressure is acting. All getters are safe from any thread.
 */
public interface SocketServerMetricsMBean {
    /** Bytes reserved by requests being received or waiting for their response ({@code queued.max.request.bytes}). */
    long getQueuedRequestBytes();

    /** The bound on {@link #getQueuedRequestBytes()}: the configured value, or the one derived from direct memory. */
    long getQueuedRequestBytesLimit();

    /** The highest {@link #getQueuedRequestBytes()} seen since start. */
    long getQueuedRequestBytesPeak();

    /**
     * Buffer capacity held by frame decoders: frames still being received, and input kept while a connection is
     * muted. Physical memory, unlike the logical reservations of {@link #getQueuedRequestBytes()}.
     */
    long getRequestBufferBytes();

    /** Response bytes written to connections but not yet taken by the kernel, summed over connections. */
    long getPendingResponseBytes();

    /** The largest {@link #getPendingResponseBytes()} of any one connection. */
    long getMaxPendingResponseBytesPerConnection();

    /** Open client connections. */
    int getConnectionCount();

    /** Connections not being read right now (too many requests in flight, unsent responses, or no memory). */
    int getMutedConnections();

    /** Connections waiting for request memory right now. */
    int getConnectionsWaitingForMemory();

    /** Times since start that a connection was muted because its next frame did not fit in the request memory. */
    long getMemoryWaits();

    /** Connections closed since start for {@code connections.max.idle.ms} without traffic. */
    long getIdleConnectionsClosed();

    /** SASL sessions re-authenticated on their connection (KIP-368, {@code connections.max.reauth.ms}). */
    long getReauthentications();

    /** Connections closed because their SASL session expired before a re-authentication (Kafka's name). */
    long getExpiredConnectionsKilled();

    /** Connections closed since start because of an unexpected error (an Error or a bug) while serving them. */
    long getErrorConnectionsClosed();
}
