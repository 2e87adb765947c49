package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ConsumerGroupTestContext.FOO;
import static io.samsa.coordinator.group.ConsumerGroupTestContext.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.coordinator.runtime.InMemoryPartitionWriter;
import io.samsa.coordinator.group.ConsumerGroupTestContext.Member;
import io.samsa.coordinator.group.record.ConsumerGroupKey;
import io.samsa.coordinator.group.record.ConsumerGroupValues;
import io.samsa.coordinator.group.record.GroupRecordSerde;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

class ConsumerGroupPersistenceTest {

    @Test
    void groupSurvivesARestartAndMembersContinueWithTheirEpochs() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        Map<String, TopicsImage.Topic> topics = new ConcurrentHashMap<>();
        topics.put("foo", new TopicsImage.Topic(FOO, "foo", 4));
        ConsumerGroupDescribeResponseData.DescribedGroup before;
        Member a;
        Member b;
        try (ConsumerGroupTestContext first = new ConsumerGroupTestContext(ConsumerGroupConfig.DEFAULT, log, time,
            topics)) {
            a = first.member("g", "a", "foo");
            b = first.member("g", "b", "foo");
            a.join();
            b.join();
            first.converge("g", 5, a, b);
            before = first.describe("g");
        }
        try (ConsumerGroupTestContext second = new ConsumerGroupTestContext(ConsumerGroupConfig.DEFAULT, log, time,
            topics)) {
            ConsumerGroupDescribeResponseData.DescribedGroup after = second.describe("g");
            assertThat(after).isEqualTo(before);
            assertThat(after.groupState()).isEqualTo("Stable");
            // The members' heartbeats go on where they were, no rebalance.
            Member a2 = second.member("g", "a", "foo");
            a2.epoch = a.epoch;
            a2.owned = a.owned;
            assertThat(a2.heartbeat()).isEqualTo(Errors.NONE);
            assertThat(a2.epoch).isEqualTo(a.epoch);
            assertThat(second.describe("g").groupEpoch()).isEqualTo(before.groupEpoch());
            // B never comes back: its session (fresh after the load) expires and A gets everything.
            for (int i = 0; i < 10; i++) {
                second.advance(5_000);
                a2.heartbeat();
            }
            assertThat(a2.owned).isEqualTo(partitions(FOO, 0, 1, 2, 3));
        }
    }

    @Test
    void deletedGroupStaysDeleted() {
        InMemoryPartitionWriter log = new InMemoryPartitionWriter();
        MockTime time = new MockTime(0L, 1_000_000L, 0L);
        Map<String, TopicsImage.Topic> topics = new ConcurrentHashMap<>(Map.of("foo",
            new TopicsImage.Topic(FOO, "foo", 2)));
        try (ConsumerGroupTestContext first = new ConsumerGroupTestContext(ConsumerGroupConfig.DEFAULT, log, time,
            topics)) {
            Member a = first.member("g", "a", "foo");
            a.join();
            assertThat(a.leave(-1)).isEqualTo(Errors.NONE);
            assertThat(first.state("g")).isEqualTo("Empty");
            assertThat(Errors.forCode(GroupTestContext.await(first.coordinator.deleteGroup(
                GroupTestContext.ctx((short) 2), "g")).errorCode())).isEqualTo(Errors.NONE);
        }
        try (ConsumerGroupTestContext second = new ConsumerGroupTestContext(ConsumerGroupConfig.DEFAULT, log, time,
            topics)) {
            assertThat(Errors.forCode(second.describe("g").errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        }
    }

    @Test
    void recordsRoundTripInKafkasLayout() {
        var value = new ConsumerGroupValues.CurrentMemberAssignment(3, 2, (byte) 1,
            Map.of(FOO, Set.of(0, 2)), Map.of(FOO, Set.of(1)));
        SimpleRecord r = GroupRecordSerde.consumerGroupRecord(0L,
            ConsumerGroupKey.member(ConsumerGroupKey.Kind.CURRENT_MEMBER_ASSIGNMENT, "g", "m"), value);
        assertThat(r.key().getShort(0)).isEqualTo((short) 8);
        assertThat(r.value().getShort(0)).isEqualTo((short) 0);
        var decoded = GroupRecordSerde.decode(r.key(), r.value());
        assertThat(decoded.key()).isEqualTo(ConsumerGroupKey.member(ConsumerGroupKey.Kind.CURRENT_MEMBER_ASSIGNMENT,
            "g", "m"));
        assertThat(decoded.value()).isEqualTo(value);

        var member = new ConsumerGroupValues.MemberMetadata("i", null, "c", "/h", List.of("foo"), "b.*", 30_000,
            "range");
        SimpleRecord mr = GroupRecordSerde.consumerGroupRecord(0L,
            ConsumerGroupKey.member(ConsumerGroupKey.Kind.MEMBER_METADATA, "g", "m"), member);
        assertThat(GroupRecordSerde.decode(mr.key(), mr.value()).value()).isEqualTo(member);

        var metadata = new ConsumerGroupValues.PartitionMetadata(List.of(
            new ConsumerGroupValues.TopicMetadata(FOO, "foo", 4)));
        SimpleRecord pr = GroupRecordSerde.consumerGroupRecord(0L,
            ConsumerGroupKey.group(ConsumerGroupKey.Kind.PARTITION_METADATA, "g"), metadata);
        assertThat(GroupRecordSerde.decode(pr.key(), pr.value()).value()).isEqualTo(metadata);

        // ConsumerGroupMetadataValue as Kafka 4.1 writes it: epoch 5, tagged MetadataHash (tag 0) = 42.
        ByteBuffer kafka41 = ByteBuffer.allocate(2 + 4 + 1 + 1 + 1 + 8);
        kafka41.putShort((short) 0).putInt(5).put((byte) 1).put((byte) 0).put((byte) 8).putLong(42L).flip();
        SimpleRecord key = GroupRecordSerde.tombstone(0L, ConsumerGroupKey.group(ConsumerGroupKey.Kind.GROUP_METADATA,
            "g"));
        assertThat(GroupRecordSerde.decode(key.key(), kafka41).value())
            .isEqualTo(new ConsumerGroupValues.GroupMetadata(5));
    }

    @SuppressWarnings("unused")
    private static TopicPartition offsets() {
        return new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, 0);
    }
}
