package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.FOO_ID;
import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.commitRequest;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every response the coordinator produces, serialized at every version kafka-clients 4.1 advertises: a field set in a
 * version that lacks it makes serialization throw, and the bytes must parse back as the client would.
 */
class ResponseVersionsTest {
    private final GroupTestContext ctx = new GroupTestContext().electAll();

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private static void serializes(ApiKeys api, ApiMessage response, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = response.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        response.write(new ByteBufferAccessor(buf), cache, version);
        assertThat(buf.remaining()).as("%s v%d size", api, version).isZero();
        buf.flip();
        AbstractResponse parsed = AbstractResponse.parseResponse(api, new ByteBufferAccessor(buf), version);
        assertThat(parsed).isNotNull();
    }

    private static List<Short> versions(ApiKeys api) {
        List<Short> out = new ArrayList<>();
        for (short v = api.oldestVersion(); v <= api.latestVersion(); v++) {
            out.add(v);
        }
        return out;
    }

    @Test
    void joinGroupAtEveryVersion() {
        for (short v : versions(ApiKeys.JOIN_GROUP)) {
            String group = "join-" + v;
            String memberId = "";
            if (v >= 4) {
                JoinGroupResponseData required = await(ctx.coordinator.joinGroup(ctx(v), joinRequest(group, "")));
                assertThat(Errors.forCode(required.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
                serializes(ApiKeys.JOIN_GROUP, required, v);
                memberId = required.memberId();
            }
            CompletableFuture<JoinGroupResponseData> dynamic =
                ctx.coordinator.joinGroup(ctx(v), joinRequest(group, memberId));
            CompletableFuture<JoinGroupResponseData> statik = v >= 5
                ? ctx.coordinator.joinGroup(ctx(v), joinRequest(group, "").setGroupInstanceId("i")) : null;
            ctx.advance(INITIAL_DELAY);
            ctx.advance(INITIAL_DELAY);
            JoinGroupResponseData leader = await(dynamic);
            assertThat(Errors.forCode(leader.errorCode())).isEqualTo(Errors.NONE);
            assertThat(leader.members()).isNotEmpty();
            serializes(ApiKeys.JOIN_GROUP, leader, v);
            if (statik != null) {
                serializes(ApiKeys.JOIN_GROUP, await(statik), v);
            }
            serializes(ApiKeys.JOIN_GROUP, await(ctx.coordinator.joinGroup(ctx(v),
                joinRequest(group, "").setSessionTimeoutMs(1))), v);
            serializes(ApiKeys.JOIN_GROUP, await(ctx.coordinator.joinGroup(ctx(v),
                joinRequest(group, "").setProtocolType("other"))), v);
        }
    }

    @Test
    void syncGroupHeartbeatAndLeaveGroupAtEveryVersion() {
        for (short v : versions(ApiKeys.SYNC_GROUP)) {
            String group = "sync-" + v;
            JoinGroupResponseData a = ctx.stableGroup(group, 1).get(0);
            SyncGroupRequestData req = new SyncGroupRequestData().setGroupId(group).setMemberId(a.memberId())
                .setGenerationId(1);
            serializes(ApiKeys.SYNC_GROUP, await(ctx.coordinator.syncGroup(ctx(v), req)), v);
            serializes(ApiKeys.SYNC_GROUP, await(ctx.coordinator.syncGroup(ctx(v), req.setGenerationId(5))), v);
        }
        JoinGroupResponseData member = ctx.stableGroup("hb", 1).get(0);
        for (short v : versions(ApiKeys.HEARTBEAT)) {
            HeartbeatRequestData req = new HeartbeatRequestData().setGroupId("hb").setMemberId(member.memberId())
                .setGenerationId(1);
            serializes(ApiKeys.HEARTBEAT, await(ctx.coordinator.heartbeat(ctx(v), req)), v);
            serializes(ApiKeys.HEARTBEAT, await(ctx.coordinator.heartbeat(ctx(v), req.setGenerationId(9))), v);
        }
        for (short v : versions(ApiKeys.LEAVE_GROUP)) {
            String group = "leave-" + v;
            JoinGroupResponseData a = ctx.stableGroup(group, 1).get(0);
            LeaveGroupRequestData req = new LeaveGroupRequestData().setGroupId(group);
            if (v < 3) {
                req.setMemberId(a.memberId());
            } else {
                req.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(a.memberId()),
                    new LeaveGroupRequestData.MemberIdentity().setMemberId("").setGroupInstanceId("ghost")));
            }
            serializes(ApiKeys.LEAVE_GROUP, await(ctx.coordinator.leaveGroup(ctx(v), req)), v);
            serializes(ApiKeys.LEAVE_GROUP, await(ctx.coordinator.leaveGroup(ctx(v),
                new LeaveGroupRequestData().setGroupId("nope").setMemberId("m"))), v);
        }
    }

    @Test
    void offsetCommitAndFetchAtEveryVersion() {
        for (short v : versions(ApiKeys.OFFSET_COMMIT)) {
            OffsetCommitRequestData req = commitRequest("commit", "", -1, "foo", 0, v);
            if (v >= 10) {
                req.topics().get(0).setName("").setTopicId(FOO_ID);
            }
            serializes(ApiKeys.OFFSET_COMMIT, await(ctx.coordinator.commitOffsets(ctx(v), req)), v);
            serializes(ApiKeys.OFFSET_COMMIT, await(ctx.coordinator.commitOffsets(ctx(v),
                commitRequest("commit", "x", 3, "foo", 0, v).setTopics(req.topics()))), v);
        }
        for (short v : versions(ApiKeys.OFFSET_FETCH)) {
            OffsetFetchRequestData.OffsetFetchRequestGroup group = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId("commit").setTopics(List.of(v >= 10
                    ? new OffsetFetchRequestData.OffsetFetchRequestTopics().setTopicId(FOO_ID)
                        .setPartitionIndexes(List.of(0, 1))
                    : new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("foo")
                        .setPartitionIndexes(List.of(0, 1))));
            OffsetFetchResponseData.OffsetFetchResponseGroup result =
                await(ctx.coordinator.fetchOffsets(ctx(v), group, false));
            OffsetFetchResponseData.OffsetFetchResponseGroup invalid =
                await(ctx.coordinator.fetchOffsets(ctx(v), group.duplicate().setGroupId(""), false));
            if (v >= 8) {
                serializes(ApiKeys.OFFSET_FETCH, OffsetFetchResponses.multiGroup(List.of(result, invalid)), v);
            } else {
                OffsetFetchRequestData request = new OffsetFetchRequestData().setGroupId("commit").setTopics(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("foo")
                        .setPartitionIndexes(List.of(0, 1))));
                OffsetFetchResponseData single = OffsetFetchResponses.singleGroup(request, result, v);
                assertThat(single.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(10); // the v10 commit
                serializes(ApiKeys.OFFSET_FETCH, single, v);
                serializes(ApiKeys.OFFSET_FETCH, OffsetFetchResponses.singleGroup(request, invalid, v), v);
            }
        }
    }

    @Test
    void adminResponsesAtEveryVersion() {
        ctx.stableGroup("stable", 2);
        CompletableFuture<JoinGroupResponseData> staticMember =
            ctx.join(joinRequest("static", "").setGroupInstanceId("inst"));
        ctx.advance(INITIAL_DELAY);
        await(staticMember);
        ctx.commit("empty", "", -1, "foo", 0, 1);
        for (short v : versions(ApiKeys.DESCRIBE_GROUPS)) {
            DescribeGroupsResponseData data = new DescribeGroupsResponseData();
            for (String g : List.of("stable", "static", "empty", "unknown", "")) {
                data.groups().add(await(ctx.coordinator.describeGroup(ctx(v), g)));
            }
            serializes(ApiKeys.DESCRIBE_GROUPS, data, v);
        }
        for (short v : versions(ApiKeys.LIST_GROUPS)) {
            ListGroupsResponseData data = new ListGroupsResponseData()
                .setGroups(await(ctx.coordinator.listGroups(ctx(v), List.of(), List.of())));
            assertThat(data.groups()).hasSize(3);
            serializes(ApiKeys.LIST_GROUPS, data, v);
        }
        for (short v : versions(ApiKeys.DELETE_GROUPS)) {
            DeleteGroupsResponseData data = new DeleteGroupsResponseData();
            for (String g : List.of("stable", "nope", "")) {
                data.results().add(await(ctx.coordinator.deleteGroup(ctx(v), g)));
            }
            serializes(ApiKeys.DELETE_GROUPS, data, v);
        }
        OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
            new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("foo").setPartitions(
            List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        for (short v : versions(ApiKeys.OFFSET_DELETE)) {
            serializes(ApiKeys.OFFSET_DELETE, await(ctx.coordinator.deleteOffsets(ctx(v),
                new OffsetDeleteRequestData().setGroupId("stable").setTopics(topics))), v);
            serializes(ApiKeys.OFFSET_DELETE, await(ctx.coordinator.deleteOffsets(ctx(v),
                new OffsetDeleteRequestData().setGroupId("empty").setTopics(topics.duplicate()))), v);
        }
    }
}
