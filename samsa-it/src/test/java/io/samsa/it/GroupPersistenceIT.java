package io.samsa.it;

import static io.samsa.it.Groups.REBALANCE;
import static io.samsa.it.Groups.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups and their committed offsets live in {@code __consumer_offsets}: a broker restart loses none of them (and
 * brings back none that were deleted), and consumers carry on from what they committed.
 */
class GroupPersistenceIT {
    private static final String TOPIC = "persisted";
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_PARTITION = 20;
    private static final String MEMBERS_GROUP = "persist-members";
    private static final String SIMPLE_GROUP = "persist-simple";
    private static final String DELETED_GROUP = "persist-deleted";
    private static final String TRIMMED_GROUP = "persist-trimmed";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    @TempDir
    Path dir;

    @Test
    void groupsAndCommittedOffsetsSurviveARestartAndANewMemberResumesAtThem() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), Groups.BROKER_CONFIG)) {
            Admin admin = broker.adminClient();
            Clients.createTopic(admin, TOPIC, PARTITIONS);
            produce(broker.producer());

            // A member commits twice in its generation; the later commit is the one that counts.
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(GroupMember.config(broker.bootstrap(),
                    MEMBERS_GROUP, "persist-member", Map.of()))) {
                Groups.joinAndAwaitAssignment(consumer, TOPIC, PARTITIONS);
                consumer.commitSync(Map.of(P0, new OffsetAndMetadata(5, "first")));
                consumer.commitSync(Map.of(
                        P0, new OffsetAndMetadata(12, "m0"),
                        P1, new OffsetAndMetadata(7, "m1"),
                        P2, new OffsetAndMetadata(RECORDS_PER_PARTITION, "m2")));
            }
            // Groups without members: one only committed to, one deleted, one with an offset deleted.
            get(admin.alterConsumerGroupOffsets(SIMPLE_GROUP, Map.of(P0, new OffsetAndMetadata(3))).all());
            get(admin.alterConsumerGroupOffsets(DELETED_GROUP, Map.of(P0, new OffsetAndMetadata(9))).all());
            get(admin.deleteConsumerGroups(List.of(DELETED_GROUP)).all());
            get(admin.alterConsumerGroupOffsets(TRIMMED_GROUP,
                    Map.of(P0, new OffsetAndMetadata(4), P1, new OffsetAndMetadata(4))).all());
            get(admin.deleteConsumerGroupOffsets(TRIMMED_GROUP, Set.of(P1)).all());

            Map<String, Map<TopicPartition, OffsetAndMetadata>> expected = Map.of(
                    MEMBERS_GROUP, Map.of(
                            P0, new OffsetAndMetadata(12, "m0"),
                            P1, new OffsetAndMetadata(7, "m1"),
                            P2, new OffsetAndMetadata(RECORDS_PER_PARTITION, "m2")),
                    SIMPLE_GROUP, Map.of(P0, new OffsetAndMetadata(3)),
                    DELETED_GROUP, Map.of(),
                    TRIMMED_GROUP, Map.of(P0, new OffsetAndMetadata(4)));
            assertGroupsAndOffsets(admin, expected);

            broker.restart();

            assertGroupsAndOffsets(admin, expected);
            assertOffsetsTopicIsCompacted(admin);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(GroupMember.config(broker.bootstrap(),
                    MEMBERS_GROUP, "persist-member-2", Map.of()))) {
                Map<TopicPartition, Long> firstOffsets = firstOffsetsDelivered(consumer);
                assertThat(firstOffsets).as("first offset delivered per partition")
                        .isEqualTo(Map.of(P0, 12L, P1, 7L));
                assertThat(consumer.position(P2)).as("position on %s", P2).isEqualTo(RECORDS_PER_PARTITION);
            }
        }
    }

    /**
     * The broker lists exactly the groups of {@code expected} that have offsets (a deleted group stays deleted) and
     * reports their offsets and metadata. Right after a restart the coordinator may still be loading
     * {@code __consumer_offsets}; the clients retry COORDINATOR_LOAD_IN_PROGRESS, and so does this wait.
     */
    private static void assertGroupsAndOffsets(Admin admin, Map<String, Map<TopicPartition, OffsetAndMetadata>>
            expected) {
        await("groups and offsets").atMost(REBALANCE).untilAsserted(() -> {
            Set<String> listed = Groups.list(admin, ListGroupsOptions.forConsumerGroups());
            expected.forEach((group, offsets) -> {
                if (offsets.isEmpty()) {
                    assertThat(listed).as("listed groups").doesNotContain(group);
                } else {
                    assertThat(listed).as("listed groups").contains(group);
                }
            });
            for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> e : expected.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> actual = new HashMap<>(
                        get(admin.listConsumerGroupOffsets(e.getKey()).partitionsToOffsetAndMetadata()));
                actual.values().removeIf(o -> o == null);
                assertThat(actual).as("offsets of %s", e.getKey()).isEqualTo(e.getValue());
            }
        });
    }

    private static void assertOffsetsTopicIsCompacted(Admin admin) throws Exception {
        assertThat(get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()))
                .contains("__consumer_offsets");
        TopicDescription d = get(admin.describeTopics(List.of("__consumer_offsets")).allTopicNames())
                .get("__consumer_offsets");
        assertThat(d.isInternal()).as("internal").isTrue();
        assertThat(d.partitions()).as("partitions (offsets.topic.num.partitions)").hasSize(50);
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
        assertThat(get(admin.describeConfigs(List.of(r)).all()).get(r).get("cleanup.policy").value())
                .isEqualTo("compact");
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, p, ("p" + p + "-" + i).getBytes(
                        StandardCharsets.UTF_8), null)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> a : acks) {
            a.get();
        }
    }

    /** Joins the group and polls until every partition with records left has delivered its first one. */
    private static Map<TopicPartition, Long> firstOffsetsDelivered(KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> first = new HashMap<>();
        consumer.subscribe(List.of(TOPIC));
        await("first records after the committed offsets").atMost(REBALANCE).pollInSameThread()
                .pollInterval(Duration.ZERO).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
                    }
                    return first.size() >= 2;
                });
        return first;
    }

    /**
     * A member stays up while the broker restarts: it finds the coordinator again, keeps its partitions (or gets them
     * back) and goes on from its committed offsets, so nothing is skipped.
     */
    @Test
    void aMemberCarriesOnAcrossABrokerRestartWithoutSkippingARecord() throws Exception {
        String topic = "persist-live";
        String group = "persist-live";
        Set<TopicPartition> all = Groups.partitions(topic, PARTITIONS);
        DeliveryLog log = new DeliveryLog();
        MemberState state = new MemberState("live", log);
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), Groups.BROKER_CONFIG)) {
            Admin admin = broker.adminClient();
            Clients.createTopic(admin, topic, PARTITIONS);
            try (SteadyProducer producer = new SteadyProducer(broker.producer(), topic, PARTITIONS);
                 GroupMember member = new GroupMember("live", GroupMember.config(broker.bootstrap(), group, "live",
                         Map.of()), List.of(topic), state)) {
                producer.start();
                member.start();
                Groups.awaitEvenSplit(List.of(state), all);
                await("records before the restart").atMost(REBALANCE).until(() -> state.delivered() >= 100);

                broker.restart();
                int deliveredAtRestart = state.delivered();
                await("records after the restart").atMost(REBALANCE)
                        .failFast("the member failed", () -> !state.failures().isEmpty())
                        .until(() -> state.delivered() >= deliveredAtRestart + 100);

                producer.stop();
                assertThat(producer.failure()).as("producer error").isNull();
                Set<String> ackedKeys = producer.ackedKeys();
                await("every acknowledged record delivered").atMost(REBALANCE)
                        .until(() -> log.deliveredAll(ackedKeys));
                log.assertAtLeastOnce(producer.acked());
                assertThat(state.failures()).isEmpty();
            }
        }
    }
}
