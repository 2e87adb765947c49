package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class CoordinatorLifecycleTest {

    @Test
    void closeAnswersParkedRequestsAndRefusesNewOnes() {
        GroupTestContext ctx = new GroupTestContext().electAll();
        CompletableFuture<JoinGroupResponseData> parked = ctx.joinNew("g");
        ctx.sync();
        ctx.close();
        assertThat(Errors.forCode(await(parked).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(Errors.forCode(await(ctx.join(joinRequest("g", ""))).errorCode()))
            .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(ctx.coordinator.isActive(0)).isFalse();
    }

    @Test
    void failedAssignmentWriteIsReportedToEveryMemberAndTheGroupRebalances() {
        try (GroupTestContext ctx = new GroupTestContext().electAll()) {
            CompletableFuture<JoinGroupResponseData> a = ctx.joinNew("g");
            CompletableFuture<JoinGroupResponseData> b = ctx.joinNew("g");
            ctx.advance(INITIAL_DELAY);
            ctx.advance(INITIAL_DELAY);
            JoinGroupResponseData leader = await(a);
            JoinGroupResponseData follower = await(b);
            CompletableFuture<SyncGroupResponseData> followerSync = ctx.sync("g", follower.memberId(), 1, Map.of());
            ctx.writer.failAppendsWith(new NotLeaderOrFollowerException("moved"));
            SyncGroupResponseData leaderSync = await(ctx.sync("g", leader.memberId(), 1,
                Map.of(leader.memberId(), new byte[]{1})));
            assertThat(Errors.forCode(leaderSync.errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(Errors.forCode(await(followerSync).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");
        }
    }

    @Test
    void offsetFetchResponsesForOldVersions() {
        OffsetFetchRequestData request = new OffsetFetchRequestData().setGroupId("g").setTopics(List.of(
            new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("foo").setPartitionIndexes(List.of(0, 1))));
        OffsetFetchResponseData.OffsetFetchResponseGroup loading = new OffsetFetchResponseData.OffsetFetchResponseGroup()
            .setGroupId("g").setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        // v1 has no top-level error: it goes on every requested partition.
        OffsetFetchResponseData v1 = OffsetFetchResponses.singleGroup(request, loading, (short) 1);
        assertThat(v1.topics().get(0).partitions()).hasSize(2).allSatisfy(p -> {
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
            assertThat(p.committedOffset()).isEqualTo(-1);
        });
        OffsetFetchResponseData v2 = OffsetFetchResponses.singleGroup(request, loading, (short) 2);
        assertThat(Errors.forCode(v2.errorCode())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(v2.topics()).isEmpty();
    }
}
