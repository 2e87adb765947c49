package io.samsa.bench.broker;

import io.samsa.bench.tool.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/**
 * A Samsa cluster as {@code bin/samsa-cluster start N} builds one: a standalone ZooKeeper
 * ({@link ZooKeeperLauncher}), then brokers 0..N-1 with {@code broker.id}, {@code listeners},
 * {@code advertised.listeners}, {@code log.dirs} and {@code zookeeper.connect} given as {@code --override}s
 * ({@link SamsaServerArgs#clusterMember}), with the same settings as the single broker of W1–W6.
 *
 * <p>Thread-safe.
 */
public final class SamsaClusterLauncher implements ClusterLauncher {
    private final ChildJvm jvm;
    private final SamsaDistribution dist;
    private final BrokerSettings settings;
    private final ZooKeeperLauncher zooKeeperLauncher;

    public SamsaClusterLauncher(ChildJvm jvm, SamsaDistribution dist, BrokerSettings settings) {
        this.jvm = jvm;
        this.dist = dist;
        this.settings = settings;
        this.zooKeeperLauncher = new ZooKeeperLauncher(jvm, dist, settings);
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.SAMSA;
    }

    @Override
    public RunningCluster start(Path dir, int size, Function<String, Path> logs) throws IOException {
        Files.createDirectories(dir);
        RunningZooKeeper zk = zooKeeperLauncher.start(dir.resolve("zookeeper"), logs.apply("zookeeper"));
        List<RunningBroker> started = new ArrayList<>();
        try {
            List<Integer> ports = Ports.free(size);
            for (int id = 0; id < size; id++) {
                // No control port: a cluster member uses the standalone ZooKeeper, not an embedded one.
                BrokerNode node = new BrokerNode(BrokerKind.SAMSA, id, dir.resolve("broker-" + id), ports.get(id), 0);
                Files.createDirectories(node.dir());
                started.add(SamsaLauncher.spawn(jvm, dist, settings, node,
                        SamsaServerArgs.clusterMember(dist, settings, node, zk.connectString(), size),
                        logs.apply("broker-" + id)));
            }
            for (RunningBroker b : started) {
                b.awaitReady();
            }
            RunningCluster cluster = new RunningCluster(BrokerKind.SAMSA, started, zk, jvm, settings,
                    SamsaClusterLauncher::describedController);
            cluster.awaitRegistered();
            return cluster;
        } catch (IOException | RuntimeException e) {
            RunningCluster.stop(jvm, settings, started, zk);
            throw e;
        }
    }

    /** The controller DescribeCluster names: ZooKeeper-mode Kafka names the broker holding {@code /controller}. */
    private static int describedController(Admin admin) {
        try {
            var controller = admin.describeCluster().controller().get(10, TimeUnit.SECONDS);
            return controller == null ? -1 : controller.id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
