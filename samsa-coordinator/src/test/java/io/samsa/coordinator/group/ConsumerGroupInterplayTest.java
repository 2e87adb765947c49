package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ConsumerGroupTestContext.FOO;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.commitError;
import static io.samsa.coordinator.group.GroupTestContext.commitRequest;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.group.ConsumerGroupTestContext.Member;
import java.util.List;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.junit.jupiter.api.Test;

/** Consumer groups beside classic groups: describe, list, delete, offsets, and the wire format of responses. */
class ConsumerGroupInterplayTest {

    @Test
    void describeApisAnswerForTheirOwnGroupTypeOnly() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            ctx.member("g", "a", "foo").join();
            // A classic group with a member.
            JoinGroupResponseData first = await(ctx.coordinator.joinGroup(ctx((short) 9),
                GroupTestContext.joinRequest("classic", "")));
            await(ctx.coordinator.joinGroup(ctx((short) 9), GroupTestContext.joinRequest("classic",
                first.memberId())));

            ConsumerGroupDescribeResponseData.DescribedGroup onClassic = ctx.describe("classic");
            assertThat(Errors.forCode(onClassic.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(onClassic.errorMessage()).isEqualTo("Group classic is not a consumer group.");
            assertThat(ctx.describe("nope").errorMessage()).isEqualTo("Group nope not found.");

            DescribeGroupsResponseData.DescribedGroup onConsumer = await(ctx.coordinator.describeGroup(
                ctx((short) 6), "g"));
            assertThat(Errors.forCode(onConsumer.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(onConsumer.errorMessage()).isEqualTo("Group g is not a classic group.");
            assertThat(onConsumer.groupState()).isEqualTo("Dead");

            // A classic member cannot join a consumer group (no mixed groups), and vice versa.
            assertThat(Errors.forCode(await(ctx.coordinator.joinGroup(ctx((short) 9),
                GroupTestContext.joinRequest("g", ""))).errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
            ConsumerGroupHeartbeatResponseData r = ctx.heartbeat(ctx.member("classic", "x", "foo").joinRequest());
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);

            List<ListGroupsResponseData.ListedGroup> consumers = await(ctx.coordinator.listGroups(ctx((short) 5),
                List.of(), List.of("consumer")));
            assertThat(consumers).singleElement().satisfies(g -> {
                assertThat(g.groupId()).isEqualTo("g");
                assertThat(g.groupType()).isEqualTo("consumer");
                assertThat(g.protocolType()).isEqualTo("consumer");
                assertThat(g.groupState()).isEqualTo("Stable");
            });
            assertThat(await(ctx.coordinator.listGroups(ctx((short) 5), List.of("stable"), List.of())))
                .extracting(ListGroupsResponseData.ListedGroup::groupId).containsExactly("g");
        }
    }

    @Test
    void emptyClassicGroupBecomesAConsumerGroupAndKeepsItsOffsets() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 9),
                commitRequest("g", "", -1, "foo", 0, 42))))).isEqualTo(Errors.NONE);
            Member a = ctx.member("g", "a", "foo");
            assertThat(a.join()).isEqualTo(Errors.NONE);
            assertThat(fetch(ctx, "g", null, -1).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(42);
        }
    }

    @Test
    void offsetCommitsAndFetchesAreCheckedAgainstMemberEpochs() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.member("g", "a", "foo");
            a.join();
            assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 9),
                commitRequest("g", "a", a.epoch, "foo", 0, 10))))).isEqualTo(Errors.NONE);
            assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 9),
                commitRequest("g", "a", a.epoch + 1, "foo", 0, 11))))).isEqualTo(Errors.STALE_MEMBER_EPOCH);
            assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 9),
                commitRequest("g", "zz", a.epoch, "foo", 0, 11))))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 9),
                commitRequest("g", "", -1, "foo", 0, 11))))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

            assertThat(Errors.forCode(fetch(ctx, "g", "a", a.epoch).errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(fetch(ctx, "g", "a", 99).errorCode())).isEqualTo(Errors.STALE_MEMBER_EPOCH);
            assertThat(Errors.forCode(fetch(ctx, "g", "zz", 1).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(fetch(ctx, "g", null, -1).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(10);

            // Offsets of subscribed topics cannot be deleted; the group cannot be deleted while it has members.
            var del = await(ctx.coordinator.deleteOffsets(ctx((short) 0), new OffsetDeleteRequestData().setGroupId("g")
                .setTopics(new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection(List.of(
                    new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("foo").setPartitions(List.of(
                        new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0)))).iterator()))));
            assertThat(Errors.forCode(del.topics().find("foo").partitions().find(0).errorCode()))
                .isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC);
            assertThat(Errors.forCode(await(ctx.coordinator.deleteGroup(ctx((short) 2), "g")).errorCode()))
                .isEqualTo(Errors.NON_EMPTY_GROUP);
            a.leave(-1);
            assertThat(Errors.forCode(await(ctx.coordinator.deleteGroup(ctx((short) 2), "g")).errorCode()))
                .isEqualTo(Errors.NONE);
            assertThat(fetch(ctx, "g", null, -1).topics()).isEmpty();
        }
    }

    @Test
    void responsesSerializeAtEveryVersion() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.member("g", "a", "foo");
            a.instanceId = "i";
            a.join();
            for (short v = ApiKeys.CONSUMER_GROUP_HEARTBEAT.oldestVersion();
                 v <= ApiKeys.CONSUMER_GROUP_HEARTBEAT.latestVersion(); v++) {
                ConsumerGroupHeartbeatResponseData r = a.last;
                assertThat(ConsumerGroupHeartbeatResponse.parse(MessageUtil.toByteBufferAccessor(r, v), v).data())
                    .isEqualTo(r);
            }
            ConsumerGroupDescribeResponseData.DescribedGroup g = ctx.describe("g");
            for (short v = ApiKeys.CONSUMER_GROUP_DESCRIBE.oldestVersion();
                 v <= ApiKeys.CONSUMER_GROUP_DESCRIBE.latestVersion(); v++) {
                ConsumerGroupDescribeResponseData r = new ConsumerGroupDescribeResponseData().setGroups(List.of(g));
                ConsumerGroupDescribeResponseData back = ConsumerGroupDescribeResponse.parse(
                    MessageUtil.toByteBufferAccessor(r, v), v).data();
                assertThat(back.groups().get(0).members().get(0).assignment().topicPartitions().get(0).topicName())
                    .isEqualTo("foo");
                assertThat(back.groups().get(0).members().get(0).memberType()).isEqualTo(v >= 1 ? (byte) 1 : -1);
            }
            assertThat(new ConsumerGroupDescribeRequestData().groupIds()).isEmpty();
        }
    }

    private static org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup fetch(
        ConsumerGroupTestContext ctx, String group, String memberId, int epoch) {
        return await(ctx.coordinator.fetchOffsets(ctx((short) 9), new OffsetFetchRequestData.OffsetFetchRequestGroup()
            .setGroupId(group).setMemberId(memberId).setMemberEpoch(epoch).setTopics(null), false));
    }
}
