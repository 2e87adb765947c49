package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.INITIAL_DELAY;
import static io.samsa.coordinator.group.GroupTestContext.SESSION_TIMEOUT;
import static io.samsa.coordinator.group.GroupTestContext.await;
import static io.samsa.coordinator.group.GroupTestContext.commitError;
import static io.samsa.coordinator.group.GroupTestContext.commitRequest;
import static io.samsa.coordinator.group.GroupTestContext.ctx;
import static io.samsa.coordinator.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import io.samsa.coordinator.group.record.GroupMetadataKey;
import io.samsa.coordinator.group.record.GroupMetadataValue;
import io.samsa.coordinator.group.record.GroupRecordSerde;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

class PersistenceTest {

    @Test
    void offsetsAndGroupsSurviveARestart() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        List<JoinGroupResponseData> members;
        try (GroupTestContext first = new GroupTestContext(GroupTestContext.config(3, INITIAL_DELAY, 50), log, time)) {
            first.electAll();
            members = first.stableGroup("g", 2);
            assertThat(commitError(first.commit("g", members.get(0).memberId(), 1, "foo", 0, 42)))
                .isEqualTo(Errors.NONE);
            first.commit("simple", "", -1, "bar", 1, 7);
            first.commit("simple", "", -1, "bar", 1, 8); // later records win
            JoinGroupResponseData gone = first.stableGroup("unused", 1).get(0);
            await(first.coordinator.leaveGroup(ctx((short) 0), new LeaveGroupRequestData().setGroupId("unused")
                .setMemberId(gone.memberId())));
            await(first.coordinator.deleteGroup(ctx((short) 2), "unused"));
        }

        try (GroupTestContext second = new GroupTestContext(GroupTestContext.config(3, INITIAL_DELAY, 50), log, time)) {
            second.electAll();
            DescribeGroupsResponseData.DescribedGroup g = second.describe("g");
            assertThat(g.groupState()).isEqualTo("Stable");
            assertThat(g.protocolType()).isEqualTo("consumer");
            assertThat(g.protocolData()).isEqualTo("range");
            assertThat(g.members()).extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .containsExactlyInAnyOrder(members.get(0).memberId(), members.get(1).memberId());
            assertThat(g.members()).allSatisfy(m -> {
                assertThat(m.memberAssignment()).isEqualTo(m.memberId().getBytes());
                assertThat(m.memberMetadata()).isEqualTo(GroupTestContext.subscription("foo"));
                assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            });
            OffsetFetchRequestData.OffsetFetchRequestGroup req = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId("g").setTopics(null);
            var offsets = await(second.coordinator.fetchOffsets(ctx((short) 9), req, false));
            assertThat(offsets.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(42);
            assertThat(offsets.topics().get(0).partitions().get(0).committedLeaderEpoch()).isEqualTo(7);
            assertThat(offsets.topics().get(0).partitions().get(0).metadata()).isEqualTo("meta");
            assertThat(second.fetch("simple", "bar", 1)).isEqualTo(8);
            assertThat(second.state("simple")).isEqualTo("Empty");
            assertThat(second.state("unused")).isEqualTo("Dead");

            // Loaded members keep their generation and must heartbeat: their sessions restarted with the load.
            JoinGroupResponseData a = members.get(0);
            assertThat(second.heartbeat("g", a.memberId(), 1)).isEqualTo(Errors.NONE);
            assertThat(await(second.sync("g", a.memberId(), 1, Map.of())).assignment())
                .isEqualTo(a.memberId().getBytes());
            second.advance(SESSION_TIMEOUT / 2);
            assertThat(second.heartbeat("g", a.memberId(), 1)).isEqualTo(Errors.NONE);
            second.advance(SESSION_TIMEOUT / 2);
            // The other member never came back: it expired and the group rebalances.
            assertThat(second.heartbeat("g", members.get(1).memberId(), 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(second.heartbeat("g", a.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        }
    }

    @Test
    void groupMetadataIsWrittenInKafkasFormatBeforeSyncIsAnswered() {
        try (GroupTestContext ctx = new GroupTestContext().electAll()) {
            CompletableFuture<JoinGroupResponseData> f = ctx.joinNew("g");
            ctx.advance(INITIAL_DELAY);
            JoinGroupResponseData a = await(f);
            ctx.writer.holdAppends();
            CompletableFuture<SyncGroupResponseData> sync =
                ctx.sync("g", a.memberId(), 1, Map.of(a.memberId(), new byte[]{9}));
            ctx.sync();
            assertThat(sync).isNotDone();
            ctx.writer.releaseHeld();
            assertThat(await(sync).assignment()).containsExactly(9);

            List<Record> records = ctx.writer.records(ctx.offsetsPartition("g"));
            Record last = records.get(records.size() - 1);
            GroupRecordSerde.Decoded<?, ?> decoded = GroupRecordSerde.decode(last);
            assertThat(decoded.key()).isEqualTo(new GroupMetadataKey("g"));
            GroupMetadataValue value = (GroupMetadataValue) decoded.value();
            assertThat(value.protocolType()).isEqualTo("consumer");
            assertThat(value.protocol()).isEqualTo("range");
            assertThat(value.generation()).isEqualTo(1);
            assertThat(value.leader()).isEqualTo(a.memberId());
            assertThat(value.members()).singleElement().satisfies(m -> {
                assertThat(m.memberId()).isEqualTo(a.memberId());
                assertThat(m.clientId()).isEqualTo("client");
                assertThat(m.sessionTimeout()).isEqualTo(SESSION_TIMEOUT);
                assertThat(m.assignment()).containsExactly(9);
            });
        }
    }

    @Test
    void requestsGetLoadInProgressUntilThePartitionIsLoaded() {
        try (GroupTestContext ctx = new GroupTestContext()) {
            ctx.writer.closeReplayGate();
            ctx.coordinator.onElection(0);
            assertThat(Errors.forCode(await(ctx.join(joinRequest("g", ""))).errorCode()))
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
            assertThat(commitError(await(ctx.coordinator.commitOffsets(ctx((short) 9),
                commitRequest("g", "", -1, "foo", 0, 1))))).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
            assertThat(Errors.forCode(ctx.fetchGroup("g", "foo", 0).errorCode()))
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
            // Heartbeats are answered blindly while loading, as Kafka does.
            assertThat(ctx.heartbeat("g", "m", 1)).isEqualTo(Errors.NONE);
            assertThatThrownBy(() -> ctx.coordinator.listGroups(ctx((short) 5), List.of(), List.of()).join())
                .hasCauseInstanceOf(CoordinatorLoadInProgressException.class);
            assertThat(ctx.coordinator.isActive(0)).isFalse();

            ctx.writer.openReplayGate();
            ctx.awaitActive(0);
            assertThat(Errors.forCode(await(ctx.join(joinRequest("g", ""))).errorCode()))
                .isEqualTo(Errors.MEMBER_ID_REQUIRED);
        }
    }

    @Test
    void groupsOfPartitionsNotLedHereGetNotCoordinator() {
        try (GroupTestContext ctx = new GroupTestContext(GroupTestContext.config(3, INITIAL_DELAY, 50),
            new InMemoryPartitionWriter(), new MockTime())) {
            int mine = ctx.coordinator.partitionFor("g");
            ctx.coordinator.onElection(mine);
            ctx.awaitActive(mine);
            String other = "x";
            for (int i = 0; ctx.coordinator.partitionFor(other) == mine; i++) {
                other = "x" + i;
            }
            assertThat(Errors.forCode(await(ctx.join(joinRequest(other, ""))).errorCode()))
                .isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(ctx.heartbeat(other, "m", 1)).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(ctx.describe(other).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());

            // Resigning answers parked requests and turns the partition away.
            CompletableFuture<JoinGroupResponseData> parked = ctx.joinNew("g");
            ctx.coordinator.onResignation(mine);
            assertThat(Errors.forCode(await(parked).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(Errors.forCode(await(ctx.join(joinRequest("g", ""))).errorCode()))
                .isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(ctx.coordinator.isActive(mine)).isFalse();
        }
    }

    @Test
    void partitionForMatchesKafka() {
        try (GroupTestContext ctx = new GroupTestContext(GroupTestContext.config(50, 0, 50),
            new InMemoryPartitionWriter(), new MockTime())) {
            // Utils.abs(hashCode) % 50, as Kafka, including for a negative hash code...
            String negative = "group";
            for (int i = 0; negative.hashCode() >= 0; i++) {
                negative = "group-" + i;
            }
            assertThat(ctx.coordinator.partitionFor(negative)).isEqualTo(-negative.hashCode() % 50);
            // ...and for Integer.MIN_VALUE, whose Math.abs stays negative.
            assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
            assertThat(ctx.coordinator.partitionFor("polygenelubricants")).isZero();
            assertThat(ctx.coordinator.partitionFor("")).isZero();
        }
    }

    @Test
    void replacedStaticMemberIsPersisted() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        String newId;
        try (GroupTestContext first = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            first.electAll();
            CompletableFuture<JoinGroupResponseData> f = first.join(joinRequest("g", "").setGroupInstanceId("i"));
            first.advance(INITIAL_DELAY);
            JoinGroupResponseData a = await(f);
            await(first.sync("g", a.memberId(), 1, Map.of(a.memberId(), new byte[]{3})));
            newId = await(first.join(joinRequest("g", "").setGroupInstanceId("i"))).memberId();
        }
        try (GroupTestContext second = new GroupTestContext(GroupTestContext.config(1, INITIAL_DELAY, 50), log, time)) {
            second.electAll();
            assertThat(second.describe("g").members()).singleElement().satisfies(m -> {
                assertThat(m.memberId()).isEqualTo(newId);
                assertThat(m.groupInstanceId()).isEqualTo("i");
                assertThat(m.memberAssignment()).containsExactly(3);
            });
            assertThat(Errors.forCode(await(second.coordinator.heartbeat(ctx((short) 4), new HeartbeatRequestData()
                .setGroupId("g").setMemberId(newId).setGroupInstanceId("i").setGenerationId(1))).errorCode()))
                .isEqualTo(Errors.NONE);
        }
    }
}
