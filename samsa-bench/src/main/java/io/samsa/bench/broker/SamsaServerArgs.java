package io.samsa.bench.broker;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of one Samsa broker: {@code config/server.properties} from the distribution, then the
 * {@code --override}s a benchmark needs, the way {@code bin/samsa-cluster} starts a broker. A single broker runs
 * its embedded ZooKeeper (W1–W6); a cluster member names its id and the cluster's standalone ZooKeeper (W7).
 *
 * <p>Stateless.
 */
final class SamsaServerArgs {
    private SamsaServerArgs() {
    }

    /** One broker with an embedded ZooKeeper on {@code node.controlPort()}. */
    static List<String> single(SamsaDistribution dist, BrokerSettings settings, BrokerNode node) {
        List<String> args = common(dist, settings, node);
        override(args, "zookeeper.embedded.port", Integer.toString(node.controlPort()));
        override(args, "zookeeper.embedded.data.dir", node.dir().resolve("zookeeper").toString());
        override(args, "offsets.topic.replication.factor", "1");
        return args;
    }

    /**
     * A member of a cluster of {@code size} brokers on the ZooKeeper at {@code zooKeeperConnect}. Internal topics
     * get Kafka's defaults for three brokers (replication factor 3, min ISR 2), as Kafka's nodes of W7 do.
     */
    static List<String> clusterMember(SamsaDistribution dist, BrokerSettings settings, BrokerNode node,
                                      String zooKeeperConnect, int size) {
        String rf = size >= 3 ? "3" : "1";
        List<String> args = common(dist, settings, node);
        override(args, "broker.id", Integer.toString(node.id()));
        override(args, "zookeeper.connect", zooKeeperConnect);
        override(args, "offsets.topic.replication.factor", rf);
        override(args, "transaction.state.log.replication.factor", rf);
        override(args, "transaction.state.log.min.isr", size >= 3 ? "2" : "1");
        return args;
    }

    private static List<String> common(SamsaDistribution dist, BrokerSettings settings, BrokerNode node) {
        List<String> args = new ArrayList<>();
        args.add(dist.serverProperties().toString());
        override(args, "listeners", settings.clientListeners(node.port()));
        override(args, "advertised.listeners", settings.clientListeners(node.port()));
        if (settings.tls() != null) {
            // Written out, as Kafka's node has it: brokers keep talking PLAINTEXT; only clients use the SSL listener.
            override(args, "inter.broker.listener.name", "PLAINTEXT");
            settings.tlsConfigs().forEach((k, v) -> override(args, k, v));
        }
        override(args, "log.dirs", node.logDir().toString());
        override(args, "num.partitions", Integer.toString(settings.numPartitions()));
        override(args, "log.segment.bytes", Integer.toString(settings.segmentBytes()));
        override(args, "group.initial.rebalance.delay.ms", "0");
        settings.brokerConfigs().forEach((k, v) -> override(args, k, v));
        return args;
    }

    private static void override(List<String> args, String key, String value) {
        args.add("--override");
        args.add(key + "=" + value);
    }
}
