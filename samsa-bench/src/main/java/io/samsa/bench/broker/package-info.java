/**
 * Starting, measuring and stopping the brokers under test, each as a child process whose CPU time and peak RSS are
 * read from {@code /proc}: single brokers (Apache Kafka in KRaft combined mode, Samsa with its embedded ZooKeeper)
 * and three-broker clusters (Kafka's combined nodes sharing one quorum, Samsa's brokers on a standalone
 * ZooKeeper), which a workload may also {@code kill -9} one broker of.
 */
package io.samsa.bench.broker;
