/**
 * Kafka's TCP framing over Netty: frame decoding, request parsing and response encoding with kafka-clients'
 * message classes, per-connection response ordering, the handler registry and the ApiVersions answer derived
 * from it. Knows nothing of logs, ZooKeeper or coordinators.
 */
package io.samsa.network;
