package io.samsa.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /latest_producer_id_block}: the last block of producer ids handed to a broker, in Kafka's JSON
 * ({@code {"version":1,"broker":0,"block_start":"0","block_end":"999"}}; the bounds are strings, as Kafka writes them).
 * Brokers advance it with a conditional set on the znode version, so no two blocks overlap. Stateless.
 */
final class ProducerIdBlockZNode {
    static final String PATH = "/latest_producer_id_block";

    private ProducerIdBlockZNode() {
    }

    /** First id and last id of a block, inclusive. */
    record Block(int brokerId, long start, long end) {
    }

    static byte[] encode(Block block) {
        ObjectNode node = ZkJson.object();
        node.put("version", 1);
        node.put("broker", block.brokerId());
        node.put("block_start", Long.toString(block.start()));
        node.put("block_end", Long.toString(block.end()));
        return ZkJson.bytes(node);
    }

    /** The block stored in {@code data}, or null when the znode is empty (never allocated). */
    static Block decode(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        JsonNode node = ZkJson.parse(PATH, data);
        return new Block(ZkJson.requiredInt(PATH, node, "broker"),
                Long.parseLong(ZkJson.requiredText(PATH, node, "block_start")),
                Long.parseLong(ZkJson.requiredText(PATH, node, "block_end")));
    }
}
