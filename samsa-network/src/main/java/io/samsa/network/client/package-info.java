/**
 * Samsa's own client for requests one broker sends another (a follower's Fetch): Kafka's framing and message
 * classes over Netty, one connection per destination broker, versions negotiated with ApiVersions. kafka-clients'
 * own network stack is deliberately not used (docs/CLUSTER.md).
 */
package io.samsa.network.client;
