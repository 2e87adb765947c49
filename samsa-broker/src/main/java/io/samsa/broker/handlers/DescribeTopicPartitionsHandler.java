package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.TopicMetadata;
import io.samsa.broker.auth.Authorization;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;

/**
 * DescribeTopicPartitions (v0, what {@code kafka-topics} 4.x and the AdminClient's describeTopics use): topics in
 * name order with their partitions' leader, epoch, replicas, ISR, eligible leader replicas and offline replicas,
 * at most {@code min(ResponsePartitionLimit, max.request.partition.size.limit)} partitions per response. When a
 * response is full, {@code NextCursor} names the topic and partition to continue from, and the client asks again
 * with it, as Kafka's handler does. An empty topic list means every topic; then unknown names cannot occur.
 */
public final class DescribeTopicPartitionsHandler implements RequestHandler {
    private final BrokerContext ctx;
    private final PartitionMetadataCache partitionCache = new PartitionMetadataCache();

    public DescribeTopicPartitionsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DescribeTopicPartitionsRequestData data = request.body(DescribeTopicPartitionsRequest.class).data();
        return CompletableFuture.completedFuture(describe(request, data));
    }

    private DescribeTopicPartitionsResponseData describe(Request request,
                                                        DescribeTopicPartitionsRequestData data) {
        Map<String, TopicMetadata> all = ctx.metadata().topics();
        partitionCache.retainTopics(all);
        boolean allTopics = data.topics().isEmpty();
        DescribeTopicPartitionsRequestData.Cursor cursor = data.cursor();
        String cursorTopic = cursor == null ? "" : cursor.topicName();
        TreeSet<String> names = new TreeSet<>();
        Authorization authz = ctx.authorization();
        Set<String> denied = new HashSet<>();
        for (String name : allTopics ? all.keySet() : requested(data)) {
            if (name.compareTo(cursorTopic) < 0) {
                continue;
            }
            // As Metadata: a listing leaves out what the principal may not describe, a named topic is refused.
            boolean allowed = authz.allowed(request, AclOperation.DESCRIBE, ResourceType.TOPIC, name);
            if (allowed || !allTopics) {
                names.add(name);
            }
            if (!allowed) {
                denied.add(name);
            }
        }
        if (cursor != null && !allTopics && !names.contains(cursor.topicName())) {
            throw new InvalidRequestException("DescribeTopicPartitionsRequest topic list should contain the cursor "
                    + "topic: " + cursor.topicName());
        }
        if (cursor != null && cursor.partitionIndex() < 0) {
            throw new InvalidRequestException("DescribeTopicPartitionsRequest cursor partition must be valid");
        }
        Set<Integer> liveIds = new HashSet<>();
        for (BrokerRegistration b : ctx.metadata().liveBrokers()) {
            liveIds.add(b.brokerId());
        }
        int remaining = Math.max(1, Math.min(ctx.config().maxRequestPartitionSizeLimit(),
                data.responsePartitionLimit()));
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        for (String name : names) {
            TopicMetadata t = all.get(name);
            if (denied.contains(name)) {
                response.topics().add(new DescribeTopicPartitionsResponseTopic().setName(name)
                        .setTopicId(Uuid.ZERO_UUID).setIsInternal(Topic.isInternal(name))
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                continue;
            }
            if (t == null) {
                response.topics().add(missing(name));
                continue;
            }
            if (remaining == 0) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
            Map<Integer, PartitionState> states = ctx.metadata().partitionStates(name);
            List<MetadataResponsePartition> partitions = partitionCache.partitions(t, states, liveIds,
                    ctx.brokerId(), Topics.offlineHere(ctx, name));
            int start = name.equals(cursorTopic) ? cursor.partitionIndex() : 0;
            int end = Math.min(partitions.size(), start + remaining);
            DescribeTopicPartitionsResponseTopic topic = new DescribeTopicPartitionsResponseTopic()
                    .setName(name).setTopicId(t.topicId()).setIsInternal(Topic.isInternal(name))
                    .setErrorCode(Errors.NONE.code())
                    .setTopicAuthorizedOperations(authz.authorizedOperations(request, ResourceType.TOPIC, name));
            for (int i = start; i < end; i++) {
                MetadataResponsePartition p = partitions.get(i);
                topic.partitions().add(convert(p, states.get(p.partitionIndex())));
            }
            response.topics().add(topic);
            remaining -= Math.max(0, end - start);
            if (end < partitions.size()) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(end));
                break;
            }
        }
        return response;
    }

    private static List<String> requested(DescribeTopicPartitionsRequestData data) {
        List<String> out = new ArrayList<>();
        data.topics().forEach(t -> out.add(t.name()));
        return out;
    }

    private static DescribeTopicPartitionsResponseTopic missing(String name) {
        Errors error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
        try {
            Topic.validate(name);
        } catch (ApiException e) {
            error = Errors.INVALID_TOPIC_EXCEPTION;
        }
        return new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                .setIsInternal(Topic.isInternal(name)).setErrorCode(error.code());
    }

    /** {@code state} (null when the partition has none yet) gives KIP-966's ELR fields, which Metadata lacks. */
    private static DescribeTopicPartitionsResponsePartition convert(MetadataResponsePartition p,
                                                                    PartitionState state) {
        return new DescribeTopicPartitionsResponsePartition()
                .setPartitionIndex(p.partitionIndex())
                .setErrorCode(Errors.NONE.code())
                .setLeaderId(p.leaderId())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(p.replicaNodes())
                .setIsrNodes(p.isrNodes())
                .setEligibleLeaderReplicas(state == null ? new ArrayList<>()
                        : new ArrayList<>(state.eligibleLeaderReplicas()))
                .setLastKnownElr(state == null ? new ArrayList<>() : new ArrayList<>(state.lastKnownElr()))
                .setOfflineReplicas(p.offlineReplicas());
    }
}
