package io.samsa.metadata;

import static io.samsa.metadata.ZkTestSupport.awaitTrue;
import static io.samsa.metadata.ZkTestSupport.closeQuietly;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster outlives a ZooKeeper restart on the same data directory. */
class ZooKeeperRestartTest {
    @TempDir
    File dataDir;

    @Test
    void clusterIdTopicsAndConfigsSurviveAZooKeeperRestart() {
        TopicMetadata topic = new TopicMetadata("durable", Uuid.randomUuid(),
            TopicMetadata.sorted(Map.of(0, List.of(1), 1, List.of(1))));
        String clusterId;
        try (EmbeddedZooKeeper zk = started(0);
             ZkMetadataStore store = ZkTestSupport.startStore(zk.connectString() + "/kafka")) {
            clusterId = store.clusterId();
            store.createTopic(topic, Map.of(0, new PartitionState(1, 0, List.of(1), 1)), Map.of("a", "b"));
        }
        try (EmbeddedZooKeeper zk = started(0);
             ZkMetadataStore store = ZkTestSupport.startStore(zk.connectString() + "/kafka")) {
            assertThat(store.clusterId()).isEqualTo(clusterId);
            assertThat(store.topic("durable")).contains(topic);
            assertThat(store.partitionStates("durable")).containsOnlyKeys(0);
            assertThat(store.topicConfig("durable")).isEqualTo(Map.of("a", "b"));
        }
    }

    @Test
    void anOpenStoreRidesOutAZooKeeperRestart() {
        EmbeddedZooKeeper zk = started(0);
        int port = zk.port();
        ZkMetadataStore store = ZkTestSupport.startStore(zk.connectString());
        EmbeddedZooKeeper restarted = null;
        try {
            store.registerBroker(new BrokerRegistration(1, "h", 9092, null));
            String clusterId = store.clusterId();
            zk.close();

            restarted = started(port);
            TopicMetadata topic = new TopicMetadata("after", Uuid.randomUuid(), TopicMetadata.sorted(Map.of(0, List.of(1))));
            awaitTrue(() -> {
                try {
                    store.createTopic(topic, Map.of(), Map.of());
                    return true;
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    return false; // still reconnecting
                }
            });
            assertThat(store.topic("after")).contains(topic);
            assertThat(store.clusterId()).isEqualTo(clusterId);

            try (ZkMetadataStore other = ZkTestSupport.startStore(restarted.connectString())) {
                assertThat(other.clusterId()).isEqualTo(clusterId);
                assertThat(other.topic("after")).contains(topic);
                BrokerRegistration expected = new BrokerRegistration(1, "h", 9092, null);
                awaitTrue(() -> other.liveBrokers().size() == 1
                    && other.liveBrokers().get(0).sameRegistrationAs(expected));
            }
        } finally {
            closeQuietly(store);
            closeQuietly(restarted);
            closeQuietly(zk);
        }
    }

    private EmbeddedZooKeeper started(int port) {
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dataDir, "127.0.0.1", port, 500);
        try {
            zk.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return zk;
    }
}
