package io.samsa.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.runtime.ManualDelayTimer;
import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Utils;

/**
 * A coordinator on a mock clock and an in-memory log, with helpers that speak the protocol like a client does.
 * Closing it closes the coordinator.
 */
final class GroupTestContext implements AutoCloseable {
    static final short LATEST_JOIN = 9;
    static final String CONSUMER = "consumer";
    static final int SESSION_TIMEOUT = 10_000;
    static final int REBALANCE_TIMEOUT = 30_000;
    static final int INITIAL_DELAY = 3_000;
    static final Uuid FOO_ID = Uuid.randomUuid();

    final MockTime time;
    final ManualDelayTimer timer;
    final InMemoryPartitionWriter writer;
    final GroupCoordinatorConfig config;
    final GroupCoordinator coordinator;

    GroupTestContext() {
        this(config(1, INITIAL_DELAY, 50), new InMemoryPartitionWriter(), new MockTime(0L, 1_000_000L, 0L));
    }

    GroupTestContext(GroupCoordinatorConfig config, InMemoryPartitionWriter writer, MockTime time) {
        this.time = time;
        this.timer = new ManualDelayTimer(time);
        this.writer = writer;
        this.config = config;
        this.coordinator = new GroupCoordinator(config, writer, time, timer,
            id -> FOO_ID.equals(id) ? "foo" : null, name -> "foo".equals(name) ? FOO_ID : null);
    }

    static GroupCoordinatorConfig config(int partitions, int initialDelayMs, int maxSize) {
        return new GroupCoordinatorConfig(partitions, 6_000, 300_000, initialDelayMs, maxSize,
            24L * 60 * 60 * 1000, 600_000L, 4096);
    }

    /** Elects every partition and waits until they are loaded. */
    GroupTestContext electAll() {
        for (int p = 0; p < config.offsetsTopicPartitions(); p++) {
            coordinator.onElection(p);
        }
        for (int p = 0; p < config.offsetsTopicPartitions(); p++) {
            awaitActive(p);
        }
        return this;
    }

    void awaitActive(int partition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!coordinator.isActive(partition)) {
            assertThat(System.nanoTime()).as("partition %d never loaded", partition).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    TopicPartition offsetsPartition(String groupId) {
        return new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME,
            Utils.abs(groupId.hashCode()) % config.offsetsTopicPartitions());
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Advances the mock clock; timeouts due fire (their work is queued on the coordinator thread). */
    void advance(long ms) {
        sync(); // Timeouts scheduled by work still queued must exist before the clock moves.
        time.sleep(ms);
    }

    /** Waits until the coordinator thread has run everything queued so far. */
    void sync() {
        await(coordinator.listGroups(ctx((short) 5), List.of(), List.of()).exceptionally(e -> List.of()));
    }

    static RequestContext ctx(short version) {
        return new RequestContext(version, "client", "/127.0.0.1");
    }

    static byte[] subscription(String... topics) {
        return Utils.toArray(ConsumerProtocol.serializeSubscription(
            new ConsumerPartitionAssignor.Subscription(List.of(topics))));
    }

    static JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols(String... namesAndTopics) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection c =
            new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        for (String name : namesAndTopics) {
            c.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(name).setMetadata(subscription("foo")));
        }
        return c;
    }

    static JoinGroupRequestData joinRequest(String groupId, String memberId) {
        return new JoinGroupRequestData()
            .setGroupId(groupId)
            .setMemberId(memberId)
            .setProtocolType(CONSUMER)
            .setProtocols(protocols("range"))
            .setSessionTimeoutMs(SESSION_TIMEOUT)
            .setRebalanceTimeoutMs(REBALANCE_TIMEOUT);
    }

    CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData req) {
        return join(req, LATEST_JOIN);
    }

    CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData req, short version) {
        return coordinator.joinGroup(ctx(version), req);
    }

    /** First JoinGroup of a dynamic member: MEMBER_ID_REQUIRED and its new id. */
    String memberIdFor(String groupId) {
        JoinGroupResponseData r = await(join(joinRequest(groupId, "")));
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return r.memberId();
    }

    /** A new dynamic member's full join: gets an id, then joins with it (the returned future may be parked). */
    CompletableFuture<JoinGroupResponseData> joinNew(String groupId) {
        return join(joinRequest(groupId, memberIdFor(groupId)));
    }

    CompletableFuture<SyncGroupResponseData> sync(String groupId, String memberId, int generation,
                                                   Map<String, byte[]> assignment) {
        List<SyncGroupRequestData.SyncGroupRequestAssignment> list = new ArrayList<>();
        assignment.forEach((m, a) -> list.add(
            new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(m).setAssignment(a)));
        return coordinator.syncGroup(ctx((short) 5), new SyncGroupRequestData()
            .setGroupId(groupId).setMemberId(memberId).setGenerationId(generation)
            .setProtocolType(CONSUMER).setProtocolName("range").setAssignments(list));
    }

    Errors heartbeat(String groupId, String memberId, int generation) {
        HeartbeatResponseData r = await(coordinator.heartbeat(ctx((short) 4), new HeartbeatRequestData()
            .setGroupId(groupId).setMemberId(memberId).setGenerationId(generation)));
        return Errors.forCode(r.errorCode());
    }

    DescribeGroupsResponseData.DescribedGroup describe(String groupId) {
        return await(coordinator.describeGroup(ctx((short) 6), groupId));
    }

    String state(String groupId) {
        return describe(groupId).groupState();
    }

    /** A stable group of {@code n} dynamic members (the first is the leader); returns the join responses. */
    List<JoinGroupResponseData> stableGroup(String groupId, int n) {
        List<CompletableFuture<JoinGroupResponseData>> joins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            joins.add(joinNew(groupId));
        }
        advance(INITIAL_DELAY);
        advance(INITIAL_DELAY);
        List<JoinGroupResponseData> responses = joins.stream().map(GroupTestContext::await).toList();
        JoinGroupResponseData leader = responses.stream().filter(r -> r.leader().equals(r.memberId()))
            .findFirst().orElseThrow();
        Map<String, byte[]> assignment = new HashMap<>();
        responses.forEach(r -> assignment.put(r.memberId(), r.memberId().getBytes()));
        List<CompletableFuture<SyncGroupResponseData>> syncs = new ArrayList<>();
        for (JoinGroupResponseData r : responses) {
            syncs.add(sync(groupId, r.memberId(), r.generationId(),
                r.memberId().equals(leader.memberId()) ? assignment : Map.of()));
        }
        syncs.forEach(s -> assertThat(Errors.forCode(await(s).errorCode())).isEqualTo(Errors.NONE));
        assertThat(state(groupId)).isEqualTo("Stable");
        return responses;
    }

    OffsetCommitResponseData commit(String groupId, String memberId, int generation, String topic, int partition,
                                    long offset) {
        return await(coordinator.commitOffsets(ctx((short) 9), commitRequest(groupId, memberId, generation,
            topic, partition, offset)));
    }

    static OffsetCommitRequestData commitRequest(String groupId, String memberId, int generation, String topic,
                                                 int partition, long offset) {
        return new OffsetCommitRequestData()
            .setGroupId(groupId).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
            .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setName(topic)
                .setPartitions(new ArrayList<>(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                    .setPartitionIndex(partition).setCommittedOffset(offset).setCommittedLeaderEpoch(7)
                    .setCommittedMetadata("meta"))))));
    }

    static Errors commitError(OffsetCommitResponseData r) {
        return Errors.forCode(r.topics().get(0).partitions().get(0).errorCode());
    }

    /** Committed offset of one partition, -1 if none. */
    long fetch(String groupId, String topic, int partition) {
        OffsetFetchResponseData.OffsetFetchResponseGroup g = fetchGroup(groupId, topic, partition);
        assertThat(Errors.forCode(g.errorCode())).isEqualTo(Errors.NONE);
        return g.topics().get(0).partitions().get(0).committedOffset();
    }

    OffsetFetchResponseData.OffsetFetchResponseGroup fetchGroup(String groupId, String topic, int partition) {
        return await(coordinator.fetchOffsets(ctx((short) 9), new OffsetFetchRequestData.OffsetFetchRequestGroup()
            .setGroupId(groupId)
            .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                .setName(topic).setPartitionIndexes(List.of(partition)))), false));
    }

    static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
