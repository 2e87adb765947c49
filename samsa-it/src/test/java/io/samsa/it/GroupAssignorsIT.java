package io.samsa.it;

import static io.samsa.it.Groups.REBALANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client-side assignors of the classic protocol against the broker's group coordinator: the eager ones (range,
 * round-robin) and the cooperative one (cooperative-sticky), and static membership ({@code group.instance.id}).
 */
class GroupAssignorsIT {
    private static final int PARTITIONS = 6;

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), Groups.BROKER_CONFIG);
        admin = broker.adminClient();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    static Stream<Arguments> assignors() {
        return Stream.of(
                Arguments.of("range", RangeAssignor.class),
                Arguments.of("roundrobin", RoundRobinAssignor.class),
                Arguments.of("cooperative-sticky", CooperativeStickyAssignor.class));
    }

    private static GroupMember member(String group, String name, MemberState state, String topic,
                                      Map<String, Object> config) {
        return new GroupMember(name, GroupMember.config(broker.bootstrap(), group, name, config), List.of(topic),
                state);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("assignors")
    void aThirdMemberGetsItsShareAndEveryPartitionHasOneOwner(String assignor, Class<?> assignorClass)
            throws Exception {
        String topic = "assignors-" + assignor;
        String group = "assignors-" + assignor;
        Clients.createTopic(admin, topic, PARTITIONS);
        Set<TopicPartition> all = Groups.partitions(topic, PARTITIONS);
        Map<String, Object> config = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                assignorClass.getName());
        MemberState a = new MemberState(group + "-a");
        MemberState b = new MemberState(group + "-b");
        MemberState c = new MemberState(group + "-c");
        try (GroupMember memberA = member(group, a.name(), a, topic, config);
             GroupMember memberB = member(group, b.name(), b, topic, config);
             GroupMember memberC = member(group, c.name(), c, topic, config)) {
            memberA.start();
            memberB.start();
            Groups.awaitEvenSplit(List.of(a, b), all);
            Set<TopicPartition> ownedByA = a.assignment();
            Set<TopicPartition> ownedByB = b.assignment();
            int revocationsOfA = a.revocations().size();
            int revocationsOfB = b.revocations().size();

            memberC.start();
            Groups.awaitEvenSplit(List.of(a, b, c), all);

            List<Set<TopicPartition>> revokedFromA = nonEmpty(a.revocations().subList(revocationsOfA,
                    a.revocations().size()));
            List<Set<TopicPartition>> revokedFromB = nonEmpty(b.revocations().subList(revocationsOfB,
                    b.revocations().size()));
            if (assignor.equals("cooperative-sticky")) {
                // Incremental: each of the first two gives up only the partition c needs and keeps the rest.
                assertThat(revokedFromA).as("revocations of a").isNotEmpty()
                        .allSatisfy(r -> assertThat(ownedByA).containsAll(r).isNotEqualTo(r));
                assertThat(revokedFromB).as("revocations of b").isNotEmpty()
                        .allSatisfy(r -> assertThat(ownedByB).containsAll(r).isNotEqualTo(r));
                assertThat(ownedByA).as("a kept").containsAll(a.assignment());
                assertThat(ownedByB).as("b kept").containsAll(b.assignment());
            } else {
                // Eager: every member gives up everything before the rebalance.
                assertThat(revokedFromA).as("revocations of a").contains(ownedByA);
                assertThat(revokedFromB).as("revocations of b").contains(ownedByB);
            }
            assertBrokerSeesTheMembersAssignments(group, assignor, List.of(a, b, c));
        }
    }

    /** The broker's view (DescribeGroups) matches what each member was given, and the group is Stable. */
    private static void assertBrokerSeesTheMembersAssignments(String group, String assignor,
                                                               List<MemberState> members) throws Exception {
        Map<String, Set<TopicPartition>> expected = new HashMap<>();
        members.forEach(m -> expected.put(m.name(), m.assignment()));
        await("the broker's description of " + group).atMost(REBALANCE).untilAsserted(() -> {
            ConsumerGroupDescription d = Groups.describe(admin, group);
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.type()).isEqualTo(GroupType.CLASSIC);
            assertThat(d.partitionAssignor()).isEqualTo(assignor);
            Map<String, Set<TopicPartition>> actual = new HashMap<>();
            for (MemberDescription m : d.members()) {
                actual.put(m.clientId(), m.assignment().topicPartitions());
            }
            assertThat(actual).isEqualTo(expected);
        });
    }

    private static List<Set<TopicPartition>> nonEmpty(List<Set<TopicPartition>> revocations) {
        List<Set<TopicPartition>> out = new ArrayList<>();
        for (Set<TopicPartition> r : revocations) {
            if (!r.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * A static member killed and restarted within its session timeout takes its old place: the same partitions, in
     * the same generation, and the other members see no rebalance at all.
     */
    @Test
    void aStaticMemberRestartedWithinItsSessionTimeoutRejoinsWithoutARebalance() throws Exception {
        String topic = "static-members";
        String group = "static-members";
        Clients.createTopic(admin, topic, PARTITIONS);
        Set<TopicPartition> all = Groups.partitions(topic, PARTITIONS);
        MemberState a = new MemberState("static-a");
        MemberState b = new MemberState("static-b");
        MemberState first = new MemberState("static-c");
        MemberState second = new MemberState("static-c");
        // The killed member is static and has a session long enough to restart a JVM in; a and b are dynamic, and
        // a joins first, so the leader (which the coordinator treats specially on rejoin) is not the one killed.
        Map<String, String> staticConfig = Map.of(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-c",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        try (GroupMember memberA = member(group, a.name(), a, topic, Map.of());
             GroupMember memberB = member(group, b.name(), b, topic, Map.of());
             GroupMemberProcess memberC = new GroupMemberProcess(dir.resolve("members"), broker.bootstrap(), group,
                     "static-c", topic, staticConfig)) {
            memberA.start();
            Groups.awaitEvenSplit(List.of(a), all);
            memberB.start();
            Groups.awaitEvenSplit(List.of(a, b), all);
            memberC.start(first);
            Groups.awaitEvenSplit(List.of(a, b, first), all);
            String firstMemberId = memberIdOf(group, "instance-c");
            int rebalancesOfA = a.rebalances();
            int rebalancesOfB = b.rebalances();
            Set<TopicPartition> ownedByA = a.assignment();
            Set<TopicPartition> ownedByB = b.assignment();

            memberC.kill();
            memberC.start(second);

            await("the restarted static member's assignment").atMost(REBALANCE)
                    .failFast("its poll loop failed", () -> !second.failures().isEmpty())
                    .until(() -> second.rebalances() > 0);
            assertThat(second.assignment()).as("partitions of the restarted member").isEqualTo(first.assignment());
            assertThat(second.generation()).as("generation").isEqualTo(first.generation());
            // A rebalance would reach a and b at their next heartbeat (1 s); watch for several.
            await("no rebalance for the other members").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                    .until(() -> a.rebalances() == rebalancesOfA && b.rebalances() == rebalancesOfB
                            && a.assignment().equals(ownedByA) && b.assignment().equals(ownedByB));
            assertThat(memberIdOf(group, "instance-c")).as("the static member's new member id")
                    .isNotEqualTo(firstMemberId);
            assertThat(Groups.describe(admin, group).groupState()).isEqualTo(GroupState.STABLE);
            assertThat(List.of(a, b, first, second)).allSatisfy(m -> assertThat(m.failures()).isEmpty());
        }
    }

    private static String memberIdOf(String group, String instanceId) throws Exception {
        for (MemberDescription m : Groups.describe(admin, group).members()) {
            if (m.groupInstanceId().equals(Optional.of(instanceId))) {
                return m.consumerId();
            }
        }
        throw new AssertionError("no member with group.instance.id " + instanceId + " in " + group);
    }
}
