package io.samsa.bench.broker;

import java.nio.file.Path;

/**
 * A broker's identity across restarts: its id, data directory and ports. Restarting a node reuses all of them, so a
 * workload can measure a broker process that starts on data another process wrote (W4 reads W1's log).
 *
 * @param kind        which broker
 * @param id          Kafka's {@code node.id} or Samsa's {@code broker.id}
 * @param dir         everything the broker writes: logs, metadata, its config file
 * @param port        the client (PLAINTEXT) port on 127.0.0.1
 * @param controlPort Kafka's CONTROLLER listener, Samsa's embedded ZooKeeper port, or 0 (a Samsa cluster member)
 */
public record BrokerNode(BrokerKind kind, int id, Path dir, int port, int controlPort) {

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Where the broker keeps partition logs ({@code log.dirs}); the same layout for both brokers. */
    public Path logDir() {
        return dir.resolve("kafka-logs");
    }
}
