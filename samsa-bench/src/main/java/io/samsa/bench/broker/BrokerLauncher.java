package io.samsa.bench.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Creates and starts brokers of one kind. */
public interface BrokerLauncher {

    BrokerKind kind();

    /** A new node with an empty (for Kafka: formatted) data directory {@code dir} and fresh ports. */
    BrokerNode create(Path dir) throws IOException;

    /**
     * Starts the node's broker process and waits until it answers admin requests.
     *
     * @param log where the process's output goes
     */
    RunningBroker start(BrokerNode node, Path log) throws IOException;

    /**
     * A launcher of the same kind whose brokers also get {@code configs} (see
     * {@link BrokerSettings#brokerConfigs}); a workload that needs a broker setting asks both kinds for it.
     */
    BrokerLauncher withBrokerConfigs(Map<String, String> configs);

    /** A launcher of the same kind whose brokers also listen on {@code listener} (SSL). */
    BrokerLauncher withTls(TlsListener listener);
}
