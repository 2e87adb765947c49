package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.coordinator.group.RequestContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import io.samsa.broker.auth.Authorization;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DescribeGroupsRequest;

/** DescribeGroups (v0+): state, protocol and members of each classic group. */
public final class DescribeGroupsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeGroupsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DescribeGroupsRequestData data = request.body(DescribeGroupsRequest.class).data();
        RequestContext rc = GroupRequests.context(request);
        List<CompletableFuture<DescribeGroupsResponseData.DescribedGroup>> futures = new ArrayList<>();
        Authorization authz = ctx.authorization();
        for (String group : data.groups()) {
            futures.add(authz.allowed(request, AclOperation.DESCRIBE, ResourceType.GROUP, group)
                    ? ctx.groups().describeGroup(rc, group)
                    : CompletableFuture.completedFuture(new DescribeGroupsResponseData.DescribedGroup()
                            .setGroupId(group).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
        }
        return Futures.allAsList(futures).thenApply(groups -> {
            if (data.includeAuthorizedOperations()) {
                for (DescribeGroupsResponseData.DescribedGroup g : groups) {
                    if (g.errorCode() == Errors.NONE.code()) {
                        g.setAuthorizedOperations(authz.authorizedOperations(request, ResourceType.GROUP,
                                g.groupId()));
                    }
                }
            }
            return new DescribeGroupsResponseData().setGroups(groups);
        });
    }
}
