package io.samsa.metadata;

import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Writes dynamic broker configs, {@code /config/brokers/<id>} or {@code /config/brokers/<default>}, in Kafka's
 * format ({@code {"version":1,"config":{...}}}), and applies the write to the cache so the writer reads it back at
 * once; every other broker learns it through its watch. An empty map deletes the znode, as Kafka's
 * {@code kafka-configs --delete-config} of the last key leaves nothing behind.
 *
 * <p>Last writer wins, as in Kafka (no version check): AlterConfigs replaces the whole set, and
 * IncrementalAlterConfigs computes its set from the cache just before. Thread-safe.
 */
final class BrokerConfigWriter {
    private static final int MAX_ATTEMPTS = 5;

    private final CuratorFramework client;
    private final ZkMetadataCache cache;

    BrokerConfigWriter(CuratorFramework client, ZkMetadataCache cache) {
        this.client = client;
        this.cache = cache;
    }

    void setBrokerConfig(String entity, Map<String, String> configs) {
        String path = ZkPaths.brokerConfig(entity);
        ZkPaths.BrokerConfigRef ref = new ZkPaths.BrokerConfigRef(entity);
        ZkErrors.call("setting the dynamic configs of broker " + entity, () -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    Stat existing = client.checkExists().forPath(path);
                    if (configs.isEmpty()) {
                        if (existing != null) {
                            client.delete().forPath(path);
                            cache.apply(List.of(ZkMetadataCache.Write.removed(ref, existing.getCzxid())));
                        }
                        return null;
                    }
                    byte[] bytes = TopicConfigZNode.encode(configs);
                    if (existing == null) {
                        client.create().creatingParentsIfNeeded().forPath(path, bytes);
                    } else {
                        client.setData().forPath(path, bytes);
                    }
                    Stat stat = new Stat();
                    byte[] read = client.getData().storingStatIn(stat).forPath(path);
                    cache.apply(List.of(ZkMetadataCache.Write.of(ref,
                        TopicConfigZNode.decodeAt(path, read), stat)));
                    return null;
                } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                    if (attempt >= MAX_ATTEMPTS) {
                        throw e;
                    }
                    // created or deleted by another writer between the check and the write: look again
                }
            }
        });
    }
}
