/**
 * Integration tests with Kafka's own clients and tools (kafka-clients, kafka-topics, kafka-configs, kcat) against
 * in-process brokers ({@link io.samsa.it.TestBroker}) and against the built distribution run as a process
 * ({@link io.samsa.it.ServerProcess}). Failsafe runs the {@code *IT} classes in {@code mvn verify}.
 */
package io.samsa.it;
