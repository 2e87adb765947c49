package io.samsa.metadata;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Helpers shared by the ZooKeeper tests. */
final class ZkTestSupport {
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZkTestSupport() {
    }

    /** A chroot no other test uses, so tests can share one server. */
    static String uniqueChroot() {
        return "/samsa-test-" + CHROOTS.incrementAndGet();
    }

    static ZkMetadataStore.Config config(String connectString) {
        return new ZkMetadataStore.Config(connectString, 6_000, 10_000);
    }

    static ZkMetadataStore startStore(String connectString) {
        ZkMetadataStore store = new ZkMetadataStore(config(connectString));
        store.start();
        return store;
    }

    /** A plain Curator client on the server root (no chroot), for reading raw znodes. */
    static CuratorFramework rawClient(EmbeddedZooKeeper zk) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zk.connectString())
            .sessionTimeoutMs(6_000).connectionTimeoutMs(10_000).retryPolicy(new RetryOneTime(100))
            .ensembleTracker(false).build();
        client.start();
        if (!client.blockUntilConnected(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot connect to " + zk.connectString());
        }
        return client;
    }

    /** A plain ZooKeeper client (no Curator, no retries) connected to {@code connectString}. */
    static ZooKeeper connectRaw(String connectString, int sessionTimeoutMs) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper(connectString, sessionTimeoutMs, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("cannot connect to " + connectString);
        }
        return client;
    }

    static JsonNode readJson(CuratorFramework client, String path) throws Exception {
        return JSON.readTree(client.getData().forPath(path));
    }

    /**
     * Expires {@code client}'s session on the server, as a real expiry happens: a second connection with the
     * same session id and password is opened and closed, which makes the server close the session and
     * delete its ephemeral znodes; the first connection then learns that its session expired.
     */
    static void expireSession(CuratorFramework client, String serverConnectString) throws Exception {
        ZooKeeper original = client.getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(serverConnectString, 6_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, original.getSessionId(), original.getSessionPasswd());
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("twin connection did not connect");
            }
        } finally {
            twin.close();
        }
    }

    static long sessionId(CuratorFramework client) throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort in test teardown
            }
        }
    }

    static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    /** Records listener calls. */
    static class RecordingListener implements MetadataListener {
        final AtomicInteger topicsChanged = new AtomicInteger();
        final AtomicInteger brokersChanged = new AtomicInteger();
        final List<String> configChanged = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onTopicsChanged() {
            threads.add(Thread.currentThread().getName());
            topicsChanged.incrementAndGet();
        }

        @Override
        public void onTopicConfigChanged(String topic) {
            threads.add(Thread.currentThread().getName());
            configChanged.add(topic);
        }

        @Override
        public void onBrokersChanged() {
            threads.add(Thread.currentThread().getName());
            brokersChanged.incrementAndGet();
        }
    }
}
