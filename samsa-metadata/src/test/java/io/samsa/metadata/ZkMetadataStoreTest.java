package io.samsa.metadata;

import static io.samsa.metadata.ZkTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class ZkMetadataStoreTest extends SharedZooKeeperTest {

    private ZkMetadataStore store() {
        ZkMetadataStore store = ZkTestSupport.startStore(connect);
        toClose.add(store);
        return store;
    }

    private static TopicMetadata topic(String name, Map<Integer, List<Integer>> assignment) {
        return new TopicMetadata(name, Uuid.randomUuid(), TopicMetadata.sorted(assignment));
    }

    private static Map<Integer, PartitionState> leadersFirst(Map<Integer, List<Integer>> assignment) {
        Map<Integer, PartitionState> states = new java.util.HashMap<>();
        assignment.forEach((p, replicas) -> states.put(p, new PartitionState(replicas.get(0), 0, replicas, 1)));
        return states;
    }

    @Test
    void partitionStatesAreReusedUntilAStateChangesInZooKeeper() throws Exception {
        ZkMetadataStore store = store();
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(0), 1, List.of(0));
        store.createTopic(topic("cached", assignment), leadersFirst(assignment), Map.of());
        Map<Integer, PartitionState> first = store.partitionStates("cached");
        assertThat(store.partitionStates("cached")).isSameAs(first);
        assertThat(first.get(1).leaderEpoch()).isZero();

        // A state written by someone else (as a controller would) reaches the view through the watch.
        store.curator().setData().forPath(ZkPaths.partitionState("cached", 1),
                PartitionStateZNode.encode(new PartitionState(0, 7, List.of(0), 1)));
        awaitTrue(() -> store.partitionStates("cached").get(1).leaderEpoch() == 7);
        assertThat(store.partitionStates("cached")).isNotSameAs(first);
        assertThat(store.partitionStates("cached").get(0).leaderEpoch()).isZero();
    }

    @Test
    void startCreatesTheChrootAndKafkasPersistentPaths() throws Exception {
        store();
        for (String path : List.of("/brokers/ids", "/brokers/topics", "/brokers/seqid", "/config/topics",
            "/config/changes", "/admin/delete_topics", "/isr_change_notification")) {
            assertThat(raw.checkExists().forPath(chroot + path)).as(path).isNotNull();
        }
        assertThat(raw.checkExists().forPath(chroot).getEphemeralOwner()).as("chroot is persistent").isZero();
    }

    @Test
    void aNestedChrootIsCreatedToo() throws Exception {
        connect = zk.connectString() + chroot + "/deeper/still/";
        ZkMetadataStore store = store();
        store.createTopic(topic("nested", Map.of(0, List.of(1))), Map.of(), Map.of());
        assertThat(raw.checkExists().forPath(chroot + "/deeper/still/brokers/topics/nested")).isNotNull();
    }

    @Test
    void closeStopsEveryThreadTheStoreStarted() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        ZkMetadataStore store = ZkTestSupport.startStore(connect);
        store.addListener(new ZkTestSupport.RecordingListener());
        store.registerBroker(new io.samsa.metadata.BrokerRegistration(1, "h", 1, null));
        store.createTopic(topic("threads", Map.of(0, List.of(1))), Map.of(), Map.of());
        store.close();
        awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && t.isAlive())
            .map(Thread::getName)
            .noneMatch(name -> name.startsWith("samsa-") || name.startsWith("Curator-") || name.contains("-SendThread")
                || name.contains("-EventThread")));
    }

    @Test
    void producerIdBlocksNeverOverlapAcrossStoresAndRestarts() throws Exception {
        java.util.Set<Long> starts = new java.util.HashSet<>();
        try (ZkMetadataStore a = ZkTestSupport.startStore(connect);
             ZkMetadataStore b = ZkTestSupport.startStore(connect)) {
            for (int i = 0; i < 5; i++) {
                starts.add(a.allocateProducerIdBlock(1, 1000));
                starts.add(b.allocateProducerIdBlock(2, 1000));
            }
        }
        try (ZkMetadataStore c = ZkTestSupport.startStore(connect)) {
            starts.add(c.allocateProducerIdBlock(1, 1000));
        }
        org.assertj.core.api.Assertions.assertThat(starts).hasSize(11)
            .containsExactlyInAnyOrder(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L, 10000L);
    }

    @Test
    void clusterIdIsCreatedOnceAndStableAcrossStores() throws Exception {
        String first;
        try (ZkMetadataStore a = ZkTestSupport.startStore(connect)) {
            first = a.clusterId();
            assertThat(first).hasSize(22);
            assertThat(Uuid.fromString(first)).isNotNull();
            assertThat(a.clusterId()).isEqualTo(first);
        }
        ZkMetadataStore b = store();
        ZkMetadataStore c = store();
        assertThat(b.clusterId()).isEqualTo(first);
        assertThat(c.clusterId()).isEqualTo(first);
        JsonNode json = ZkTestSupport.readJson(raw, chroot + "/cluster/id");
        assertThat(json.get("version").asText()).isEqualTo("1");
        assertThat(json.get("id").asText()).isEqualTo(first);
    }

    @Test
    void clusterIdCreationRaceHasOneWinner() throws Exception {
        List<ZkMetadataStore> stores = List.of(store(), store(), store(), store());
        List<String> ids = stores.parallelStream().map(ZkMetadataStore::clusterId).toList();
        assertThat(ids).containsOnly(ids.get(0));
    }

    @Test
    void topicRoundTrip() throws Exception {
        ZkMetadataStore store = store();
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1, 2), 1, List.of(2, 1));
        TopicMetadata t = topic("orders", assignment);
        store.createTopic(t, leadersFirst(assignment), Map.of("retention.ms", "60000"));

        // Visible to this store as soon as createTopic returns.
        assertThat(store.topic("orders")).contains(t);
        assertThat(store.topics()).containsOnlyKeys("orders");
        assertThat(store.partitionStates("orders")).containsOnlyKeys(0, 1);
        assertThat(store.partitionStates("orders").get(1)).isEqualTo(new PartitionState(2, 0, List.of(2, 1), 1));
        assertThat(store.topicConfig("orders")).isEqualTo(Map.of("retention.ms", "60000"));

        assertThatThrownBy(() -> store.createTopic(topic("orders", assignment), Map.of(), Map.of()))
            .isInstanceOf(TopicExistsException.class).hasMessageContaining("orders");

        store.deleteTopic("orders");
        assertThat(store.topic("orders")).isEmpty();
        assertThat(store.topics()).isEmpty();
        assertThat(store.partitionStates("orders")).isEmpty();
        assertThat(store.topicConfig("orders")).isEmpty();
        assertThat(raw.checkExists().forPath(chroot + "/brokers/topics/orders")).isNull();
        assertThat(raw.checkExists().forPath(chroot + "/config/topics/orders")).isNull();

        assertThatThrownBy(() -> store.deleteTopic("orders")).isInstanceOf(UnknownTopicOrPartitionException.class);

        // Re-created with a new id, and the late watch events of the first incarnation change nothing.
        TopicMetadata again = topic("orders", Map.of(0, List.of(3)));
        store.createTopic(again, Map.of(), Map.of());
        assertThat(store.topic("orders")).contains(again);
        awaitTrue(() -> store.topic("orders").equals(java.util.Optional.of(again))
            && store.partitionStates("orders").isEmpty());
    }

    @Test
    void rejectsIllegalTopicNames() {
        ZkMetadataStore store = store();
        assertThatThrownBy(() -> store.createTopic(topic("a/b", Map.of(0, List.of(1))), Map.of(), Map.of()))
            .isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> store.createTopic(topic("empty", Map.of()), Map.of(), Map.of()))
            .isInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    void writesKafkasJson() throws Exception {
        ZkMetadataStore store = store();
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1, 2));
        TopicMetadata t = topic("shape", assignment);
        store.createTopic(t, Map.of(0, new PartitionState(1, 3, List.of(1, 2), 4)), Map.of("segment.ms", "100"));

        JsonNode topicJson = ZkTestSupport.readJson(raw, chroot + "/brokers/topics/shape");
        assertThat(topicJson.get("version").asInt()).isEqualTo(3);
        assertThat(topicJson.get("topic_id").asText()).isEqualTo(t.topicId().toString());
        assertThat(topicJson.get("partitions").get("0").toString()).isEqualTo("[1,2]");
        assertThat(topicJson.get("adding_replicas").isObject()).isTrue();
        assertThat(topicJson.get("removing_replicas").isObject()).isTrue();

        JsonNode stateJson = ZkTestSupport.readJson(raw, chroot + "/brokers/topics/shape/partitions/0/state");
        assertThat(stateJson.get("version").asInt()).isEqualTo(1);
        assertThat(stateJson.get("leader").asInt()).isEqualTo(1);
        assertThat(stateJson.get("leader_epoch").asInt()).isEqualTo(3);
        assertThat(stateJson.get("controller_epoch").asInt()).isEqualTo(4);
        assertThat(stateJson.get("isr").toString()).isEqualTo("[1,2]");

        JsonNode configJson = ZkTestSupport.readJson(raw, chroot + "/config/topics/shape");
        assertThat(configJson.get("version").asInt()).isEqualTo(1);
        assertThat(configJson.get("config").get("segment.ms").asText()).isEqualTo("100");

        // Parent znodes carry no data, as Kafka's.
        assertThat(raw.getData().forPath(chroot + "/brokers/topics/shape/partitions")).isNullOrEmpty();
        assertThat(raw.getData().forPath(chroot + "/brokers/topics/shape/partitions/0")).isNullOrEmpty();
    }

    @Test
    void anotherStoreSeesWritesAndItsListenerFires() {
        ZkMetadataStore writer = store();
        ZkMetadataStore reader = store();
        ZkTestSupport.RecordingListener listener = new ZkTestSupport.RecordingListener();
        reader.addListener(listener);

        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1));
        TopicMetadata t = topic("shared", assignment);
        writer.createTopic(t, leadersFirst(assignment), Map.of("cleanup.policy", "compact"));

        awaitTrue(() -> reader.topic("shared").isPresent() && reader.partitionStates("shared").size() == 3
            && reader.topicConfig("shared").equals(Map.of("cleanup.policy", "compact")));
        assertThat(reader.topic("shared")).contains(t);
        awaitTrue(() -> listener.topicsChanged.get() > 0 && listener.configChanged.contains("shared"));

        int before = listener.topicsChanged.get();
        writer.setTopicConfig("shared", Map.of("cleanup.policy", "delete", "retention.ms", "1"));
        awaitTrue(() -> reader.topicConfig("shared").equals(Map.of("cleanup.policy", "delete", "retention.ms", "1")));
        awaitTrue(() -> listener.configChanged.stream().filter("shared"::equals).count() >= 2);

        writer.deleteTopic("shared");
        awaitTrue(() -> reader.topic("shared").isEmpty() && reader.topicConfig("shared").isEmpty());
        awaitTrue(() -> listener.topicsChanged.get() > before);
        assertThat(listener.threads).containsOnly("samsa-metadata-events");
    }

    @Test
    void listenerMayCallTheStore() {
        ZkMetadataStore writer = store();
        ZkMetadataStore reader = store();
        List<Integer> seenPartitionCounts = new java.util.concurrent.CopyOnWriteArrayList<>();
        reader.addListener(new ZkTestSupport.RecordingListener() {
            @Override
            public void onTopicsChanged() {
                reader.topic("l").ifPresent(t -> seenPartitionCounts.add(t.partitionCount()));
            }
        });
        writer.createTopic(topic("l", Map.of(0, List.of(1))), Map.of(), Map.of());
        awaitTrue(() -> seenPartitionCounts.contains(1));
    }

    @Test
    void addPartitions() {
        ZkMetadataStore store = store();
        ZkMetadataStore other = store();
        TopicMetadata t = topic("grow", Map.of(0, List.of(1, 2)));
        store.createTopic(t, leadersFirst(Map.of(0, List.of(1, 2))), Map.of());

        store.addPartitions("grow", TopicMetadata.sorted(Map.of(1, List.of(2, 1), 2, List.of(1, 2))),
            Map.of(1, new PartitionState(2, 0, List.of(2, 1), 1), 2, new PartitionState(1, 0, List.of(1, 2), 1)));

        TopicMetadata grown = store.topic("grow").orElseThrow();
        assertThat(grown.topicId()).isEqualTo(t.topicId());
        assertThat(grown.assignment()).containsOnlyKeys(0, 1, 2);
        assertThat(grown.assignment().get(1)).containsExactly(2, 1);
        assertThat(store.partitionStates("grow")).containsOnlyKeys(0, 1, 2);
        awaitTrue(() -> other.topic("grow").map(TopicMetadata::partitionCount).orElse(0) == 3
            && other.partitionStates("grow").size() == 3);

        assertThatThrownBy(() -> store.addPartitions("grow", TopicMetadata.sorted(Map.of(2, List.of(3))), Map.of()))
            .isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> store.addPartitions("nope", TopicMetadata.sorted(Map.of(0, List.of(1))), Map.of()))
            .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void concurrentAddPartitionsFromTwoStoresBothLand() {
        ZkMetadataStore a = store();
        ZkMetadataStore b = store();
        a.createTopic(topic("race", Map.of(0, List.of(1))), Map.of(), Map.of());
        awaitTrue(() -> b.topic("race").isPresent());
        List<Runnable> adds = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            int p = i;
            ZkMetadataStore s = (i % 2 == 0) ? a : b;
            adds.add(() -> s.addPartitions("race", TopicMetadata.sorted(Map.of(p, List.of(1))), Map.of()));
        }
        adds.parallelStream().forEach(Runnable::run);
        awaitTrue(() -> a.topic("race").orElseThrow().partitionCount() == 9
            && b.topic("race").orElseThrow().partitionCount() == 9);
    }

    @Test
    void setTopicConfig() throws Exception {
        ZkMetadataStore store = store();
        assertThatThrownBy(() -> store.setTopicConfig("missing", Map.of("a", "b")))
            .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(raw.checkExists().forPath(chroot + "/config/topics/missing")).isNull();

        store.createTopic(topic("cfg", Map.of(0, List.of(1))), Map.of(), Map.of());
        assertThat(store.topicConfig("cfg")).isEmpty();
        store.setTopicConfig("cfg", Map.of("max.message.bytes", "2048"));
        assertThat(store.topicConfig("cfg")).isEqualTo(Map.of("max.message.bytes", "2048"));
        store.setTopicConfig("cfg", Map.of());
        assertThat(store.topicConfig("cfg")).isEmpty();

        // A config znode that lost its topic znode's sibling (deleted by hand) is re-created.
        raw.delete().forPath(chroot + "/config/topics/cfg");
        store.setTopicConfig("cfg", Map.of("x", "y"));
        assertThat(store.topicConfig("cfg")).isEqualTo(Map.of("x", "y"));
        assertThat(ZkTestSupport.readJson(raw, chroot + "/config/topics/cfg").get("config").get("x").asText())
            .isEqualTo("y");
    }

    @Test
    void dynamicBrokerConfigsAreStoredInKafkasZnodeAndReachEveryStore() throws Exception {
        ZkMetadataStore writer = store();
        ZkMetadataStore reader = store();
        List<String> changed = new java.util.concurrent.CopyOnWriteArrayList<>();
        reader.addListener(new ZkTestSupport.RecordingListener() {
            @Override
            public void onBrokerConfigChanged(String entity) {
                changed.add(entity);
            }
        });

        writer.setBrokerConfig("1", Map.of("leader.replication.throttled.rate", "1000"));
        assertThat(writer.brokerConfig("1")).isEqualTo(Map.of("leader.replication.throttled.rate", "1000"));
        assertThat(ZkTestSupport.readJson(raw, chroot + "/config/brokers/1").get("config")
            .get("leader.replication.throttled.rate").asText()).isEqualTo("1000");
        awaitTrue(() -> reader.brokerConfig("1").equals(Map.of("leader.replication.throttled.rate", "1000"))
            && changed.contains("1"));

        writer.setBrokerConfig(MetadataStore.DEFAULT_BROKER_ENTITY, Map.of("follower.replication.throttled.rate", "5"));
        awaitTrue(() -> reader.brokerConfig("<default>").equals(Map.of("follower.replication.throttled.rate", "5"))
            && changed.contains("<default>"));

        writer.setBrokerConfig("1", Map.of());
        assertThat(raw.checkExists().forPath(chroot + "/config/brokers/1")).as("an empty set leaves no znode").isNull();
        awaitTrue(() -> reader.brokerConfig("1").isEmpty());
        assertThat(writer.brokerConfig("2")).isEmpty();
    }

    @Test
    void createTopicReusesAnOrphanedConfigZnode() throws Exception {
        raw.create().creatingParentsIfNeeded().forPath(chroot + "/config/topics/orphan",
            TopicConfigZNode.encode(Map.of("old", "1")));
        ZkMetadataStore store = store();
        store.createTopic(topic("orphan", Map.of(0, List.of(1))), Map.of(), Map.of("new", "2"));
        assertThat(store.topicConfig("orphan")).isEqualTo(Map.of("new", "2"));
    }

    @Test
    void lifecycle() {
        ZkMetadataStore store = new ZkMetadataStore(ZkTestSupport.config(connect));
        assertThatThrownBy(store::topics).isInstanceOf(IllegalStateException.class).hasMessageContaining("start");
        store.start();
        assertThatThrownBy(store::start).isInstanceOf(IllegalStateException.class);
        store.close();
        store.close();
        assertThatThrownBy(store::topics).isInstanceOf(IllegalStateException.class);
        new ZkMetadataStore(ZkTestSupport.config(connect)).close(); // never started
    }

    @Test
    void startFailsClearlyWhenZooKeeperIsUnreachable() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String unreachable = "127.0.0.1:" + freePort + "/samsa";
        ZkMetadataStore store = new ZkMetadataStore(new ZkMetadataStore.Config(unreachable, 2_000, 500));
        assertThatThrownBy(store::start)
            .isInstanceOf(TimeoutException.class)
            .hasMessageContaining("zookeeper.connect=" + unreachable);
        assertThatThrownBy(store::topics).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesFailWithTimeoutWhenZooKeeperIsGone() throws Exception {
        File dir = new File(dataDir, "gone");
        EmbeddedZooKeeper own = new EmbeddedZooKeeper(dir, "127.0.0.1", 0, 500);
        own.start();
        ZkMetadataStore store = new ZkMetadataStore(new ZkMetadataStore.Config(own.connectString(), 5_000, 500));
        toClose.add(store);
        store.start();
        store.createTopic(topic("kept", Map.of(0, List.of(1))), Map.of(), Map.of());
        own.close();
        assertThatThrownBy(() -> store.createTopic(topic("lost", Map.of(0, List.of(1))), Map.of(), Map.of()))
            .isInstanceOf(TimeoutException.class).hasMessageContaining("creating topic lost");
        assertThat(store.topic("kept")).as("reads still serve the last known state").isPresent();
    }
}
