package io.samsa.it;

import static io.samsa.it.Groups.REBALANCE;
import static io.samsa.it.Groups.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ClassicGroupState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Admin client's consumer-group calls: describe, list (with a state filter) and delete, with their errors. */
class GroupAdminIT {
    private static final int PARTITIONS = 4;

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

    private static GroupMember member(String group, String topic, MemberState state) {
        return new GroupMember(state.name(), GroupMember.config(broker.bootstrap(), group, state.name(), Map.of()),
                List.of(topic), state);
    }

    @Test
    void describeShowsAStableGroupWithItsMembersAndTheirAssignments() throws Exception {
        String group = "admin-describe";
        String topic = "admin-describe";
        Clients.createTopic(admin, topic, PARTITIONS);
        MemberState a = new MemberState("admin-describe-a");
        MemberState b = new MemberState("admin-describe-b");
        try (GroupMember memberA = member(group, topic, a); GroupMember memberB = member(group, topic, b)) {
            memberA.start();
            memberB.start();
            Groups.awaitEvenSplit(List.of(a, b), Groups.partitions(topic, PARTITIONS));

            ConsumerGroupDescription d = Groups.describe(admin, group);
            assertThat(d.groupId()).isEqualTo(group);
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.type()).isEqualTo(GroupType.CLASSIC);
            assertThat(d.isSimpleConsumerGroup()).isFalse();
            assertThat(d.partitionAssignor()).isEqualTo("range");
            assertThat(d.coordinator().id()).isEqualTo(0);
            Map<String, Set<TopicPartition>> assignments = new HashMap<>();
            for (MemberDescription m : d.members()) {
                assertThat(m.consumerId()).as("member id").isNotBlank();
                assertThat(m.host()).as("host").isEqualTo("/127.0.0.1");
                assertThat(m.groupInstanceId()).isEmpty();
                assignments.put(m.clientId(), m.assignment().topicPartitions());
            }
            assertThat(assignments).isEqualTo(Map.of(a.name(), a.assignment(), b.name(), b.assignment()));

            ClassicGroupDescription classic = get(admin.describeClassicGroups(List.of(group)).all()).get(group);
            assertThat(classic.protocol()).as("protocol type").isEqualTo("consumer");
            assertThat(classic.protocolData()).as("protocol").isEqualTo("range");
            assertThat(classic.state()).isEqualTo(ClassicGroupState.STABLE);
            assertThat(classic.members()).hasSize(2);
        }
        await("the group empties once both members left").atMost(REBALANCE).untilAsserted(() -> {
            ConsumerGroupDescription d = Groups.describe(admin, group);
            assertThat(d.groupState()).isEqualTo(GroupState.EMPTY);
            assertThat(d.members()).isEmpty();
        });
    }

    @Test
    @SuppressWarnings({"deprecation", "removal"}) // listConsumerGroups: superseded by listGroups, still what many tools call
    void listFiltersGroupsByState() throws Exception {
        String stable = "admin-list-stable";
        String empty = "admin-list-empty";
        String topic = "admin-list";
        Clients.createTopic(admin, topic, PARTITIONS);
        get(admin.alterConsumerGroupOffsets(empty, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)))
                .all());
        MemberState state = new MemberState("admin-list-member");
        try (GroupMember member = member(stable, topic, state)) {
            member.start();
            Groups.awaitEvenSplit(List.of(state), Groups.partitions(topic, PARTITIONS));

            Map<String, Optional<GroupState>> all = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all())
                    .stream().collect(Collectors.toMap(GroupListing::groupId, GroupListing::groupState));
            assertThat(all).containsEntry(stable, Optional.of(GroupState.STABLE))
                    .containsEntry(empty, Optional.of(GroupState.EMPTY));
            GroupListing listing = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream()
                    .filter(g -> g.groupId().equals(stable)).findFirst().orElseThrow();
            assertThat(listing.type()).contains(GroupType.CLASSIC);
            assertThat(listing.protocol()).isEqualTo("consumer");
            assertThat(listing.isSimpleConsumerGroup()).isFalse();

            assertThat(Groups.list(admin, ListGroupsOptions.forConsumerGroups().inGroupStates(
                    Set.of(GroupState.STABLE)))).contains(stable).doesNotContain(empty);
            assertThat(Groups.list(admin, ListGroupsOptions.forConsumerGroups().inGroupStates(
                    Set.of(GroupState.EMPTY)))).contains(empty).doesNotContain(stable);
            assertThat(Groups.list(admin, ListGroupsOptions.forConsumerGroups().inGroupStates(
                    Set.of(GroupState.DEAD)))).doesNotContain(empty, stable);

            Set<String> stableListed = get(admin.listConsumerGroups(new ListConsumerGroupsOptions()
                    .inGroupStates(Set.of(GroupState.STABLE))).all())
                    .stream().map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
            assertThat(stableListed).contains(stable).doesNotContain(empty);
        }
    }

    @Test
    void deleteRefusesAGroupWithMembersAndAnUnknownGroup() throws Exception {
        String group = "admin-delete";
        String topic = "admin-delete";
        Clients.createTopic(admin, topic, PARTITIONS);
        MemberState state = new MemberState("admin-delete-member");
        try (GroupMember member = member(group, topic, state)) {
            member.start();
            Groups.awaitEvenSplit(List.of(state), Groups.partitions(topic, PARTITIONS));

            assertThatThrownBy(() -> get(admin.deleteConsumerGroups(List.of(group)).all()))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
            // The group still consumes from the topic, so its offsets there cannot be deleted either.
            assertThatThrownBy(() -> get(admin.deleteConsumerGroupOffsets(group,
                    Set.of(new TopicPartition(topic, 0))).all()))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupSubscribedToTopicException.class);
        }
        assertThatThrownBy(() -> get(admin.deleteConsumerGroups(List.of("admin-no-such-group")).all()))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupIdNotFoundException.class);

        // Once its only member left (LeaveGroup), the group is Empty and can go.
        await("deletion of the emptied group").atMost(REBALANCE).ignoreExceptionsInstanceOf(ExecutionException.class)
                .until(() -> {
                    get(admin.deleteConsumerGroups(List.of(group)).all());
                    return true;
                });
        assertThat(Groups.list(admin, ListGroupsOptions.forConsumerGroups())).doesNotContain(group);
        assertThat(Groups.committed(admin, group)).isEmpty();
    }
}
