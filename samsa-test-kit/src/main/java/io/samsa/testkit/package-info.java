/**
 * Test fixtures: {@link io.samsa.testkit.InProcessCluster} (N brokers in one JVM on one ZooKeeper), used by
 * integration tests and module tests that need more than one broker, and {@link io.samsa.testkit.ClientFactory}
 * (Kafka's clients for a cluster, closed together). Sub-packages: {@code process} (a cluster of broker and ZooKeeper
 * processes from the built distribution), {@code proxy} (the fault-injecting TCP proxy between them) and
 * {@code delivery} (counting acknowledged, lost, duplicated and moved records).
 */
package io.samsa.testkit;
