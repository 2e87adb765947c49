package io.samsa.bench.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** Creates and starts a cluster of brokers of one kind on this machine, every one of them on loopback ports. */
public interface ClusterLauncher {

    BrokerKind kind();

    /**
     * Starts a new cluster of {@code size} brokers (and whatever else it needs, such as Samsa's ZooKeeper) with
     * empty data directories under {@code dir}, and waits until every broker is registered. On failure nothing it
     * started is left running.
     *
     * @param logs where each process's output goes, by a short name such as {@code broker-1} or {@code zookeeper}
     */
    RunningCluster start(Path dir, int size, Function<String, Path> logs) throws IOException;
}
