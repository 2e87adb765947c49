package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.FOO_ID;
import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.commitError;
import static io.samsa.coordinator.group.GroupTestContext.commitRequest;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OffsetsTest {
    private final GroupTestContext ctx = new GroupTestContext().electAll();

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    @Test
    void memberCommitsWithItsGenerationAndFetchesBack() {
        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0);
        assertThat(commitError(ctx.commit("g", a.memberId(), 1, "foo", 0, 42))).isEqualTo(Errors.NONE);
        OffsetFetchResponseData.OffsetFetchResponsePartitions p =
            ctx.fetchGroup("g", "foo", 0).topics().get(0).partitions().get(0);
        assertThat(p.committedOffset()).isEqualTo(42);
        assertThat(p.committedLeaderEpoch()).isEqualTo(7);
        assertThat(p.metadata()).isEqualTo("meta");
        assertThat(ctx.fetch("g", "foo", 1)).isEqualTo(-1);
        assertThat(ctx.fetch("unknown", "foo", 0)).isEqualTo(-1);
    }

    @Test
    void commitsAreFencedLikeKafka() {
        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0);
        assertThat(commitError(ctx.commit("g", a.memberId(), 2, "foo", 0, 1))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commitError(ctx.commit("g", "nobody", 1, "foo", 0, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        // A client outside the group may not commit while the group has members.
        assertThat(commitError(ctx.commit("g", "", -1, "foo", 0, 1))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        // Unknown group with a generation: GROUP_ID_NOT_FOUND from v9, ILLEGAL_GENERATION before.
        assertThat(commitError(ctx.commit("nope", "m", 1, "foo", 0, 1))).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 8),
            commitRequest("nope", "m", 1, "foo", 0, 1))))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(ctx.fetch("g", "foo", 0)).isEqualTo(-1);
    }

    @Test
    void commitDuringCompletingRebalanceIsRebalanceInProgress() {
        CompletableFuture<JoinGroupResponseData> f = ctx.joinNew("g");
        ctx.advance(INITIAL_DELAY);
        JoinGroupResponseData a = await(f);
        assertThat(ctx.state("g")).isEqualTo("CompletingRebalance");
        assertThat(commitError(ctx.commit("g", a.memberId(), 1, "foo", 0, 1))).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void simpleConsumerCommitCreatesAnEmptyGroup() {
        assertThat(commitError(ctx.commit("simple", "", -1, "foo", 3, 100))).isEqualTo(Errors.NONE);
        assertThat(ctx.fetch("simple", "foo", 3)).isEqualTo(100);
        assertThat(ctx.state("simple")).isEqualTo("Empty");
        assertThat(ctx.describe("simple").protocolType()).isEmpty();
        // And a consumer group may later form under that id.
        ctx.stableGroup("simple", 1);
    }

    @Test
    void metadataTooLargeFailsOnlyThatPartition() {
        OffsetCommitRequestData req = commitRequest("simple", "", -1, "foo", 0, 5);
        req.topics().get(0).partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition()
            .setPartitionIndex(1).setCommittedOffset(6).setCommittedMetadata("x".repeat(4097)));
        OffsetCommitResponseData r = await(ctx.coordinator.commitOffsets(ctx((short) 9), req));
        assertThat(r.topics().get(0).partitions()).extracting(p -> Errors.forCode(p.errorCode()))
            .containsExactly(Errors.NONE, Errors.OFFSET_METADATA_TOO_LARGE);
        assertThat(ctx.fetch("simple", "foo", 0)).isEqualTo(5);
        assertThat(ctx.fetch("simple", "foo", 1)).isEqualTo(-1);
    }

    @Test
    void fetchAllOffsetsOfAGroup() {
        ctx.commit("simple", "", -1, "foo", 0, 1);
        ctx.commit("simple", "", -1, "bar", 2, 3);
        OffsetFetchResponseData.OffsetFetchResponseGroup g = await(ctx.coordinator.fetchOffsets(ctx((short) 9),
            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("simple").setTopics(null), true));
        assertThat(g.topics()).extracting(OffsetFetchResponseData.OffsetFetchResponseTopics::name)
            .containsExactly("bar", "foo");
        assertThat(g.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(3);
    }

    @Test
    void version10AddressesTopicsById() {
        Uuid unknown = Uuid.randomUuid();
        OffsetCommitRequestData req = new OffsetCommitRequestData().setGroupId("simple").setMemberId("")
            .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestTopic().setTopicId(FOO_ID).setPartitions(List.of(
                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                        .setCommittedOffset(9))),
                new OffsetCommitRequestData.OffsetCommitRequestTopic().setTopicId(unknown).setPartitions(List.of(
                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                        .setCommittedOffset(9)))));
        OffsetCommitResponseData r = await(ctx.coordinator.commitOffsets(ctx((short) 10), req));
        assertThat(r.topics()).extracting(OffsetCommitResponseData.OffsetCommitResponseTopic::topicId)
            .containsExactly(FOO_ID, unknown);
        assertThat(r.topics()).extracting(t -> Errors.forCode(t.partitions().get(0).errorCode()))
            .containsExactly(Errors.NONE, Errors.UNKNOWN_TOPIC_ID);
        assertThat(ctx.fetch("simple", "foo", 0)).isEqualTo(9);

        OffsetFetchResponseData.OffsetFetchResponseGroup byId = await(ctx.coordinator.fetchOffsets(ctx((short) 10),
            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("simple").setTopics(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestTopics().setTopicId(FOO_ID).setPartitionIndexes(List.of(0)),
                new OffsetFetchRequestData.OffsetFetchRequestTopics().setTopicId(unknown)
                    .setPartitionIndexes(List.of(0)))), false));
        assertThat(byId.topics().get(0).topicId()).isEqualTo(FOO_ID);
        assertThat(byId.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(9);
        assertThat(Errors.forCode(byId.topics().get(1).partitions().get(0).errorCode()))
            .isEqualTo(Errors.UNKNOWN_TOPIC_ID);

        ctx.commit("simple", "", -1, "deleted-topic", 0, 1);
        OffsetFetchResponseData.OffsetFetchResponseGroup all = await(ctx.coordinator.fetchOffsets(ctx((short) 10),
            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("simple").setTopics(null), false));
        assertThat(all.topics()).extracting(OffsetFetchResponseData.OffsetFetchResponseTopics::topicId)
            .containsExactly(FOO_ID);
    }

    @Test
    void storageErrorsAreMappedForTheClient() {
        ctx.writer.failAppendsWith(new NotLeaderOrFollowerException("moved"));
        assertThat(commitError(ctx.commit("simple", "", -1, "foo", 0, 1))).isEqualTo(Errors.NOT_COORDINATOR);
        ctx.writer.failAppendsWith(new NotEnoughReplicasException("isr"));
        assertThat(commitError(ctx.commit("simple", "", -1, "foo", 0, 1))).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        // Nothing was committed, and the group the failed commit would have created is not kept.
        assertThat(ctx.fetch("simple", "foo", 0)).isEqualTo(-1);
        assertThat(ctx.state("simple")).isEqualTo("Dead");
    }

    private OffsetDeleteResponseData deleteOffsets(String groupId, String topic, int partition) {
        OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
            new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(topic).setPartitions(
            List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(partition))));
        return await(ctx.coordinator.deleteOffsets(ctx((short) 0),
            new OffsetDeleteRequestData().setGroupId(groupId).setTopics(topics)));
    }

    private static Errors partitionError(OffsetDeleteResponseData r) {
        return Errors.forCode(r.topics().iterator().next().partitions().iterator().next().errorCode());
    }

    @Test
    void offsetDeleteRefusesTopicsAStableConsumerGroupSubscribesTo() {
        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0); // subscribed to "foo"
        ctx.commit("g", a.memberId(), 1, "foo", 0, 1);
        ctx.commit("g", a.memberId(), 1, "bar", 0, 2);
        OffsetDeleteResponseData subscribed = deleteOffsets("g", "foo", 0);
        assertThat(Errors.forCode(subscribed.errorCode())).isEqualTo(Errors.NONE);
        assertThat(partitionError(subscribed)).isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC);
        assertThat(partitionError(deleteOffsets("g", "bar", 0))).isEqualTo(Errors.NONE);
        assertThat(ctx.fetch("g", "bar", 0)).isEqualTo(-1);
        assertThat(ctx.fetch("g", "foo", 0)).isEqualTo(1);

        assertThat(Errors.forCode(deleteOffsets("nope", "foo", 0).errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void offsetDeleteOfANonConsumerGroupWithMembersIsNonEmptyGroup() {
        CompletableFuture<JoinGroupResponseData> f = ctx.join(joinRequest("c", ctx.memberIdFor("c"))
            .setProtocolType("connect").setProtocols(GroupTestContext.protocols("v1")));
        // memberIdFor used the consumer type: the group is still empty, so the connect member defines its type.
        ctx.advance(INITIAL_DELAY);
        await(f);
        assertThat(Errors.forCode(deleteOffsets("c", "foo", 0).errorCode())).isEqualTo(Errors.NON_EMPTY_GROUP);
    }

    @Test
    void deleteGroupRules() {
        DeleteGroupsResponseData.DeletableGroupResult missing = await(ctx.coordinator.deleteGroup(ctx((short) 2), "x"));
        assertThat(Errors.forCode(missing.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);

        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0);
        ctx.commit("g", a.memberId(), 1, "foo", 0, 5);
        assertThat(Errors.forCode(await(ctx.coordinator.deleteGroup(ctx((short) 2), "g")).errorCode()))
            .isEqualTo(Errors.NON_EMPTY_GROUP);

        ctx.coordinator.leaveGroup(ctx((short) 0),
            new LeaveGroupRequestData().setGroupId("g").setMemberId(a.memberId()));
        assertThat(ctx.state("g")).isEqualTo("Empty");
        assertThat(Errors.forCode(await(ctx.coordinator.deleteGroup(ctx((short) 2), "g")).errorCode()))
            .isEqualTo(Errors.NONE);
        assertThat(ctx.state("g")).isEqualTo("Dead");
        assertThat(ctx.fetch("g", "foo", 0)).isEqualTo(-1);
        assertThat(Errors.forCode(await(ctx.coordinator.deleteGroup(ctx((short) 2), "g")).errorCode()))
            .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void failedGroupDeletionLeavesTheGroupAsItWas() {
        ctx.commit("simple", "", -1, "foo", 0, 5);
        ctx.writer.failAppendsWith(new NotLeaderOrFollowerException("moved"));
        assertThat(Errors.forCode(await(ctx.coordinator.deleteGroup(ctx((short) 2), "simple")).errorCode()))
            .isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(ctx.state("simple")).isEqualTo("Empty");
        assertThat(ctx.fetch("simple", "foo", 0)).isEqualTo(5);
    }

    @Test
    void offsetsOfAnEmptyGroupExpireRetentionAfterItBecameEmpty() {
        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0);
        ctx.commit("g", a.memberId(), 1, "foo", 0, 5);
        long retention = ctx.config.offsetsRetentionMs();
        long interval = ctx.config.offsetsRetentionCheckIntervalMs();
        ctx.advance(interval); // members keep their offsets: nothing expires while one heartbeats
        ctx.heartbeat("g", a.memberId(), 1);
        await(ctx.coordinator.leaveGroup(ctx((short) 0), new LeaveGroupRequestData()
            .setGroupId("g").setMemberId(a.memberId())));
        assertThat(ctx.state("g")).isEqualTo("Empty");

        // Retention counts from the moment the group became empty, not from the commit.
        ctx.advance(retention - interval);
        ctx.sync();
        assertThat(ctx.fetch("g", "foo", 0)).isEqualTo(5);
        ctx.advance(2 * interval);
        ctx.sync();
        assertThat(ctx.fetch("g", "foo", 0)).isEqualTo(-1);
        // The empty group left without offsets is deleted too.
        assertThat(ctx.state("g")).isEqualTo("Dead");
    }

    @Test
    void simpleGroupOffsetsExpireRetentionAfterTheirCommit() {
        ctx.commit("simple", "", -1, "foo", 0, 5);
        ctx.advance(ctx.config.offsetsRetentionMs() / 2);
        ctx.commit("simple", "", -1, "foo", 1, 6);
        ctx.advance(ctx.config.offsetsRetentionMs() / 2 + ctx.config.offsetsRetentionCheckIntervalMs());
        ctx.sync();
        assertThat(ctx.fetch("simple", "foo", 0)).isEqualTo(-1);
        assertThat(ctx.fetch("simple", "foo", 1)).isEqualTo(6);
    }

    @Test
    void explicitRetentionTimeOfOldCommitVersionsWins() {
        OffsetCommitRequestData req = commitRequest("simple", "", -1, "foo", 0, 5).setRetentionTimeMs(1_000);
        assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 2), req)))).isEqualTo(Errors.NONE);
        ctx.advance(ctx.config.offsetsRetentionCheckIntervalMs());
        ctx.sync();
        assertThat(ctx.fetch("simple", "foo", 0)).isEqualTo(-1);
    }
}
