package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DescribeAndListGroupsTest {
    private final GroupTestContext ctx = new GroupTestContext().electAll();

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    @Test
    void describesAStableGroupWithMembersMetadataAndAssignment() {
        List<JoinGroupResponseData> members = ctx.stableGroup("g", 2);
        DescribeGroupsResponseData.DescribedGroup g = ctx.describe("g");
        assertThat(g.errorCode()).isZero();
        assertThat(g.groupState()).isEqualTo("Stable");
        assertThat(g.protocolType()).isEqualTo("consumer");
        assertThat(g.protocolData()).isEqualTo("range");
        assertThat(g.members()).hasSize(2).allSatisfy(m -> {
            assertThat(m.clientId()).isEqualTo("client");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(m.memberMetadata()).isEqualTo(GroupTestContext.subscription("foo"));
            assertThat(m.memberAssignment()).isEqualTo(m.memberId().getBytes());
        });
        assertThat(g.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
            .containsExactlyInAnyOrder(members.get(0).memberId(), members.get(1).memberId());
    }

    @Test
    void describesARebalancingGroupWithoutMetadata() {
        CompletableFuture<JoinGroupResponseData> f = ctx.joinNew("g");
        DescribeGroupsResponseData.DescribedGroup g = ctx.describe("g");
        assertThat(g.groupState()).isEqualTo("PreparingRebalance");
        assertThat(g.protocolData()).isEmpty();
        assertThat(g.members()).singleElement().satisfies(m -> assertThat(m.memberMetadata()).isEmpty());
        ctx.advance(INITIAL_DELAY);
        await(f);
        assertThat(ctx.state("g")).isEqualTo("CompletingRebalance");
    }

    @Test
    void unknownGroupIsDeadWithGroupIdNotFoundFromV6() {
        DescribeGroupsResponseData.DescribedGroup v5 = await(ctx.coordinator.describeGroup(ctx((short) 5), "nope"));
        assertThat(v5.groupState()).isEqualTo("Dead");
        assertThat(v5.errorCode()).isZero();
        assertThat(v5.members()).isEmpty();
        DescribeGroupsResponseData.DescribedGroup v6 = await(ctx.coordinator.describeGroup(ctx((short) 6), "nope"));
        assertThat(v6.groupState()).isEqualTo("Dead");
        assertThat(Errors.forCode(v6.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void listsWithStateAndTypeFilters() {
        ctx.stableGroup("stable", 1);
        ctx.commit("empty", "", -1, "foo", 0, 1);
        CompletableFuture<JoinGroupResponseData> f = ctx.join(joinRequest("connect", ctx.memberIdFor("connect"))
            .setProtocolType("connect"));
        assertThat(f).isNotDone();

        assertThat(list(List.of(), List.of())).extracting(ListGroupsResponseData.ListedGroup::groupId)
            .containsExactlyInAnyOrder("stable", "empty", "connect");
        assertThat(list(List.of("STABLE", "empty"), List.of())).extracting(ListGroupsResponseData.ListedGroup::groupId)
            .containsExactlyInAnyOrder("stable", "empty");
        assertThat(list(List.of("PreparingRebalance"), List.of("Classic")))
            .singleElement().satisfies(g -> {
                assertThat(g.groupId()).isEqualTo("connect");
                assertThat(g.protocolType()).isEqualTo("connect");
                assertThat(g.groupState()).isEqualTo("PreparingRebalance");
                assertThat(g.groupType()).isEqualTo("classic");
            });
        assertThat(list(List.of(), List.of("consumer"))).isEmpty();
        assertThat(list(List.of(), List.of("nonsense"))).isEmpty();

        // Before v4 there is no state; before v5 no type.
        ListGroupsResponseData.ListedGroup old = await(ctx.coordinator.listGroups(ctx((short) 3), null, null)).get(0);
        assertThat(old.groupState()).isEmpty();
        assertThat(old.groupType()).isEmpty();
    }

    private List<ListGroupsResponseData.ListedGroup> list(List<String> states, List<String> types) {
        return await(ctx.coordinator.listGroups(ctx((short) 5), states, types));
    }
}
