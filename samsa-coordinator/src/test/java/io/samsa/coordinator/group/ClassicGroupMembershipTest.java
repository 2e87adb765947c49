package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.REBALANCE_TIMEOUT;
import static io.samsa.coordinator.group.GroupTestContext.SESSION_TIMEOUT;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClassicGroupMembershipTest {
    private final GroupTestContext ctx = new GroupTestContext().electAll();

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private static Errors error(JoinGroupResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    @Test
    void firstJoinWithoutMemberIdGetsMemberIdRequired() {
        JoinGroupResponseData r = await(ctx.join(joinRequest("g", "")));
        assertThat(error(r)).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(r.memberId()).startsWith("client-").hasSize("client-".length() + 36);
    }

    @Test
    void joinGroupV3JoinsWithoutMemberIdRequired() {
        CompletableFuture<JoinGroupResponseData> f = ctx.join(joinRequest("g", ""), (short) 3);
        ctx.advance(INITIAL_DELAY);
        JoinGroupResponseData r = await(f);
        assertThat(error(r)).isEqualTo(Errors.NONE);
        assertThat(r.leader()).isEqualTo(r.memberId());
        assertThat(r.generationId()).isEqualTo(1);
        assertThat(r.members()).hasSize(1);
    }

    @Test
    void twoMembersJoinSameGenerationLeaderGetsMembers() {
        CompletableFuture<JoinGroupResponseData> a = ctx.joinNew("g");
        CompletableFuture<JoinGroupResponseData> b = ctx.joinNew("g");
        ctx.advance(INITIAL_DELAY);
        // A member joined during the initial delay: the delay is extended once more.
        assertThat(a).isNotDone();
        assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");
        ctx.advance(INITIAL_DELAY);
        JoinGroupResponseData ra = await(a);
        JoinGroupResponseData rb = await(b);
        assertThat(ra.generationId()).isEqualTo(1).isEqualTo(rb.generationId());
        assertThat(ra.protocolName()).isEqualTo("range");
        assertThat(ra.protocolType()).isEqualTo("consumer");
        assertThat(ra.leader()).isEqualTo(ra.memberId()).isEqualTo(rb.leader());
        assertThat(ra.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
            .containsExactlyInAnyOrder(ra.memberId(), rb.memberId());
        assertThat(rb.members()).isEmpty();
        assertThat(ctx.state("g")).isEqualTo("CompletingRebalance");
    }

    @Test
    void initialRebalanceDelayIsBoundedByTheRebalanceTimeout() {
        CompletableFuture<JoinGroupResponseData> first = ctx.joinNew("g");
        // Members keep arriving every delay: the join phase still ends within the rebalance timeout.
        for (int elapsed = 0; elapsed < REBALANCE_TIMEOUT; elapsed += INITIAL_DELAY) {
            if (first.isDone()) {
                break;
            }
            ctx.joinNew("g");
            ctx.advance(INITIAL_DELAY);
        }
        assertThat(ctx.time.milliseconds() - 1_000_000L).isLessThanOrEqualTo(REBALANCE_TIMEOUT);
        assertThat(error(await(first))).isEqualTo(Errors.NONE);
    }

    @Test
    void syncDistributesTheLeadersAssignmentFollowerWaitsForIt() {
        CompletableFuture<JoinGroupResponseData> a = ctx.joinNew("g");
        CompletableFuture<JoinGroupResponseData> b = ctx.joinNew("g");
        ctx.advance(INITIAL_DELAY);
        ctx.advance(INITIAL_DELAY);
        JoinGroupResponseData leader = await(a);
        JoinGroupResponseData follower = await(b);

        CompletableFuture<SyncGroupResponseData> followerSync =
            ctx.sync("g", follower.memberId(), follower.generationId(), Map.of());
        ctx.sync();
        assertThat(followerSync).isNotDone();

        SyncGroupResponseData leaderSync = await(ctx.sync("g", leader.memberId(), leader.generationId(),
            Map.of(leader.memberId(), new byte[]{1}, follower.memberId(), new byte[]{2})));
        assertThat(leaderSync.assignment()).containsExactly(1);
        assertThat(leaderSync.protocolName()).isEqualTo("range");
        assertThat(await(followerSync).assignment()).containsExactly(2);
        assertThat(ctx.state("g")).isEqualTo("Stable");

        // In Stable, a SyncGroup gets the current assignment again.
        assertThat(await(ctx.sync("g", follower.memberId(), follower.generationId(), Map.of())).assignment())
            .containsExactly(2);
        // The assignment was persisted before it was handed out.
        assertThat(ctx.writer.records(ctx.offsetsPartition("g"))).isNotEmpty();
    }

    @Test
    void heartbeatOkWhenStableRebalanceInProgressDuringRebalance() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 2);
        JoinGroupResponseData a = members.get(0);
        assertThat(ctx.heartbeat("g", a.memberId(), a.generationId())).isEqualTo(Errors.NONE);

        ctx.joinNew("g"); // a third member starts a rebalance
        assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");
        assertThat(ctx.heartbeat("g", a.memberId(), a.generationId())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void thirdMemberTriggersRebalanceAndAllRejoinIntoTheNextGeneration() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 2);
        CompletableFuture<JoinGroupResponseData> c = ctx.joinNew("g");
        assertThat(c).isNotDone();
        CompletableFuture<JoinGroupResponseData> a = ctx.join(joinRequest("g", members.get(0).memberId()));
        CompletableFuture<JoinGroupResponseData> b = ctx.join(joinRequest("g", members.get(1).memberId()));
        // Everybody rejoined: the join phase completes without waiting for a timeout.
        assertThat(await(a).generationId()).isEqualTo(2);
        assertThat(await(b).generationId()).isEqualTo(2);
        assertThat(await(c).generationId()).isEqualTo(2);
        assertThat(await(a).members()).hasSize(3);
    }

    @Test
    void sessionTimeoutRemovesTheMemberAndRebalances() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 2);
        JoinGroupResponseData a = members.get(0);
        JoinGroupResponseData b = members.get(1);
        ctx.advance(SESSION_TIMEOUT / 2);
        assertThat(ctx.heartbeat("g", a.memberId(), a.generationId())).isEqualTo(Errors.NONE);
        ctx.advance(SESSION_TIMEOUT / 2);
        // b never heartbeat: its session expired, the group rebalances without it.
        assertThat(ctx.heartbeat("g", b.memberId(), b.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.heartbeat("g", a.memberId(), a.generationId())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        JoinGroupResponseData rejoin = await(ctx.join(joinRequest("g", a.memberId())));
        assertThat(rejoin.generationId()).isEqualTo(2);
        assertThat(rejoin.members()).hasSize(1);
    }

    @Test
    void rebalanceTimeoutDropsMembersThatDidNotRejoin() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 2);
        JoinGroupResponseData a = members.get(0);
        JoinGroupResponseData b = members.get(1);
        CompletableFuture<JoinGroupResponseData> rejoin = ctx.join(joinRequest("g", a.memberId()));
        assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");
        // b keeps heartbeating (and is told to rejoin) but never rejoins.
        for (int t = 0; t < REBALANCE_TIMEOUT - SESSION_TIMEOUT / 2; t += SESSION_TIMEOUT / 2) {
            ctx.advance(SESSION_TIMEOUT / 2);
            assertThat(ctx.heartbeat("g", b.memberId(), b.generationId())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
        assertThat(rejoin).isNotDone();
        ctx.advance(SESSION_TIMEOUT / 2);
        JoinGroupResponseData r = await(rejoin);
        assertThat(r.generationId()).isEqualTo(2);
        assertThat(r.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
            .containsExactly(a.memberId());
        assertThat(ctx.heartbeat("g", b.memberId(), b.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void fencingWithIllegalGenerationAndUnknownMember() {
        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0);
        assertThat(ctx.heartbeat("g", a.memberId(), a.generationId() + 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(ctx.heartbeat("g", "nobody", a.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.heartbeat("other", a.memberId(), a.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(Errors.forCode(await(ctx.sync("g", a.memberId(), 0, Map.of())).errorCode()))
            .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(Errors.forCode(await(ctx.sync("g", "nobody", 1, Map.of())).errorCode()))
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(error(await(ctx.join(joinRequest("g", "nobody"))))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(error(await(ctx.join(joinRequest("unknown-group", "nobody")))))
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void followerWithUnchangedMetadataGetsTheCurrentGenerationLeaderRejoinRebalances() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 2);
        JoinGroupResponseData follower = await(ctx.join(joinRequest("g", members.get(1).memberId())));
        assertThat(follower.generationId()).isEqualTo(1);
        assertThat(ctx.state("g")).isEqualTo("Stable");
        ctx.join(joinRequest("g", members.get(0).memberId()));
        assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");
    }

    @Test
    void protocolSelectionAndInconsistentProtocol() {
        CompletableFuture<JoinGroupResponseData> a = ctx.join(joinRequest("g", ctx.memberIdFor("g"))
            .setProtocols(GroupTestContext.protocols("roundrobin", "range")));
        CompletableFuture<JoinGroupResponseData> b = ctx.join(joinRequest("g", ctx.memberIdFor("g"))
            .setProtocols(GroupTestContext.protocols("range", "sticky")));
        CompletableFuture<JoinGroupResponseData> c = ctx.join(joinRequest("g", ctx.memberIdFor("g"))
            .setProtocols(GroupTestContext.protocols("range", "roundrobin")));
        ctx.advance(INITIAL_DELAY);
        ctx.advance(INITIAL_DELAY);
        // Only "range" is supported by all.
        assertThat(await(a).protocolName()).isEqualTo("range");
        assertThat(await(b).protocolName()).isEqualTo("range");
        assertThat(await(c).protocolName()).isEqualTo("range");

        JoinGroupRequestData incompatible = joinRequest("g", "").setProtocols(GroupTestContext.protocols("other"));
        assertThat(error(await(ctx.join(incompatible)))).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(error(await(ctx.join(joinRequest("g", "").setProtocolType("connect")))))
            .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(error(await(ctx.join(joinRequest("new", "").setProtocolType("")))))
            .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void groupMaxSizeReached() {
        try (GroupTestContext small = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 2),
            new InMemoryPartitionWriter(), new org.apache.kafka.common.utils.MockTime(0L, 0L, 0L))) {
            small.electAll();
            small.stableGroup("g", 2);
            JoinGroupResponseData third = await(small.join(joinRequest("g", "")));
            assertThat(error(third)).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
            assertThat(third.memberId()).isEmpty();
            assertThat(small.state("g")).isEqualTo("Stable");
        }
    }

    @Test
    void invalidSessionTimeoutAndGroupId() {
        assertThat(error(await(ctx.join(joinRequest("g", "").setSessionTimeoutMs(1)))))
            .isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(error(await(ctx.join(joinRequest("g", "").setSessionTimeoutMs(300_001)))))
            .isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(error(await(ctx.join(joinRequest("", ""))))).isEqualTo(Errors.INVALID_GROUP_ID);
    }

    @Test
    void pendingMemberThatNeverJoinsExpires() {
        String id = ctx.memberIdFor("g");
        ctx.advance(SESSION_TIMEOUT);
        // The pending id is gone: joining with it is now an unknown member.
        assertThat(error(await(ctx.join(joinRequest("g", id))))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void batchedLeaveAnswersEachMemberAndRebalances() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 3);
        LeaveGroupResponseData r = await(ctx.coordinator.leaveGroup(ctx((short) 5), new LeaveGroupRequestData()
            .setGroupId("g")
            .setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(members.get(1).memberId()),
                new LeaveGroupRequestData.MemberIdentity().setMemberId("nobody")))));
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.members()).extracting(m -> Errors.forCode(m.errorCode()))
            .containsExactly(Errors.NONE, Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.state("g")).isEqualTo("PreparingRebalance");

        JoinGroupResponseData a = members.get(0);
        JoinGroupResponseData c = members.get(2);
        CompletableFuture<JoinGroupResponseData> ra = ctx.join(joinRequest("g", a.memberId()));
        CompletableFuture<JoinGroupResponseData> rc = ctx.join(joinRequest("g", c.memberId()));
        assertThat(await(ra).members()).hasSize(2);
        assertThat(await(rc).generationId()).isEqualTo(2);
    }

    @Test
    void lastMemberLeavingEmptiesTheGroupAndPersistsIt() {
        JoinGroupResponseData a = ctx.stableGroup("g", 1).get(0);
        int recordsBefore = ctx.writer.records(ctx.offsetsPartition("g")).size();
        // LeaveGroup v0: one member, one top-level error.
        LeaveGroupResponseData r = await(ctx.coordinator.leaveGroup(ctx((short) 0),
            new LeaveGroupRequestData().setGroupId("g").setMemberId(a.memberId())));
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.members()).isEmpty();
        assertThat(ctx.state("g")).isEqualTo("Empty");
        assertThat(ctx.writer.records(ctx.offsetsPartition("g"))).hasSize(recordsBefore + 1);

        LeaveGroupResponseData again = await(ctx.coordinator.leaveGroup(ctx((short) 0),
            new LeaveGroupRequestData().setGroupId("g").setMemberId(a.memberId())));
        assertThat(Errors.forCode(again.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void memberThatDoesNotSyncIsRemovedAfterTheRebalanceTimeout() {
        CompletableFuture<JoinGroupResponseData> a = ctx.joinNew("g");
        CompletableFuture<JoinGroupResponseData> b = ctx.joinNew("g");
        ctx.advance(INITIAL_DELAY);
        ctx.advance(INITIAL_DELAY);
        JoinGroupResponseData leader = await(a);
        JoinGroupResponseData follower = await(b);
        await(ctx.sync("g", leader.memberId(), 1, Map.of(leader.memberId(), new byte[]{1})));
        // Heartbeats keep the follower's session, but it never sends SyncGroup.
        for (int t = 0; t < REBALANCE_TIMEOUT; t += SESSION_TIMEOUT / 2) {
            ctx.advance(SESSION_TIMEOUT / 2);
            ctx.heartbeat("g", leader.memberId(), 1);
            ctx.heartbeat("g", follower.memberId(), 1);
        }
        assertThat(ctx.heartbeat("g", follower.memberId(), 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.heartbeat("g", leader.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void newMemberJoinDuringCompletingRebalanceCancelsParkedSyncs() {
        CompletableFuture<JoinGroupResponseData> a = ctx.joinNew("g");
        CompletableFuture<JoinGroupResponseData> b = ctx.joinNew("g");
        ctx.advance(INITIAL_DELAY);
        ctx.advance(INITIAL_DELAY);
        JoinGroupResponseData follower = await(b);
        await(a);
        CompletableFuture<SyncGroupResponseData> parked = ctx.sync("g", follower.memberId(), 1, Map.of());
        ctx.joinNew("g");
        assertThat(Errors.forCode(await(parked).errorCode())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    // ---- found by the protocol fuzzer (samsa-it ProtocolFuzzIT) ----

    @Test
    void aMemberNamingAProtocolTwiceCompletesItsJoin() {
        JoinGroupRequestData req = joinRequest("g", "");
        req.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
            .setMetadata(GroupTestContext.subscription("foo")));
        CompletableFuture<JoinGroupResponseData> f = ctx.join(req, (short) 3);
        ctx.advance(INITIAL_DELAY);

        JoinGroupResponseData r = await(f);
        assertThat(error(r)).isEqualTo(Errors.NONE);
        assertThat(r.protocolName()).isEqualTo("range");
        assertThat(ctx.state("g")).isEqualTo("CompletingRebalance");
    }

    @Test
    void consumerMetadataThatDoesNotParseStillCompletesTheJoin() {
        JoinGroupRequestData req = joinRequest("g", "");
        // Version 0, then a topic count of about 2^30 with nothing after it.
        byte[] metadata = {0, 0, 0x40, 0, 0, 0};
        req.protocols().iterator().next().setMetadata(metadata);
        CompletableFuture<JoinGroupResponseData> f = ctx.join(req, (short) 3);
        ctx.advance(INITIAL_DELAY);

        JoinGroupResponseData r = await(f);
        assertThat(error(r)).isEqualTo(Errors.NONE);
        assertThat(r.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::metadata)
            .containsExactly(metadata);
    }
}
