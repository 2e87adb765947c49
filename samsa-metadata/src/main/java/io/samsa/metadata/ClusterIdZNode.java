package io.samsa.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /cluster/id}: {@code {"version":"1","id":"<22-char base64 Uuid>"}}. Note that Kafka writes this
 * version as a JSON string, unlike every other znode's version.
 */
final class ClusterIdZNode {
    static final String PATH = ZkPaths.clusterId();

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
}
