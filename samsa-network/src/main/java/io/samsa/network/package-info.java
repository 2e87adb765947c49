/**
 * Kafka's TCP framing over Netty: frame decoding, request parsing and response encoding with kafka-clients'
 * message classes, per-connection response ordering and back-pressure, the broker-wide request memory
 * ({@code queued.max.request.bytes}), idle-connection closing, the handler registry and the ApiVersions answer
 * derived from it. Knows nothing of logs, ZooKeeper or coordinators.
 */
package io.samsa.network;
