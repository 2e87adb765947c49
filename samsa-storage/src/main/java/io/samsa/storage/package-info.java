/**
 * One broker's logs on disk in Kafka's layout: segments, offset and time indexes, recovery, retention and
 * producer state for idempotence. Knows nothing of the network or of ZooKeeper.
 */
package io.samsa.storage;
