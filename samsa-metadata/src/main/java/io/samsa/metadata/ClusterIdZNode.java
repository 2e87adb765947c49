package io.samsa.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.Uuid;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /cluster/id}: {@code {"version":"1","id":"<22-char base64 Uuid>"}}. Note that Kafka writes this
 * version as a JSON string, unlike every other znode's version.
 */
final class ClusterIdZNode {
    static final String PATH = ZkPaths.clusterId();
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIdZNode.class);

    private ClusterIdZNode() {
    }

    static byte[] encode(String clusterId) {
        ObjectNode node = ZkJson.object();
        node.put("version", "1");
        node.put("id", clusterId);
        return ZkJson.bytes(node);
    }

    static String decode(byte[] data) {
        return ZkJson.requiredText(PATH, ZkJson.parse(PATH, data), "id");
    }

    /** Reads the cluster id, creating it (a random Uuid) if absent; a broker that loses the race reads the winner's. */
    static String readOrCreate(CuratorFramework client) {
        return ZkErrors.call("reading or creating " + PATH, () -> {
            while (true) {
                try {
                    return decode(client.getData().forPath(PATH));
                } catch (KeeperException.NoNodeException e) {
                    String fresh = Uuid.randomUuid().toString();
                    try {
                        client.create().creatingParentsIfNeeded().forPath(PATH, encode(fresh));
                        LOG.info("Created cluster id {}", fresh);
                        return fresh;
                    } catch (KeeperException.NodeExistsException raced) {
                        // another broker created it first: read theirs
                    }
                }
            }
        });
    }
}
