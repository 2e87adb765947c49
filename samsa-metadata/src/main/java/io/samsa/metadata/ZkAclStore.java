package io.samsa.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AclStore} on ZooKeeper ({@link AclZNode}'s layout): persistent recursive watches on
 * {@code /kafka-acl} and {@code /kafka-acl-extended} keep every broker current, whoever wrote. Writes are
 * conditional on the znode version, and each one also leaves Kafka's change notification. Built by
 * {@link ZkMetadataStore#aclStore()}, sharing its session.
 */
public final class ZkAclStore implements AclStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZkAclStore.class);

    private final CuratorFramework client;
    private final long loadTimeoutMs;
    private final Map<ResourcePattern, Set<AccessControlEntry>> current = new ConcurrentHashMap<>();
    private volatile BiConsumer<ResourcePattern, Set<AccessControlEntry>> onChange;
    private List<CuratorCache> watches = List.of();

    ZkAclStore(CuratorFramework client, long loadTimeoutMs) {
        this.client = client;
        this.loadTimeoutMs = loadTimeoutMs;
    }

    @Override
    public Map<ResourcePattern, Set<AccessControlEntry>> start(
            BiConsumer<ResourcePattern, Set<AccessControlEntry>> listener) {
        ZkTreeWatch.ensurePaths(client, List.of(ZkPaths.ACLS_LITERAL, AclZNode.root(PatternType.PREFIXED),
                ZkPaths.ACL_CHANGES_LITERAL, ZkPaths.ACL_CHANGES_EXTENDED));
        watches = ZkTreeWatch.startAndLoad(client, List.of(ZkPaths.ACLS_LITERAL, ZkPaths.ACLS_EXTENDED),
                this::event, loadTimeoutMs, "ACLs");
        // Changes from here on reach the listener; one racing with this copy reaches both, which is harmless.
        onChange = listener;
        return new HashMap<>(current);
    }

    private void event(CuratorCacheListener.Type type, ChildData oldData, ChildData data) {
        ChildData node = data != null ? data : oldData;
        Optional<ResourcePattern> resource = AclZNode.resource(node.getPath());
        if (resource.isEmpty()) {
            return;
        }
        Set<AccessControlEntry> entries;
        try {
            entries = type == CuratorCacheListener.Type.NODE_DELETED ? Set.of()
                    : AclZNode.decode(node.getPath(), data.getData());
        } catch (RuntimeException e) {
            LOG.error("Ignoring unreadable ACL znode {}: {}", node.getPath(), e.toString());
            return;
        }
        if (entries.isEmpty()) {
            current.remove(resource.get());
        } else {
            current.put(resource.get(), Set.copyOf(entries));
        }
        BiConsumer<ResourcePattern, Set<AccessControlEntry>> l = onChange;
        if (l != null) {
            l.accept(resource.get(), Set.copyOf(entries));
        }
    }

    @Override
    public Set<AccessControlEntry> update(ResourcePattern resource, UnaryOperator<Set<AccessControlEntry>> change) {
        String path = AclZNode.path(resource);
        return ZkErrors.call("updating ACLs at " + path, () -> {
            while (true) {
                Stat stat = new Stat();
                Set<AccessControlEntry> stored;
                boolean exists;
                try {
                    stored = AclZNode.decode(path, client.getData().storingStatIn(stat).forPath(path));
                    exists = true;
                } catch (KeeperException.NoNodeException e) {
                    stored = Set.of();
                    exists = false;
                }
                Set<AccessControlEntry> wanted = Set.copyOf(change.apply(stored));
                if (wanted.equals(stored)) {
                    return wanted;
                }
                try {
                    if (wanted.isEmpty()) {
                        client.delete().withVersion(stat.getVersion()).forPath(path);
                    } else if (exists) {
                        client.setData().withVersion(stat.getVersion()).forPath(path, AclZNode.encode(wanted));
                    } else {
                        client.create().creatingParentsIfNeeded().forPath(path, AclZNode.encode(wanted));
                    }
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                         | KeeperException.NoNodeException e) {
                    continue; // another writer was quicker: apply the change to what it wrote
                }
                client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                        .forPath(AclZNode.changePath(resource), AclZNode.change(resource));
                return wanted;
            }
        });
    }

    @Override
    public void close() {
        watches.forEach(CuratorCache::close);
    }
}
