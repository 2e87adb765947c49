package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.GroupTestContext.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.runtime.ManualDelayTimer;
import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.MockTime;

/**
 * A coordinator with KIP-848 consumer groups on a mock clock, an in-memory log and a mutable topics image, plus
 * {@link Member}, a client that behaves like the Java consumer: it owns what the last assignment said, and releases
 * revoked partitions before its next heartbeat.
 */
final class ConsumerGroupTestContext implements AutoCloseable {
    static final int REBALANCE_TIMEOUT = 30_000;
    static final Uuid FOO = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    static final Uuid BAR = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAg");

    final MockTime time;
    final ManualDelayTimer timer;
    final InMemoryPartitionWriter writer;
    final Map<String, TopicsImage.Topic> topics;
    final GroupCoordinator coordinator;
    final GroupCoordinatorConfig config;

    ConsumerGroupTestContext() {
        this(ConsumerGroupConfig.DEFAULT, new InMemoryPartitionWriter(), new MockTime(0L, 1_000_000L, 0L),
            new ConcurrentHashMap<>());
    }

    ConsumerGroupTestContext(ConsumerGroupConfig consumerConfig, InMemoryPartitionWriter writer, MockTime time,
                             Map<String, TopicsImage.Topic> topics) {
        this.time = time;
        this.timer = new ManualDelayTimer(time);
        this.writer = writer;
        this.topics = topics;
        GroupCoordinatorConfig c = GroupTestContext.config(1, 0, 50);
        this.config = new GroupCoordinatorConfig(c.offsetsTopicPartitions(), c.groupMinSessionTimeoutMs(),
            c.groupMaxSessionTimeoutMs(), c.groupInitialRebalanceDelayMs(), c.groupMaxSize(), c.offsetsRetentionMs(),
            c.offsetsRetentionCheckIntervalMs(), c.offsetMetadataMaxBytes(), consumerConfig);
        this.coordinator = new GroupCoordinator(config, writer, time, timer, () -> Map.copyOf(this.topics));
        coordinator.onElection(0);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!coordinator.isActive(0)) {
            assertThat(System.nanoTime()).as("never loaded").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    ConsumerGroupTestContext topic(String name, Uuid id, int partitions) {
        topics.put(name, new TopicsImage.Topic(id, name, partitions));
        return this;
    }

    ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData req) {
        return heartbeat((short) 1, req);
    }

    ConsumerGroupHeartbeatResponseData heartbeat(short version, ConsumerGroupHeartbeatRequestData req) {
        return await(coordinator.consumerGroupHeartbeat(new RequestContext(version, "client", "/127.0.0.1"), req));
    }

    ConsumerGroupDescribeResponseData.DescribedGroup describe(String groupId) {
        return await(coordinator.consumerGroupDescribe(GroupTestContext.ctx((short) 1), groupId));
    }

    String state(String groupId) {
        return describe(groupId).groupState();
    }

    /** Advances the mock clock after the coordinator ran what is queued; then waits for the timeouts' work. */
    void advance(long ms) {
        sync();
        time.sleep(ms);
        sync();
    }

    void sync() {
        await(coordinator.listGroups(GroupTestContext.ctx((short) 5), List.of(), List.of())
            .exceptionally(e -> List.of()));
    }

    Member member(String groupId, String memberId, String... topicNames) {
        return new Member(groupId, memberId, null, List.of(topicNames), null);
    }

    @Override
    public void close() {
        coordinator.close();
    }

    static Map<Uuid, Set<Integer>> assignment(ConsumerGroupHeartbeatResponseData.Assignment a) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        a.topicPartitions().forEach(tp -> out.put(tp.topicId(), new TreeSet<>(tp.partitions())));
        return out;
    }

    static Map<Uuid, Set<Integer>> partitions(Uuid topic, Integer... ps) {
        return ps.length == 0 ? Map.of() : Map.of(topic, new TreeSet<>(List.of(ps)));
    }

    /** A consumer-protocol member as the Java consumer drives it. */
    final class Member {
        final String groupId;
        final String memberId;
        String instanceId;
        final List<String> topicNames;
        final String regex;
        String serverAssignor;
        int epoch;
        Map<Uuid, Set<Integer>> owned = new TreeMap<>();
        ConsumerGroupHeartbeatResponseData last;

        Member(String groupId, String memberId, String instanceId, List<String> topicNames, String regex) {
            this.groupId = groupId;
            this.memberId = memberId;
            this.instanceId = instanceId;
            this.topicNames = topicNames;
            this.regex = regex;
        }

        ConsumerGroupHeartbeatRequestData joinRequest() {
            return new ConsumerGroupHeartbeatRequestData().setGroupId(groupId).setMemberId(memberId)
                .setInstanceId(instanceId).setMemberEpoch(0).setRebalanceTimeoutMs(REBALANCE_TIMEOUT)
                .setSubscribedTopicNames(regex == null ? topicNames : null).setSubscribedTopicRegex(regex)
                .setServerAssignor(serverAssignor).setTopicPartitions(List.of());
        }

        /** Joins (epoch 0); returns the error. */
        Errors join() {
            return apply(heartbeat(joinRequest()));
        }

        /** A regular heartbeat reporting what it owns; returns the error. */
        Errors heartbeat() {
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> tps = new ArrayList<>();
            owned.forEach((id, ps) -> tps.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                .setTopicId(id).setPartitions(List.copyOf(ps))));
            return apply(ConsumerGroupTestContext.this.heartbeat(new ConsumerGroupHeartbeatRequestData()
                .setGroupId(groupId).setMemberId(memberId).setInstanceId(instanceId).setMemberEpoch(epoch)
                .setTopicPartitions(tps)));
        }

        Errors leave(int leaveEpoch) {
            ConsumerGroupHeartbeatResponseData r = ConsumerGroupTestContext.this.heartbeat(
                new ConsumerGroupHeartbeatRequestData().setGroupId(groupId).setMemberId(memberId)
                    .setInstanceId(instanceId).setMemberEpoch(leaveEpoch));
            return Errors.forCode(r.errorCode());
        }

        private Errors apply(ConsumerGroupHeartbeatResponseData r) {
            last = r;
            Errors e = Errors.forCode(r.errorCode());
            if (e == Errors.NONE) {
                epoch = r.memberEpoch();
                if (r.assignment() != null) {
                    // The Java consumer revokes what is gone and takes what is new, then reports it.
                    owned = assignment(r.assignment());
                }
            }
            return e;
        }

        private ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData req) {
            return ConsumerGroupTestContext.this.heartbeat(req);
        }
    }

    /** Heartbeats every member round-robin, at least once, until the group is Stable (at most {@code rounds}). */
    void converge(String groupId, int rounds, Member... members) {
        for (int i = 0; i < rounds && (i == 0 || !"Stable".equals(state(groupId))); i++) {
            for (Member m : members) {
                assertThat(m.heartbeat()).isEqualTo(Errors.NONE);
            }
        }
        assertThat(state(groupId)).isEqualTo("Stable");
    }
}
