package io.samsa.bench.broker;

import java.nio.file.Path;

/**
 * A broker's identity across restarts: its data directory and ports. Restarting a node reuses both, so a
 * workload can measure a broker process that starts on data another process wrote (W4 reads W1's log).
 *
 * @param kind        which broker
 * @param dir         everything the broker writes: logs, metadata, its config file
 * @param port        the client (PLAINTEXT) port on 127.0.0.1
 * @param controlPort Kafka's CONTROLLER listener, or Samsa's embedded ZooKeeper port
 */
public record BrokerNode(BrokerKind kind, Path dir, int port, int controlPort) {

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }
}
