package io.samsa.metadata;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Reserves blocks of producer ids in {@code /latest_producer_id_block}, as ZooKeeper-mode Kafka does: read the last
 * block, write the following one conditionally on the version read, and retry when another broker won the race.
 * Stateless and thread-safe.
 */
final class ProducerIdAllocator {
    private ProducerIdAllocator() {
    }

    /** Returns the first id of a block of {@code blockSize} ids now reserved for {@code brokerId}. */
    static long allocate(CuratorFramework client, int brokerId, int blockSize) {
        return ZkErrors.call("allocating a producer id block", () -> {
            while (true) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(ProducerIdBlockZNode.PATH);
                } catch (KeeperException.NoNodeException e) {
                    try {
                        client.create().creatingParentsIfNeeded().forPath(ProducerIdBlockZNode.PATH, new byte[0]);
                    } catch (KeeperException.NodeExistsException raced) {
                        // created concurrently; read it again
                    }
                    continue;
                }
                ProducerIdBlockZNode.Block last = ProducerIdBlockZNode.decode(data);
                long start = last == null ? 0L : last.end() + 1;
                ProducerIdBlockZNode.Block next = new ProducerIdBlockZNode.Block(brokerId, start, start + blockSize - 1);
                try {
                    client.setData().withVersion(stat.getVersion())
                        .forPath(ProducerIdBlockZNode.PATH, ProducerIdBlockZNode.encode(next));
                    return start;
                } catch (KeeperException.BadVersionException raced) {
                    // another broker took a block between our read and write; take the one after it
                }
            }
        });
    }
}
