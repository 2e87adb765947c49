package io.samsa.network.client;

import io.netty.handler.ssl.SslContext;

/**
 * Settings of the inter-broker client.
 *
 * @param clientId          the client id in request headers (e.g. {@code broker-1-fetcher})
 * @param connectTimeoutMs  how long a connection attempt may take
 * @param maxResponseBytes  the largest response frame accepted; a larger one closes the connection
 * @param reconnectBackoffMs how long after a failed connection the next attempt waits
 * @param tls               the client TLS context when brokers talk over an SSL listener, else null
 * @param verifyHostname    whether TLS checks the other broker's certificate against its host name
 *                          ({@code ssl.endpoint.identification.algorithm=https})
 */
public record ClientConfig(String clientId, int connectTimeoutMs, int maxResponseBytes, long reconnectBackoffMs,
                           SslContext tls, boolean verifyHostname) {

    /** Plaintext. */
    public ClientConfig(String clientId, int connectTimeoutMs, int maxResponseBytes, long reconnectBackoffMs) {
        this(clientId, connectTimeoutMs, maxResponseBytes, reconnectBackoffMs, null, false);
    }
}
