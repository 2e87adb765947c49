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
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KIP-848 consumer groups ({@code group.protocol=consumer}) with Kafka's own consumers, Admin client and
 * kafka-consumer-groups tool: the broker assigns partitions (uniform or range) and times members out by its own
 * {@code group.consumer.*} settings; the consumers set neither a session timeout, a heartbeat interval nor an
 * assignment strategy.
 */
class ConsumerProtocolGroupIT {
    /** A short session, so a killed member is noticed within seconds; heartbeats every second. */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int HEARTBEAT_INTERVAL_MS = 1_000;
    private static final Map<String, String> BROKER_CONFIG = Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "group.consumer.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
            "group.consumer.heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS));
    private static final Map<String, String> CONSUMER_PROTOCOL = Map.of("group.protocol", "consumer");

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), BROKER_CONFIG);
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Who owns each partition, from every member's rebalance callbacks as they happen, and every time a member was
     * handed a partition that another member still owned. With KIP-848 the broker hands a partition to its next owner
     * only after the previous owner acknowledged its revocation (or was fenced), so there must be none.
     */
    private static final class Ownership {
        private final Map<TopicPartition, String> owner = new HashMap<>();
        private final List<String> overlaps = new ArrayList<>();

        /** {@code state}, reporting to this tracker as well. */
        GroupMember.Events track(MemberState state) {
            return new GroupMember.Events() {
                @Override
                public void assigned(Set<TopicPartition> added, Set<TopicPartition> assignment, int generation) {
                    took(state.name(), assignment, generation);
                    state.assigned(added, assignment, generation);
                }

                @Override
                public void revoked(Set<TopicPartition> partitions, boolean lost, Set<TopicPartition> remaining) {
                    released(state.name(), partitions);
                    state.revoked(partitions, lost, remaining);
                }

                @Override
                public void delivered(ConsumerRecord<byte[], byte[]> record) {
                    state.delivered(record);
                }

                @Override
                public void committed(Map<TopicPartition, Long> offsets) {
                    state.committed(offsets);
                }

                @Override
                public void failed(Throwable error) {
                    state.failed(error);
                }
            };
        }

        private synchronized void took(String member, Set<TopicPartition> partitions, int epoch) {
            for (TopicPartition tp : partitions) {
                String before = owner.put(tp, member);
                if (before != null && !before.equals(member)) {
                    overlaps.add(member + " got " + tp + " (epoch " + epoch + ") while " + before + " still owned it");
                }
            }
        }

        private synchronized void released(String member, Set<TopicPartition> partitions) {
            partitions.forEach(tp -> owner.remove(tp, member));
        }

        /** The member's process is gone (SIGKILL): it owns nothing any more, whatever it last reported. */
        synchronized void died(String member) {
            owner.values().removeIf(member::equals);
        }

        synchronized List<String> overlaps() {
            return List.copyOf(overlaps);
        }
    }

    private static GroupMember member(String group, String topic, MemberState state, Ownership ownership,
                                      Map<String, ?> overrides) {
        return new GroupMember(state.name(), GroupMember.consumerProtocolConfig(broker.bootstrap(), group,
                state.name(), overrides), List.of(topic), ownership.track(state));
    }

    @Test
    void aKilledMembersPartitionsMoveToTheOthersAndBackWithoutOverlapOrASkippedRecord() throws Exception {
        String topic = "cp-membership";
        String group = "cp-membership-group";
        int partitions = 6;
        Set<TopicPartition> all = Groups.partitions(topic, partitions);
        Clients.createTopic(admin, topic, partitions);
        DeliveryLog log = new DeliveryLog();
        Ownership ownership = new Ownership();
        MemberState a = new MemberState("cp-a", log);
        MemberState b = new MemberState("cp-b", log);
        MemberState killed = new MemberState("cp-c-killed", log);
        MemberState restarted = new MemberState("cp-c-restarted", log);
        try (SteadyProducer producer = new SteadyProducer(broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5)),
                     topic, partitions);
             GroupMember memberA = member(group, topic, a, ownership, Map.of());
             GroupMember memberB = member(group, topic, b, ownership, Map.of());
             GroupMemberProcess memberC = new GroupMemberProcess(dir.resolve("members"), broker.bootstrap(), group,
                     "cp-c", topic, CONSUMER_PROTOCOL)) {
            producer.start();
            memberA.start();
            memberB.start();
            memberC.start(ownership.track(killed));
            Groups.awaitEvenSplit(List.of(a, b, killed), all);
            await("c has processed records").atMost(REBALANCE).until(() -> killed.delivered() >= 50);

            memberC.kill();
            long killedAt = System.nanoTime();
            ownership.died(killed.name());
            Groups.awaitEvenSplit(List.of(a, b), all);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("time until the survivors took over")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(SESSION_TIMEOUT_MS - HEARTBEAT_INTERVAL_MS - 1000));

            memberC.start(ownership.track(restarted));
            Groups.awaitEvenSplit(List.of(a, b, restarted), all);
            await("the restarted c has processed records").atMost(REBALANCE)
                    .until(() -> restarted.delivered() >= 50);

            producer.stop();
            assertThat(producer.failure()).as("producer error").isNull();
            Map<TopicPartition, Map<Long, String>> acked = producer.acked();
            assertThat(producer.ackedKeys()).as("acknowledged records").hasSize(producer.sent());
            Map<TopicPartition, Long> end = endOffsets(all);
            try {
                await("every acknowledged record delivered").atMost(REBALANCE)
                        .untilAsserted(() -> log.assertAtLeastOnce(acked));
                await("the group's committed offsets reach the end of the log").atMost(REBALANCE)
                        .untilAsserted(() -> assertThat(Groups.committed(admin, group)).isEqualTo(end));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("members: " + List.of(a, b, killed, restarted) + "\nend offsets: " + end
                        + "\ncommitted: " + Groups.committed(admin, group), e);
            }
            assertThat(ownership.overlaps()).as("partitions owned by two members at once").isEmpty();
            for (MemberState m : List.of(a, b, killed, restarted)) {
                assertThat(m.failures()).as("%s", m).isEmpty();
            }
            ConsumerGroupDescription d = Groups.describe(admin, group);
            assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(d.members()).hasSize(3);
        }
    }

    @Test
    void theGroupAndItsOffsetsSurviveARestartAndANewMemberResumesAtThem() throws Exception {
        String topic = "cp-persisted";
        String group = "cp-persisted-group";
        int partitions = 3;
        int records = 20;
        try (TestBroker own = TestBroker.start(dir.resolve("restarted-broker"), BROKER_CONFIG)) {
            Admin ownAdmin = own.adminClient();
            Clients.createTopic(ownAdmin, topic, partitions);
            KafkaProducer<byte[], byte[]> producer = own.producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < records; i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, p, ("k" + i).getBytes(StandardCharsets.UTF_8),
                            null)));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : acks) {
                f.get();
            }
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            TopicPartition p2 = new TopicPartition(topic, 2);
            Map<TopicPartition, Long> committed = Map.of(p0, 12L, p1, 7L, p2, (long) records);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(GroupMember.consumerProtocolConfig(
                    own.bootstrap(), group, "cp-persist-1", Map.of()))) {
                Groups.joinAndAwaitAssignment(consumer, topic, partitions);
                consumer.commitSync(Map.of(p0, new OffsetAndMetadata(5)));
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                committed.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o, "m" + tp.partition())));
                consumer.commitSync(offsets);
            }
            assertThat(Groups.committed(ownAdmin, group)).isEqualTo(committed);

            own.restart();

            await("the group and its offsets after the restart").atMost(REBALANCE).untilAsserted(() -> {
                assertThat(Groups.list(ownAdmin, ListGroupsOptions.forConsumerGroups())).contains(group);
                assertThat(Groups.committed(ownAdmin, group)).isEqualTo(committed);
                ConsumerGroupDescription d = Groups.describe(ownAdmin, group);
                assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(d.groupState()).isEqualTo(GroupState.EMPTY);
                assertThat(d.members()).isEmpty();
            });
            assertThat(get(ownAdmin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).get(p1)
                    .metadata()).isEqualTo("m1");

            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(GroupMember.consumerProtocolConfig(
                    own.bootstrap(), group, "cp-persist-2", Map.of()))) {
                consumer.subscribe(List.of(topic));
                Map<TopicPartition, Long> first = new HashMap<>();
                await("first records of p0 and p1").atMost(REBALANCE).pollInSameThread()
                        .pollInterval(Duration.ZERO).until(() -> {
                            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
                            }
                            return first.containsKey(p0) && first.containsKey(p1);
                        });
                assertThat(first).as("first offset delivered per partition").isEqualTo(Map.of(p0, 12L, p1, 7L));
                assertThat(consumer.position(p2)).as("position on %s", p2).isEqualTo(records);
                assertThat(Groups.describe(ownAdmin, group).members()).hasSize(1);
            }
        }
    }

    @Test
    void adminAndKafkaConsumerGroupsDescribeAConsumerGroupAndStillAClassicOne() throws Exception {
        String topic = "cp-describe";
        String group = "cp-describe-group";
        String classicGroup = "cp-describe-classic";
        int partitions = 6;
        int records = 10;
        Clients.createTopic(admin, topic, partitions);
        KafkaProducer<byte[], byte[]> producer = broker.producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < records; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, p, null, null)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> f : acks) {
            f.get();
        }
        List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
        MemberState classicState = new MemberState("cp-describe-classic-member");
        try (GroupMember classic = new GroupMember(classicState.name(), GroupMember.config(broker.bootstrap(),
                classicGroup, classicState.name(), Map.of()), List.of(topic), classicState)) {
            for (int i = 0; i < 3; i++) {
                consumers.add(new KafkaConsumer<>(GroupMember.consumerProtocolConfig(broker.bootstrap(), group,
                        "cp-describe-" + i, Map.of())));
            }
            consumers.forEach(c -> c.subscribe(List.of(topic)));
            // All three poll from this thread in turn: their heartbeats run on the consumers' own threads.
            await("two partitions for each of three consumers").atMost(REBALANCE).pollInSameThread()
                    .pollInterval(Duration.ZERO).until(() -> {
                        for (KafkaConsumer<byte[], byte[]> c : consumers) {
                            c.poll(Duration.ofMillis(50));
                        }
                        return consumers.stream().allMatch(c -> c.assignment().size() == 2);
                    });
            Map<String, String> memberToClient = new HashMap<>();
            Map<String, Set<TopicPartition>> assigned = new HashMap<>();
            for (int i = 0; i < consumers.size(); i++) {
                KafkaConsumer<byte[], byte[]> c = consumers.get(i);
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                c.assignment().forEach(tp -> offsets.put(tp, new OffsetAndMetadata(3)));
                c.commitSync(offsets);
                memberToClient.put(c.groupMetadata().memberId(), "cp-describe-" + i);
                assigned.put(c.groupMetadata().memberId(), Set.copyOf(c.assignment()));
            }
            classic.start();
            Groups.awaitEvenSplit(List.of(classicState), Groups.partitions(topic, partitions));

            ConsumerGroupDescription d = Groups.describe(admin, group);
            assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.isSimpleConsumerGroup()).isFalse();
            assertThat(d.partitionAssignor()).isEqualTo("uniform");
            assertThat(d.coordinator().id()).isEqualTo(0);
            assertThat(d.members()).hasSize(3);
            Map<String, Set<TopicPartition>> described = new HashMap<>();
            for (MemberDescription m : d.members()) {
                assertThat(m.clientId()).isEqualTo(memberToClient.get(m.consumerId()));
                assertThat(m.host()).isEqualTo("/127.0.0.1");
                described.put(m.consumerId(), m.assignment().topicPartitions());
            }
            assertThat(described).isEqualTo(assigned);

            // A classic group: the Admin client's ConsumerGroupDescribe is refused, and it falls back to DescribeGroups.
            ConsumerGroupDescription c = Groups.describe(admin, classicGroup);
            assertThat(c.type()).isEqualTo(GroupType.CLASSIC);
            assertThat(c.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(c.partitionAssignor()).isEqualTo("range");
            assertThat(c.members()).singleElement().satisfies(m -> assertThat(m.assignment().topicPartitions())
                    .isEqualTo(Groups.partitions(topic, partitions)));
            // Both in one call.
            Map<String, ConsumerGroupDescription> both = get(admin.describeConsumerGroups(List.of(group, classicGroup))
                    .all());
            assertThat(both.get(group).type()).isEqualTo(GroupType.CONSUMER);
            assertThat(both.get(classicGroup).type()).isEqualTo(GroupType.CLASSIC);

            assertThat(consumerGroups("--list").lines().map(String::strip)).contains(group, classicGroup);
            String out = consumerGroups("--describe", "--group", group);
            List<String[]> rows = rows(out, group);
            assertThat(rows).as(out).hasSize(partitions);
            Map<TopicPartition, String> ownerOf = new HashMap<>();
            assigned.forEach((member, tps) -> tps.forEach(tp -> ownerOf.put(tp, member)));
            for (String[] r : rows) {
                // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
                TopicPartition tp = new TopicPartition(r[1], Integer.parseInt(r[2]));
                assertThat(r).as(out).hasSize(9);
                assertThat(r[3]).as(out).isEqualTo("3");
                assertThat(r[4]).as(out).isEqualTo(Integer.toString(records));
                assertThat(r[5]).as(out).isEqualTo(Integer.toString(records - 3));
                assertThat(r[6]).as(out).isEqualTo(ownerOf.get(tp));
                assertThat(r[8]).as(out).isEqualTo(memberToClient.get(ownerOf.get(tp)));
            }
            String members = consumerGroups("--describe", "--group", group, "--members");
            assertThat(rows(members, group)).as(members).hasSize(3);
            String state = consumerGroups("--describe", "--group", group, "--state");
            assertThat(rows(state, group)).as(state).singleElement()
                    .satisfies(r -> assertThat(List.of(r)).contains("uniform", "Stable", "3"));
        } finally {
            for (KafkaConsumer<byte[], byte[]> c : consumers) {
                c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void theRangeAssignorGivesEachMemberAContiguousShareOfEveryPartition() throws Exception {
        String topic = "cp-range";
        String group = "cp-range-group";
        int partitions = 6;
        Set<TopicPartition> all = Groups.partitions(topic, partitions);
        Clients.createTopic(admin, topic, partitions);
        Ownership ownership = new Ownership();
        Map<String, String> range = Map.of("group.remote.assignor", "range");
        List<MemberState> states = List.of(new MemberState("cp-range-a"), new MemberState("cp-range-b"),
                new MemberState("cp-range-c"));
        try (GroupMember a = member(group, topic, states.get(0), ownership, range);
             GroupMember b = member(group, topic, states.get(1), ownership, range);
             GroupMember c = member(group, topic, states.get(2), ownership, range)) {
            a.start();
            b.start();
            c.start();
            Groups.awaitEvenSplit(states, all);
            for (MemberState s : states) {
                TreeSet<Integer> ps = new TreeSet<>();
                s.assignment().forEach(tp -> ps.add(tp.partition()));
                assertThat(ps.last() - ps.first()).as("%s owns a contiguous range", s).isEqualTo(ps.size() - 1);
            }
            assertThat(ownership.overlaps()).as("partitions owned by two members at once").isEmpty();
            ConsumerGroupDescription d = Groups.describe(admin, group);
            assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(d.partitionAssignor()).isEqualTo("range");
            List<TopicPartition> described = new ArrayList<>();
            d.members().forEach(m -> described.addAll(m.assignment().topicPartitions()));
            assertThat(described).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    private static String consumerGroups(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        CliTools.Result r = CliTools.runInProcess(ConsumerGroupCommand.class, all);
        assertThat(r.status()).as("kafka-consumer-groups %s\n%s", List.of(args), r).isZero();
        assertThat(r.out()).as("kafka-consumer-groups %s\n%s", List.of(args), r).doesNotContain("Error:");
        return r.out();
    }

    /** The table rows of {@code out} that belong to {@code group}, split into columns. */
    private static List<String[]> rows(String out, String group) {
        return out.lines().map(String::strip).filter(l -> l.startsWith(group + " "))
                .map(l -> l.split("\\s+")).toList();
    }

    private static Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
