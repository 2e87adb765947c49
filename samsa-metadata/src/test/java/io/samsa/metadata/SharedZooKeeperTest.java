package io.samsa.metadata;

import static io.samsa.metadata.ZkTestSupport.closeQuietly;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that share one embedded ZooKeeper per class: each test gets a chroot of its own
 * ({@link #connect}), and every store it registers in {@link #toClose} is closed after it.
 */
abstract class SharedZooKeeperTest {
    @TempDir
    static File dataDir;
    static EmbeddedZooKeeper zk;
    static CuratorFramework raw;

    final List<AutoCloseable> toClose = new ArrayList<>();
    String chroot;
    String connect;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", 0, 500);
        zk.start();
        raw = ZkTestSupport.rawClient(zk);
    }

    @AfterAll
    static void stopZooKeeper() {
        closeQuietly(raw);
        closeQuietly(zk);
    }

    @BeforeEach
    void newChroot() {
        chroot = ZkTestSupport.uniqueChroot();
        connect = zk.connectString() + chroot;
    }

    @AfterEach
    void closeStores() {
        toClose.forEach(ZkTestSupport::closeQuietly);
    }
}
