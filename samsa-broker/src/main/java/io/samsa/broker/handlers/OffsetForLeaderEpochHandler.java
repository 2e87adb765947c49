package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.Partition;
import io.samsa.storage.epoch.EpochEndOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;

/**
 * OffsetForLeaderEpoch (v0+): for each partition this broker leads, where the asked leader epoch ends in its log,
 * from the leader epoch cache (Kafka's answer: the largest epoch at or below the asked one, and the start of the
 * next epoch or the log end; -1/-1 when the log cannot tell). The Java consumer asks after a leader change to check
 * that its position survived; followers do not need it, they truncate from Fetch's diverging epoch. Runs on the
 * network thread: a lookup in a small in-memory map.
 */
public final class OffsetForLeaderEpochHandler implements RequestHandler {
    private final BrokerContext ctx;

    public OffsetForLeaderEpochHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        OffsetForLeaderEpochRequestData data = request.body(OffsetsForLeaderEpochRequest.class).data();
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        // Kafka's rule: a follower (a replica id) needs CLUSTER_ACTION, a client DESCRIBE on each topic.
        boolean fromReplica = data.replicaId() >= 0;
        boolean clusterAllowed = !fromReplica || ctx.authorization().allowedOnCluster(request,
                AclOperation.CLUSTER_ACTION);
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : data.topics()) {
            OffsetForLeaderTopicResult tr = new OffsetForLeaderTopicResult().setTopic(t.topic());
            boolean allowed = fromReplica ? clusterAllowed
                    : ctx.authorization().allowed(request, AclOperation.DESCRIBE, ResourceType.TOPIC, t.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
                tr.partitions().add(allowed ? answer(t.topic(), p)
                        : new OffsetForLeaderEpochResponseData.EpochEndOffset().setPartition(p.partition())
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            response.topics().add(tr);
        }
        return CompletableFuture.completedFuture(response);
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset answer(String topic,
            OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p) {
        OffsetForLeaderEpochResponseData.EpochEndOffset r = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1L);
        Optional<Partition> partition = ctx.replicaManager().partition(new TopicPartition(topic, p.partition()));
        if (partition.isEmpty()) {
            return r.setErrorCode(Topics.notHostedError(ctx, topic, p.partition()).code());
        }
        Optional<Integer> current = p.currentLeaderEpoch() < 0 ? Optional.empty() : Optional.of(p.currentLeaderEpoch());
        try {
            EpochEndOffset end = partition.get().lastOffsetForLeaderEpoch(current, p.leaderEpoch());
            if (!end.isUndefined()) {
                r.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
            }
            return r.setErrorCode(Errors.NONE.code());
        } catch (ApiException e) {
            return r.setErrorCode(Errors.forException(e).code());
        }
    }
}
