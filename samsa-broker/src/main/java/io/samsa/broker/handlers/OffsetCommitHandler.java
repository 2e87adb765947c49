package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.ArrayList;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.OffsetCommitRequest;

/** OffsetCommit (all versions): handed to the group coordinator as is. */
public final class OffsetCommitHandler implements RequestHandler {
    private final BrokerContext ctx;

    public OffsetCommitHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        OffsetCommitRequestData data = request.body(OffsetCommitRequest.class).data();
        ctx.authorization().requireGroup(request, AclOperation.READ, data.groupId());
        List<OffsetCommitRequestTopic> denied = deniedTopics(request, data);
        return ctx.groups().commitOffsets(GroupRequests.context(request), data)
                .thenApply(r -> {
                    for (OffsetCommitRequestTopic t : denied) {
                        OffsetCommitResponseTopic rt = new OffsetCommitResponseTopic().setName(t.name())
                                .setTopicId(t.topicId());
                        t.partitions().forEach(p -> rt.partitions().add(new OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                        r.topics().add(rt);
                    }
                    return r;
                });
    }

    /**
     * Takes the topics the principal may not READ out of the request (they are answered TOPIC_AUTHORIZATION_FAILED,
     * as Kafka does, and not committed).
     */
    private List<OffsetCommitRequestTopic> deniedTopics(Request request, OffsetCommitRequestData data) {
        if (!ctx.authorization().enabled()) {
            return List.of();
        }
        List<OffsetCommitRequestTopic> allowed = ctx.authorization().filter(request, AclOperation.READ,
                ResourceType.TOPIC, data.topics(), t -> t.name().isEmpty()
                        ? Topics.nameOf(ctx, t.topicId()).orElse("") : t.name());
        List<OffsetCommitRequestTopic> denied = new ArrayList<>(data.topics());
        denied.removeAll(allowed);
        data.setTopics(new ArrayList<>(allowed));
        return denied;
    }
}
