package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {
    private final GroupTestContext ctx = new GroupTestContext().electAll();
    private JoinGroupResponseData leader;
    private JoinGroupResponseData follower;

    private static JoinGroupRequestData staticJoin(String memberId, String instanceId) {
        return joinRequest("g", memberId).setGroupInstanceId(instanceId);
    }

    /** A Stable group of two static members, "a" (leader) and "b". */
    @BeforeEach
    void stableStaticGroup() {
        CompletableFuture<JoinGroupResponseData> a = ctx.join(staticJoin("", "a"));
        CompletableFuture<JoinGroupResponseData> b = ctx.join(staticJoin("", "b"));
        ctx.advance(INITIAL_DELAY);
        ctx.advance(INITIAL_DELAY);
        leader = await(a);
        follower = await(b);
        assertThat(leader.memberId()).startsWith("a-");
        assertThat(leader.leader()).isEqualTo(leader.memberId());
        assertThat(leader.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::groupInstanceId)
            .containsExactlyInAnyOrder("a", "b");
        await(ctx.sync("g", leader.memberId(), 1,
            Map.of(leader.memberId(), new byte[]{1}, follower.memberId(), new byte[]{2})));
        await(ctx.sync("g", follower.memberId(), 1, Map.of()));
        assertThat(ctx.state("g")).isEqualTo("Stable");
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private Errors heartbeat(String memberId, String instanceId) {
        return Errors.forCode(await(ctx.coordinator.heartbeat(ctx((short) 4), new HeartbeatRequestData()
            .setGroupId("g").setMemberId(memberId).setGroupInstanceId(instanceId).setGenerationId(1))).errorCode());
    }

    @Test
    void restartedFollowerGetsTheCurrentAssignmentWithoutRebalance() {
        int recordsBefore = ctx.writer.records(ctx.offsetsPartition("g")).size();
        JoinGroupResponseData rejoin = await(ctx.join(staticJoin("", "b")));
        assertThat(Errors.forCode(rejoin.errorCode())).isEqualTo(Errors.NONE);
        assertThat(rejoin.memberId()).startsWith("b-").isNotEqualTo(follower.memberId());
        assertThat(rejoin.generationId()).isEqualTo(1);
        assertThat(rejoin.leader()).isEqualTo(leader.memberId());
        assertThat(rejoin.members()).isEmpty();
        assertThat(ctx.state("g")).isEqualTo("Stable");
        // The new member id was persisted.
        assertThat(ctx.writer.records(ctx.offsetsPartition("g"))).hasSize(recordsBefore + 1);

        assertThat(await(ctx.sync("g", rejoin.memberId(), 1, Map.of())).assignment()).containsExactly(2);
        // The old incarnation is fenced.
        assertThat(heartbeat(follower.memberId(), "b")).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(heartbeat(rejoin.memberId(), "b")).isEqualTo(Errors.NONE);
        assertThat(heartbeat(leader.memberId(), "a")).isEqualTo(Errors.NONE);
    }

    @Test
    void restartedLeaderIsToldToSkipTheAssignmentFromV9() {
        JoinGroupResponseData rejoin = await(ctx.join(staticJoin("", "a")));
        assertThat(rejoin.leader()).isEqualTo(rejoin.memberId());
        assertThat(rejoin.skipAssignment()).isTrue();
        assertThat(rejoin.members()).hasSize(2);
        assertThat(ctx.state("g")).isEqualTo("Stable");
    }

    @Test
    void restartedLeaderOnOldVersionSeesTheOldLeaderIdSoItDoesNotAssign() {
        JoinGroupResponseData rejoin = await(ctx.join(staticJoin("", "a"), (short) 8));
        assertThat(rejoin.leader()).isEqualTo(leader.memberId()).isNotEqualTo(rejoin.memberId());
        assertThat(rejoin.members()).isEmpty();
        assertThat(ctx.state("g")).isEqualTo("Stable");
    }

    @Test
    void staleMemberIdIsFenced() {
        JoinGroupResponseData rejoin = await(ctx.join(staticJoin("", "b")));
        JoinGroupResponseData stale = await(ctx.join(staticJoin(follower.memberId(), "b")));
        assertThat(Errors.forCode(stale.errorCode())).isEqualTo(Errors.FENCED_INSTANCE_ID);
        // Without its instance id the old member id is simply unknown.
        assertThat(Errors.forCode(await(ctx.sync("g", follower.memberId(), 1, Map.of())).errorCode()))
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(rejoin.memberId()).isNotEqualTo(follower.memberId());
    }

    @Test
    void unknownInstanceIdIsAnUnknownMember() {
        assertThat(heartbeat(leader.memberId(), "zzz")).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void restartWithAProtocolChangingTheSelectionTriggersARebalance() {
        await(ctx.coordinator.leaveGroup(ctx((short) 5), new LeaveGroupRequestData().setGroupId("g").setMembers(
            List.of(new LeaveGroupRequestData.MemberIdentity().setGroupInstanceId("b").setMemberId("")))));
        JoinGroupResponseData alone = await(ctx.join(staticJoin(leader.memberId(), "a")));
        assertThat(alone.generationId()).isEqualTo(2);
        await(ctx.sync("g", leader.memberId(), 2, Map.of(leader.memberId(), new byte[]{1})));
        assertThat(ctx.state("g")).isEqualTo("Stable");

        // "a" restarts preferring another protocol: the group's selected protocol would change, so it rebalances.
        JoinGroupResponseData r = await(ctx.join(staticJoin("", "a")
            .setProtocols(GroupTestContext.protocols("roundrobin", "range"))));
        assertThat(r.generationId()).isEqualTo(3);
        assertThat(r.protocolName()).isEqualTo("roundrobin");
        assertThat(r.leader()).isEqualTo(r.memberId());
    }

    @Test
    void leaveByInstanceIdRemovesTheStaticMemberAndRebalances() {
        LeaveGroupResponseData r = await(ctx.coordinator.leaveGroup(ctx((short) 5), new LeaveGroupRequestData()
            .setGroupId("g")
            .setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setGroupInstanceId("b").setMemberId(""),
                new LeaveGroupRequestData.MemberIdentity().setGroupInstanceId("a").setMemberId("wrong"),
                new LeaveGroupRequestData.MemberIdentity().setGroupInstanceId("c").setMemberId("")))));
        assertThat(r.members()).extracting(m -> Errors.forCode(m.errorCode()))
            .containsExactly(Errors.NONE, Errors.FENCED_INSTANCE_ID, Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");
        JoinGroupResponseData rejoin = await(ctx.join(staticJoin(leader.memberId(), "a")));
        assertThat(rejoin.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::groupInstanceId)
            .containsExactly("a");
    }
}
