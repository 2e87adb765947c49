package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Realistic group requests (see {@link RequestTemplates}). Requests that join a group use a group of their own case
 * ({@code fuzz-join-N}, {@code fuzz-cg-N}), so a join never waits for members another case left behind; the rest
 * name the fixture's group, which has committed offsets and no members. Stateless.
 */
final class GroupRequestTemplates {
    private static final String MEMBER = "fuzz-member";

    private GroupRequestTemplates() {
    }

    /** The template of a group API, or null if {@code api} is not one. */
    static ApiMessage build(ApiKeys api, short v, TemplateInput in) {
        return switch (api) {
            case FIND_COORDINATOR -> findCoordinator(in, v);
            case JOIN_GROUP -> joinGroup(in, v);
            case SYNC_GROUP -> syncGroup(in, v);
            case HEARTBEAT -> new HeartbeatRequestData().setGroupId(in.targets().group()).setGenerationId(1)
                    .setMemberId(MEMBER);
            case LEAVE_GROUP -> leaveGroup(in, v);
            case OFFSET_COMMIT -> offsetCommit(in, v);
            case OFFSET_FETCH -> offsetFetch(in, v);
            case DESCRIBE_GROUPS -> new DescribeGroupsRequestData()
                    .setGroups(new ArrayList<>(List.of(in.targets().group(), "fuzz-absent")));
            case LIST_GROUPS -> listGroups(in, v);
            case DELETE_GROUPS -> new DeleteGroupsRequestData()
                    .setGroupsNames(new ArrayList<>(List.of("fuzz-gone-" + in.caseNo())));
            case OFFSET_DELETE -> offsetDelete(in);
            case CONSUMER_GROUP_HEARTBEAT -> consumerGroupHeartbeat(in, v);
            case CONSUMER_GROUP_DESCRIBE -> new ConsumerGroupDescribeRequestData()
                    .setGroupIds(new ArrayList<>(List.of(in.targets().group(), "fuzz-cg-" + (in.caseNo() - 1))));
            default -> null;
        };
    }

    private static ApiMessage findCoordinator(TemplateInput in, short v) {
        FindCoordinatorRequestData data = new FindCoordinatorRequestData();
        if (v >= 4) {
            data.setCoordinatorKeys(new ArrayList<>(List.of(in.targets().group(), "fuzz-other")));
        } else {
            data.setKey(in.targets().group());
        }
        return data;
    }

    private static byte[] subscription(TemplateInput in) {
        ByteBuffer b = ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(
                List.of(in.targets().dataTopic())));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static ApiMessage joinGroup(TemplateInput in, short v) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(subscription(in)));
        JoinGroupRequestData data = new JoinGroupRequestData().setGroupId("fuzz-join-" + in.caseNo())
                .setSessionTimeoutMs(1_000 + in.random().nextInt(WaitCaps.GROUP_TIMEOUT_MS - 1_000))
                .setMemberId("").setProtocolType("consumer").setProtocols(protocols);
        if (v >= 1) {
            data.setRebalanceTimeoutMs(WaitCaps.GROUP_TIMEOUT_MS);
        }
        if (v >= 5 && in.oneIn(3)) {
            data.setGroupInstanceId("fuzz-static-" + in.caseNo());
        }
        return data;
    }

    private static ApiMessage syncGroup(TemplateInput in, short v) {
        SyncGroupRequestData data = new SyncGroupRequestData().setGroupId(in.targets().group()).setGenerationId(1)
                .setMemberId(MEMBER);
        ByteBuffer assignment = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(
                List.of(new TopicPartition(in.targets().dataTopic(), 0))));
        byte[] bytes = new byte[assignment.remaining()];
        assignment.get(bytes);
        data.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(MEMBER)
                .setAssignment(bytes));
        if (v >= 5) {
            data.setProtocolType("consumer").setProtocolName("range");
        }
        return data;
    }

    private static ApiMessage leaveGroup(TemplateInput in, short v) {
        LeaveGroupRequestData data = new LeaveGroupRequestData().setGroupId(in.targets().group());
        if (v >= 3) {
            data.members().add(new LeaveGroupRequestData.MemberIdentity().setMemberId(MEMBER));
        } else {
            data.setMemberId(MEMBER);
        }
        return data;
    }

    private static ApiMessage offsetCommit(TemplateInput in, short v) {
        OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setName(in.targets().dataTopic()).setTopicId(in.targets().dataTopicId());
        topic.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                .setPartitionIndex(in.partition()).setCommittedOffset(in.random().nextInt(5))
                .setCommittedMetadata("fuzz"));
        // Generation -1 and no member: a commit for a group without members, as admin tools make.
        return new OffsetCommitRequestData().setGroupId(in.targets().group()).setGenerationIdOrMemberEpoch(-1)
                .setMemberId("").setTopics(new ArrayList<>(List.of(topic)));
    }

    private static ApiMessage offsetFetch(TemplateInput in, short v) {
        FuzzTargets t = in.targets();
        boolean all = in.oneIn(3);
        if (v >= 8) {
            OffsetFetchRequestData.OffsetFetchRequestGroup group = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                    .setGroupId(t.group());
            group.setTopics(all ? null : new ArrayList<>(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setName(t.dataTopic()).setTopicId(t.dataTopicId())
                    .setPartitionIndexes(new ArrayList<>(List.of(0, 1))))));
            return new OffsetFetchRequestData().setGroups(new ArrayList<>(List.of(group)));
        }
        OffsetFetchRequestData data = new OffsetFetchRequestData().setGroupId(t.group());
        OffsetFetchRequestData.OffsetFetchRequestTopic topic = new OffsetFetchRequestData.OffsetFetchRequestTopic()
                .setName(t.dataTopic()).setPartitionIndexes(new ArrayList<>(List.of(0, 1)));
        data.setTopics(all && v >= 2 ? null : new ArrayList<>(List.of(topic)));
        return data;
    }

    private static ApiMessage listGroups(TemplateInput in, short v) {
        ListGroupsRequestData data = new ListGroupsRequestData();
        if (v >= 4 && in.oneIn(2)) {
            data.setStatesFilter(new ArrayList<>(List.of("Empty", "Stable")));
        }
        if (v >= 5 && in.oneIn(2)) {
            data.setTypesFilter(new ArrayList<>(List.of("classic")));
        }
        return data;
    }

    private static ApiMessage offsetDelete(TemplateInput in) {
        OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        OffsetDeleteRequestData.OffsetDeleteRequestTopic topic = new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                .setName(in.targets().victimTopic());
        topic.partitions().add(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                .setPartitionIndex(in.partition()));
        topics.add(topic);
        return new OffsetDeleteRequestData().setGroupId(in.targets().group()).setTopics(topics);
    }

    private static ApiMessage consumerGroupHeartbeat(TemplateInput in, short v) {
        // v1 members choose their own id; v0 members get one from the broker.
        String memberId = v >= 1 ? new Uuid(in.random().nextLong(), in.random().nextLong()).toString() : "";
        return new ConsumerGroupHeartbeatRequestData().setGroupId("fuzz-cg-" + in.caseNo()).setMemberId(memberId)
                .setMemberEpoch(0).setRebalanceTimeoutMs(WaitCaps.GROUP_TIMEOUT_MS)
                .setSubscribedTopicNames(new ArrayList<>(List.of(in.targets().dataTopic())))
                .setTopicPartitions(new ArrayList<>());
    }
}
