package io.samsa.network.client;

/**
 * Settings of the inter-broker client.
 *
 * @param clientId          the client id in request headers (e.g. {@code broker-1-fetcher})
 * @param connectTimeoutMs  how long a connection attempt may take
 * @param maxResponseBytes  the largest response frame accepted; a larger one closes the connection
 * @param reconnectBackoffMs how long after a failed connection the next attempt waits
 */
public record ClientConfig(String clientId, int connectTimeoutMs, int maxResponseBytes, long reconnectBackoffMs) {
}
