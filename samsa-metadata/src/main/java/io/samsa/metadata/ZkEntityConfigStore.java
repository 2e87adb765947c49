package io.samsa.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EntityConfigStore} on ZooKeeper: {@code /config/users/<user>}, {@code /config/clients/<client-id>},
 * {@code /config/users/<user>/clients/<client-id>} and {@code /config/ips/<ip>}, each
 * {@code {"version":1,"config":{...}}} as Kafka 3.x writes them. Persistent recursive watches keep every broker
 * current, whoever wrote; writes are conditional on the znode version. Built by
 * {@link ZkMetadataStore#entityConfigStore()}, sharing its session.
 */
public final class ZkEntityConfigStore implements EntityConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZkEntityConfigStore.class);
    private static final String PREFIX = ZkPaths.CONFIG + "/";
    private static final List<String> ROOTS = List.of("/config/users", "/config/clients", "/config/ips");

    private final CuratorFramework client;
    private final long loadTimeoutMs;
    private final Map<String, Map<String, String>> current = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Map<String, String>> onChange;
    private List<CuratorCache> watches = List.of();

    ZkEntityConfigStore(CuratorFramework client, long loadTimeoutMs) {
        this.client = client;
        this.loadTimeoutMs = loadTimeoutMs;
    }

    /**
     * The entity path of a znode under {@code /config}, or null for a node that holds no entity (a root, or the
     * {@code clients} node between a user and its client ids).
     */
    static String entityPath(String znode) {
        if (!znode.startsWith(PREFIX)) {
            return null;
        }
        String path = znode.substring(PREFIX.length());
        String[] parts = path.split("/");
        if (parts.length != 2 && !(parts.length == 4 && parts[0].equals("users") && parts[2].equals("clients"))) {
            return null;
        }
        return path;
    }

    static void checkEntityPath(String entityPath) {
        if (entityPath(PREFIX + entityPath) == null || !ROOTS.contains(PREFIX + entityPath.split("/")[0])) {
            throw new IllegalArgumentException("Not an entity path under /config: " + entityPath);
        }
    }

    @Override
    public Map<String, Map<String, String>> start(BiConsumer<String, Map<String, String>> listener) {
        ZkTreeWatch.ensurePaths(client, ROOTS);
        watches = ZkTreeWatch.startAndLoad(client, ROOTS, this::event, loadTimeoutMs,
                "user, client and IP configs");
        // Changes from here on reach the listener; one racing with this copy reaches both, which is harmless.
        onChange = listener;
        return new HashMap<>(current);
    }

    private void event(CuratorCacheListener.Type type, ChildData oldData, ChildData data) {
        ChildData node = data != null ? data : oldData;
        String entity = entityPath(node.getPath());
        if (entity == null) {
            return;
        }
        Map<String, String> configs;
        try {
            configs = type == CuratorCacheListener.Type.NODE_DELETED ? Map.of()
                    : decode(node.getPath(), data.getData());
        } catch (RuntimeException e) {
            LOG.error("Ignoring unreadable config znode {}: {}", node.getPath(), e.toString());
            return;
        }
        if (configs.isEmpty()) {
            current.remove(entity);
        } else {
            current.put(entity, configs);
        }
        BiConsumer<String, Map<String, String>> l = onChange;
        if (l != null) {
            l.accept(entity, configs);
        }
    }

    /** A node created only as a parent of client-id entities has no data: it holds no configs. */
    private static Map<String, String> decode(String path, byte[] data) {
        return data == null || data.length == 0 ? Map.of() : TopicConfigZNode.decodeAt(path, data);
    }

    @Override
    public Map<String, String> update(String entityPath, UnaryOperator<Map<String, String>> change) {
        checkEntityPath(entityPath);
        String path = PREFIX + entityPath;
        return ZkErrors.call("updating configs at " + path, () -> {
            while (true) {
                Stat stat = new Stat();
                Map<String, String> stored;
                boolean exists;
                try {
                    stored = decode(path, client.getData().storingStatIn(stat).forPath(path));
                    exists = true;
                } catch (KeeperException.NoNodeException e) {
                    stored = Map.of();
                    exists = false;
                }
                Map<String, String> wanted = Map.copyOf(change.apply(stored));
                if (wanted.equals(stored)) {
                    return wanted;
                }
                try {
                    if (wanted.isEmpty() && stat.getNumChildren() == 0) {
                        client.delete().withVersion(stat.getVersion()).forPath(path);
                    } else if (exists) {
                        client.setData().withVersion(stat.getVersion())
                                .forPath(path, TopicConfigZNode.encode(wanted));
                    } else {
                        client.create().creatingParentsIfNeeded().forPath(path, TopicConfigZNode.encode(wanted));
                    }
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                         | KeeperException.NoNodeException | KeeperException.NotEmptyException e) {
                    continue; // another writer was quicker: apply the change to what it wrote
                }
                return wanted;
            }
        });
    }

    @Override
    public void close() {
        watches.forEach(CuratorCache::close);
    }
}
