package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.coordinator.group.RequestContext;
import io.samsa.broker.auth.Authorization;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;

/** ConsumerGroupDescribe (KIP-848, v0-1): each group described by the group coordinator. */
public final class ConsumerGroupDescribeHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ConsumerGroupDescribeHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ConsumerGroupDescribeRequestData data = request.body(ConsumerGroupDescribeRequest.class).data();
        RequestContext rc = GroupRequests.context(request);
        List<CompletableFuture<ConsumerGroupDescribeResponseData.DescribedGroup>> futures = new ArrayList<>();
        Authorization authz = ctx.authorization();
        for (String group : data.groupIds()) {
            futures.add(authz.allowed(request, AclOperation.DESCRIBE, ResourceType.GROUP, group)
                    ? ctx.groups().consumerGroupDescribe(rc, group)
                    : CompletableFuture.completedFuture(new ConsumerGroupDescribeResponseData.DescribedGroup()
                            .setGroupId(group).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
            futures.forEach(f -> response.groups().add(f.join()));
            if (data.includeAuthorizedOperations()) {
                response.groups().stream().filter(g -> g.errorCode() == Errors.NONE.code())
                        .forEach(g -> g.setAuthorizedOperations(authz.authorizedOperations(request,
                                ResourceType.GROUP, g.groupId())));
            }
            return response;
        });
    }
}
