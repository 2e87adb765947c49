/**
 * Test fixtures: {@link io.samsa.testkit.InProcessCluster} (N brokers in one JVM on one ZooKeeper), used by
 * integration tests and module tests that need more than one broker.
 */
package io.samsa.testkit;
