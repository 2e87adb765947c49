/**
 * Starting, measuring and stopping the brokers under test (Apache Kafka in KRaft combined mode, Samsa with its
 * embedded ZooKeeper), each as a child process whose CPU time and peak RSS are read from {@code /proc}.
 */
package io.samsa.bench.broker;
