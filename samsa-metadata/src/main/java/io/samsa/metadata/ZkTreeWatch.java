package io.samsa.metadata;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.zookeeper.KeeperException;

/**
 * What the stores that mirror a subtree share (ACLs, user and client configs): create its roots if no broker has,
 * watch them with persistent recursive watches, and wait until everything stored is loaded, bounded. Stateless;
 * called by those stores' {@code start}.
 */
final class ZkTreeWatch {
    private ZkTreeWatch() {
    }

    /** Creates each of {@code paths} that does not exist yet (another broker, or Kafka, may have). */
    static void ensurePaths(CuratorFramework client, List<String> paths) {
        for (String path : paths) {
            ZkErrors.call("creating " + path, () -> {
                try {
                    client.create().creatingParentsIfNeeded().forPath(path, null);
                } catch (KeeperException.NodeExistsException e) {
                    // created by another broker, or by Kafka
                }
                return null;
            });
        }
    }

    /**
     * Watches each of {@code roots}, {@code listener} told of every node there and every change after, and returns
     * once all of them are loaded.
     *
     * @param what what is loaded, for the errors
     * @throws TimeoutException when loading takes longer than {@code timeoutMs}
     */
    static List<CuratorCache> startAndLoad(CuratorFramework client, List<String> roots,
                                           CuratorCacheListener listener, long timeoutMs, String what) {
        CountDownLatch loaded = new CountDownLatch(roots.size());
        List<CuratorCache> caches = roots.stream().map(root -> {
            CuratorCache cache = CuratorCache.build(client, root);
            cache.listenable().addListener(listener);
            cache.listenable().addListener(new CuratorCacheListener() {
                @Override
                public void event(Type type, ChildData oldData,
                                  ChildData data) {
                }

                @Override
                public void initialized() {
                    loaded.countDown();
                }
            });
            return cache;
        }).toList();
        caches.forEach(CuratorCache::start);
        try {
            if (!loaded.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                caches.forEach(CuratorCache::close);
                throw new TimeoutException("Timed out after " + timeoutMs + " ms loading " + what
                        + " from ZooKeeper");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            caches.forEach(CuratorCache::close);
            throw new InterruptException("Interrupted while loading " + what, e);
        }
        return caches;
    }
}
