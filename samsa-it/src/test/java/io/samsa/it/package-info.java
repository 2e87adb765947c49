/**
 * Integration tests with Kafka's own clients and tools (kafka-clients, kafka-topics, kafka-configs, kcat) against
 * in-process brokers ({@link io.samsa.it.TestBroker}) and against the built distribution run as processes
 * ({@link io.samsa.it.ServerProcess}, and the test kit's {@code ProcessCluster}: one ZooKeeper and three broker JVMs
 * with a fault-injecting proxy between all of them). Failsafe runs the {@code *IT} classes in {@code mvn verify}.
 *
 * <h2>The fault suite</h2>
 * Classes tagged {@code fault} ({@link io.samsa.it.FaultSuite}) inject faults into a three-process cluster under an
 * idempotent acks=all load (topic RF 3, min.insync.replicas 2) and count every acknowledged record at the end:
 * acknowledged, lost, duplicated, moved; the last three must be 0.
 * <ul>
 *   <li><b>Short forms</b> (seconds each, a few thousand records) run in every {@code mvn -B verify}. Alone:
 *   {@code mvn -B verify -pl samsa-it -am -Dit.groups=fault -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 *   <li><b>Long forms</b> (tag {@code long}: minutes each, twice the rate, the fault repeated until the time is up)
 *   run only with the {@code fault} profile: {@code mvn -B verify -P fault -pl samsa-it -am -Dtest=none
 *   -Dsurefire.failIfNoSpecifiedTests=false}. Each runs {@code -Dsamsa.fault.duration} (ISO-8601, default PT3M)
 *   plus its cluster's start-up.
 *   <li>Tags {@code failover} (leader elections by the controller) and {@code isr-writes} (ISR changes written to
 *   ZooKeeper) select those scenarios: {@code -Dit.groups=failover}.
 * </ul>
 * A failed fault test prints the end of every process's log; the whole logs stay under its temporary directory
 * ({@code zookeeper/zookeeper.log}, {@code broker-<id>/broker.log}).
 */
package io.samsa.it;
