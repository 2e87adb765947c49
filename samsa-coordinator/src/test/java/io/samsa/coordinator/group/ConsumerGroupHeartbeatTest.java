package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ConsumerGroupTestContext.FOO;
import static io.samsa.coordinator.group.ConsumerGroupTestContext.BAR;
import static io.samsa.coordinator.group.ConsumerGroupTestContext.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import io.samsa.coordinator.group.ConsumerGroupTestContext.Member;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The KIP-848 state machine: joins, reconciliation, leaves, timeouts, fencing, static members, regexes. */
class ConsumerGroupHeartbeatTest {

    @Test
    void firstMemberGetsEverythingAtEpochOne() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 4)) {
            Member a = ctx.member("g", "a", "foo");
            assertThat(a.join()).isEqualTo(Errors.NONE);
            assertThat(a.epoch).isEqualTo(1);
            assertThat(a.last.heartbeatIntervalMs()).isEqualTo(5_000);
            assertThat(a.owned).isEqualTo(partitions(FOO, 0, 1, 2, 3));
            assertThat(ctx.state("g")).isEqualTo("Stable");
            assertThat(ctx.describe("g").assignorName()).isEqualTo("uniform");
            // A steady heartbeat carries no assignment.
            assertThat(a.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(a.last.assignment()).isNull();
        }
    }

    @Test
    void secondMemberGetsPartitionsOnlyAfterTheFirstRevokedThem() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 4)) {
            Member a = ctx.member("g", "a", "foo");
            Member b = ctx.member("g", "b", "foo");
            a.join();
            assertThat(b.join()).isEqualTo(Errors.NONE);
            // B is at epoch 2 but gets nothing: A still owns its target partitions.
            assertThat(b.epoch).isEqualTo(2);
            assertThat(b.owned).isEmpty();
            assertThat(ctx.state("g")).isEqualTo("Reconciling");
            Set<Integer> bTarget = new HashSet<>(ctx.describe("g").members().stream()
                .filter(m -> m.memberId().equals("b")).findFirst().orElseThrow()
                .targetAssignment().topicPartitions().get(0).partitions());
            assertThat(bTarget).hasSize(2);

            // A is asked to revoke B's partitions and stays at epoch 1 meanwhile.
            assertThat(a.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(a.epoch).isEqualTo(1);
            assertThat(a.owned.get(FOO)).hasSize(2).doesNotContainAnyElementsOf(bTarget);
            // B still waits: A has not acknowledged the revocation yet.
            assertThat(b.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(b.owned).isEmpty();
            // A acknowledges (reports the two partitions it kept) and moves to epoch 2.
            assertThat(a.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(a.epoch).isEqualTo(2);
            // Now B gets them.
            assertThat(b.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(b.owned).isEqualTo(partitions(FOO, bTarget.toArray(Integer[]::new)));
            assertThat(ctx.state("g")).isEqualTo("Stable");
        }
    }

    @Test
    void leavingMemberIsRemovedAndItsPartitionsReassigned() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 6)) {
            Member a = ctx.member("g", "a", "foo");
            Member b = ctx.member("g", "b", "foo");
            Member c = ctx.member("g", "c", "foo");
            a.join();
            b.join();
            c.join();
            ctx.converge("g", 5, a, b, c);
            assertThat(a.owned.get(FOO)).hasSize(2);
            assertThat(c.leave(-1)).isEqualTo(Errors.NONE);
            ctx.converge("g", 5, a, b);
            assertThat(a.owned.get(FOO).size() + b.owned.get(FOO).size()).isEqualTo(6);
            assertThat(ctx.describe("g").members()).hasSize(2);
            // The member that left is unknown now.
            assertThat(c.heartbeat()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    @Test
    void silentMemberIsFencedAfterTheSessionTimeout() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 6)) {
            Member a = ctx.member("g", "a", "foo");
            Member b = ctx.member("g", "b", "foo");
            a.join();
            b.join();
            ctx.converge("g", 5, a, b);
            for (int i = 0; i < 9; i++) {
                ctx.advance(5_000);
                assertThat(a.heartbeat()).isEqualTo(Errors.NONE); // A keeps heartbeating, B is silent.
            }
            assertThat(ctx.describe("g").members()).extracting(m -> m.memberId()).containsExactly("a");
            assertThat(a.owned).isEqualTo(partitions(FOO, 0, 1, 2, 3, 4, 5));
            assertThat(b.heartbeat()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            // B rejoins with its own id (as the Java consumer does after being fenced) and gets its share back.
            assertThat(b.join()).isEqualTo(Errors.NONE);
            ctx.converge("g", 5, a, b);
            assertThat(b.owned.get(FOO)).hasSize(3);
        }
    }

    @Test
    void memberThatDoesNotRevokeWithinTheRebalanceTimeoutIsFenced() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.member("g", "a", "foo");
            Member b = ctx.member("g", "b", "foo");
            a.join();
            b.join();
            // A is asked to revoke, but its next heartbeat (epoch 1, still owning both) does not acknowledge.
            ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("a").setMemberEpoch(1));
            ctx.advance(ConsumerGroupTestContext.REBALANCE_TIMEOUT);
            assertThat(ctx.describe("g").members()).extracting(m -> m.memberId()).containsExactly("b");
            assertThat(b.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(b.owned).isEqualTo(partitions(FOO, 0, 1));
        }
    }

    @Test
    void epochsAreFenced() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.member("g", "a", "foo");
            a.join();
            ConsumerGroupHeartbeatResponseData ahead = ctx.heartbeat(new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g").setMemberId("a").setMemberEpoch(5));
            assertThat(Errors.forCode(ahead.errorCode())).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
            assertThat(ahead.errorMessage()).contains("greater member epoch (5)");
            Member b = ctx.member("g", "b", "foo");
            b.join(); // A's epoch moves on to 2 once it reconciles.
            a.heartbeat();
            a.heartbeat();
            assertThat(a.epoch).isEqualTo(2);
            // Epoch 1 is A's previous epoch: accepted while A owns a subset of its assignment (lost response).
            assertThat(Errors.forCode(ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("a").setMemberEpoch(1).setTopicPartitions(List.of())).errorCode())).isEqualTo(Errors.NONE);
            // Without owned partitions it is not.
            assertThat(Errors.forCode(ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("a").setMemberEpoch(1)).errorCode())).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
            assertThat(Errors.forCode(ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("nobody").setMemberEpoch(1)).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(Errors.forCode(ctx.heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("other")
                .setMemberId("a").setMemberEpoch(1)).errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        }
    }

    @Test
    void badFirstHeartbeatsAreInvalidRequests() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.member("g", "a", "foo");
            ConsumerGroupHeartbeatRequestData noTimeout = a.joinRequest().setRebalanceTimeoutMs(-1);
            assertThat(error(ctx.heartbeat(noTimeout))).isEqualTo(Errors.INVALID_REQUEST);
            ConsumerGroupHeartbeatRequestData noSubscription = a.joinRequest().setSubscribedTopicNames(null);
            assertThat(error(ctx.heartbeat(noSubscription))).isEqualTo(Errors.INVALID_REQUEST);
            ConsumerGroupHeartbeatRequestData owning = a.joinRequest().setTopicPartitions(null);
            assertThat(error(ctx.heartbeat(owning))).isEqualTo(Errors.INVALID_REQUEST);
            ConsumerGroupHeartbeatRequestData noMemberId = a.joinRequest().setMemberId("");
            assertThat(error(ctx.heartbeat(noMemberId))).isEqualTo(Errors.INVALID_REQUEST);
            ConsumerGroupHeartbeatRequestData badEpoch = a.joinRequest().setMemberEpoch(-3);
            assertThat(error(ctx.heartbeat(badEpoch))).isEqualTo(Errors.INVALID_REQUEST);
            ConsumerGroupHeartbeatRequestData badAssignor = a.joinRequest().setServerAssignor("sticky");
            ConsumerGroupHeartbeatResponseData r = ctx.heartbeat(badAssignor);
            assertThat(error(r)).isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
            assertThat(r.errorMessage()).contains("uniform, range");
            ConsumerGroupHeartbeatRequestData badRegex = a.joinRequest().setSubscribedTopicNames(null)
                .setSubscribedTopicRegex("foo(");
            assertThat(error(ctx.heartbeat(badRegex))).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);
            // v0 lets the coordinator choose the member id.
            ConsumerGroupHeartbeatResponseData v0 = ctx.heartbeat((short) 0, a.joinRequest().setMemberId(""));
            assertThat(error(v0)).isEqualTo(Errors.NONE);
            assertThat(v0.memberId()).isNotEmpty();
        }
    }

    @Test
    void groupMaxSizeIsEnforced() {
        ConsumerGroupConfig small = new ConsumerGroupConfig(5_000, 45_000, 1, List.of("uniform", "range"));
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext(small, new InMemoryPartitionWriter(),
            new org.apache.kafka.common.utils.MockTime(0L, 1_000_000L, 0L),
            new java.util.concurrent.ConcurrentHashMap<>())) {
            ctx.topic("foo", FOO, 2);
            assertThat(ctx.member("g", "a", "foo").join()).isEqualTo(Errors.NONE);
            assertThat(ctx.member("g", "b", "foo").join()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        }
    }

    @Test
    void staticMemberRejoinsWithoutARebalance() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 4)) {
            Member a = ctx.member("g", "a1", "foo");
            a.instanceId = "instance-a";
            Member b = ctx.member("g", "b", "foo");
            a.join();
            b.join();
            ctx.converge("g", 5, a, b);
            int groupEpoch = ctx.describe("g").groupEpoch();
            var aOwned = a.owned;

            // While the instance is held by a live member, another incarnation cannot take it.
            Member a2 = ctx.member("g", "a2", "foo");
            a2.instanceId = "instance-a";
            assertThat(a2.join()).isEqualTo(Errors.UNRELEASED_INSTANCE_ID);
            // A leaves temporarily (epoch -2), e.g. a restart; a new incarnation takes its place and assignment.
            assertThat(a.leave(-2)).isEqualTo(Errors.NONE);
            assertThat(a2.join()).isEqualTo(Errors.NONE);
            assertThat(a2.owned).isEqualTo(aOwned);
            assertThat(ctx.describe("g").groupEpoch()).isEqualTo(groupEpoch);
            assertThat(ctx.describe("g").members()).extracting(m -> m.memberId()).containsExactlyInAnyOrder("a2", "b");
            assertThat(ctx.state("g")).isEqualTo("Stable");
            // The old incarnation is fenced.
            assertThat(a.heartbeat()).isEqualTo(Errors.FENCED_INSTANCE_ID);
        }
    }

    @Test
    void staticMemberThatDoesNotComeBackIsRemovedAfterTheSessionTimeout() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 4)) {
            Member a = ctx.member("g", "a", "foo");
            a.instanceId = "instance-a";
            Member b = ctx.member("g", "b", "foo");
            a.join();
            b.join();
            ctx.converge("g", 5, a, b);
            a.leave(-2);
            for (int i = 0; i < 10; i++) {
                ctx.advance(5_000);
                b.heartbeat();
            }
            assertThat(ctx.describe("g").members()).extracting(m -> m.memberId()).containsExactly("b");
            assertThat(b.owned).isEqualTo(partitions(FOO, 0, 1, 2, 3));
        }
    }

    @Test
    void regexSubscriptionPicksUpANewTopic() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.new Member("g", "a", null, List.of(), "f.*|b.*");
            assertThat(a.join()).isEqualTo(Errors.NONE);
            assertThat(a.owned).isEqualTo(partitions(FOO, 0, 1));
            ctx.topic("bar", BAR, 3);
            ctx.coordinator.onTopicsChanged();
            assertThat(a.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(a.owned).containsEntry(FOO, Set.of(0, 1)).containsEntry(BAR, Set.of(0, 1, 2));
            assertThat(ctx.describe("g").members().get(0).subscribedTopicRegex()).isEqualTo("f.*|b.*");
        }
    }

    @Test
    void partitionCountChangeReassigns() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 2)) {
            Member a = ctx.member("g", "a", "foo");
            Member b = ctx.member("g", "b", "foo");
            a.join();
            b.join();
            ctx.converge("g", 5, a, b);
            int epoch = ctx.describe("g").groupEpoch();
            ctx.topic("foo", FOO, 4);
            // No onTopicsChanged: the next heartbeat notices the new partition count by itself.
            ctx.converge("g", 5, a, b);
            assertThat(ctx.describe("g").groupEpoch()).isGreaterThan(epoch);
            assertThat(a.owned.get(FOO).size() + b.owned.get(FOO).size()).isEqualTo(4);
        }
    }

    @Test
    void rangeAssignorCanBeSelectedByMembers() {
        try (ConsumerGroupTestContext ctx = new ConsumerGroupTestContext().topic("foo", FOO, 4)) {
            Member a = ctx.member("g", "a", "foo");
            Member b = ctx.member("g", "b", "foo");
            a.serverAssignor = "range";
            b.serverAssignor = "range";
            a.join();
            b.join();
            ctx.converge("g", 5, a, b);
            assertThat(ctx.describe("g").assignorName()).isEqualTo("range");
            assertThat(a.owned).isEqualTo(partitions(FOO, 0, 1));
            assertThat(b.owned).isEqualTo(partitions(FOO, 2, 3));
        }
    }

    private static Errors error(ConsumerGroupHeartbeatResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    @SuppressWarnings("unused")
    private static Uuid unused() {
        return Uuid.ZERO_UUID;
    }
}
