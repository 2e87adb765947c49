package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.coordinator.group.OffsetFetchResponses;
import io.samsa.coordinator.group.RequestContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.OffsetFetchRequest;

/**
 * OffsetFetch (v1+): committed offsets of one group (before v8) or several (v8+). The coordinator answers per group;
 * {@link OffsetFetchResponses} shapes the answer for the request's version.
 */
public final class OffsetFetchHandler implements RequestHandler {
    private final BrokerContext ctx;

    public OffsetFetchHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        OffsetFetchRequestData data = request.body(OffsetFetchRequest.class).data();
        RequestContext rc = GroupRequests.context(request);
        if (request.version() >= 8) {
            List<CompletableFuture<OffsetFetchResponseGroup>> futures = new ArrayList<>();
            for (OffsetFetchRequestGroup g : data.groups()) {
                futures.add(ctx.authorization().allowed(request, AclOperation.DESCRIBE, ResourceType.GROUP,
                        g.groupId()) ? ctx.groups().fetchOffsets(rc, g, data.requireStable())
                                .thenApply(r -> visibleTopics(request, r, g.topics() != null))
                        : CompletableFuture.completedFuture(new OffsetFetchResponseGroup().setGroupId(g.groupId())
                                .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
            }
            return Futures.allAsList(futures).thenApply(OffsetFetchResponses::multiGroup);
        }
        ctx.authorization().requireGroup(request, AclOperation.DESCRIBE, data.groupId());
        OffsetFetchRequestGroup group = new OffsetFetchRequestGroup().setGroupId(data.groupId());
        if (data.topics() == null) {
            group.setTopics(null);
        } else {
            List<OffsetFetchRequestTopics> topics = new ArrayList<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : data.topics()) {
                topics.add(new OffsetFetchRequestTopics().setName(t.name()).setPartitionIndexes(t.partitionIndexes()));
            }
            group.setTopics(topics);
        }
        return ctx.groups().fetchOffsets(rc, group, data.requireStable())
                .thenApply(g -> OffsetFetchResponses.singleGroup(data,
                        visibleTopics(request, g, data.topics() != null), request.version()));
    }

    /**
     * Kafka's rule for the topics of an offset fetch: DESCRIBE on each. Named topics the principal may not describe
     * answer TOPIC_AUTHORIZATION_FAILED per partition; in an all-topics fetch they are left out.
     */
    private OffsetFetchResponseGroup visibleTopics(Request request, OffsetFetchResponseGroup group, boolean named) {
        if (!ctx.authorization().enabled()) {
            return group;
        }
        List<OffsetFetchResponseTopics> kept = new ArrayList<>();
        for (OffsetFetchResponseTopics t : group.topics()) {
            String name = t.name() == null || t.name().isEmpty() ? Topics.nameOf(ctx, t.topicId()).orElse("") : t.name();
            if (ctx.authorization().allowed(request, AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                kept.add(t);
            } else if (named) {
                t.partitions().forEach(p -> p.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("")
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                kept.add(t);
            }
        }
        return group.setTopics(kept);
    }
}
