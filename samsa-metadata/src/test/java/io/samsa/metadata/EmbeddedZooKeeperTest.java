package io.samsa.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperTest {
    @TempDir
    File dataDir;

    @Test
    void servesOnAnEphemeralPortAndKeepsDataAcrossRestart() throws Exception {
        int port;
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", 0, 200)) {
            zk.start();
            port = zk.port();
            assertThat(port).isPositive();
            assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + port);
            CuratorFramework client = ZkTestSupport.rawClient(zk);
            try {
                client.create().creatingParentsIfNeeded().forPath("/a/b", "hello".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(client.getData().forPath("/a/b"), StandardCharsets.UTF_8)).isEqualTo("hello");
            } finally {
                client.close();
            }
        }
        assertThat(new File(dataDir, "version-2")).isDirectory();

        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", 0, 200)) {
            zk.start();
            CuratorFramework client = ZkTestSupport.rawClient(zk);
            try {
                assertThat(new String(client.getData().forPath("/a/b"), StandardCharsets.UTF_8)).isEqualTo("hello");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void closeReleasesThePortAndStopsItsThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", 0, 200);
        zk.start();
        int port = zk.port();
        CuratorFramework client = ZkTestSupport.rawClient(zk);
        client.close();
        zk.close();
        zk.close(); // idempotent

        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        }
        ZkTestSupport.awaitTrue(() -> leaked(before).isEmpty());
    }

    @Test
    void rebindsTheSamePortAfterClose() throws Exception {
        int port;
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", 0, 200)) {
            zk.start();
            port = zk.port();
        }
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", port, 200)) {
            zk.start();
            assertThat(zk.port()).isEqualTo(port);
        }
    }

    @Test
    void cannotBeStartedTwiceOrAfterClose() throws Exception {
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", 0, 200);
        assertThatThrownBy(zk::port).isInstanceOf(IllegalStateException.class);
        zk.start();
        assertThatThrownBy(zk::start).isInstanceOf(IllegalStateException.class);
        zk.close();
        assertThatThrownBy(zk::start).isInstanceOf(IllegalStateException.class);
    }

    /** Live threads started since {@code before}, other than JVM and test-framework ones. */
    private static Set<String> leaked(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && t.isAlive())
            .map(Thread::getName)
            .filter(name -> !name.startsWith("awaitility") && !name.startsWith("ForkJoinPool")
                && !name.equals("process reaper") && !name.startsWith("Attach"))
            .collect(Collectors.toSet());
    }
}
