package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.coordinator.group.RequestContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DeleteGroupsRequest;

/** DeleteGroups (v0+): deletes empty groups and their committed offsets. */
public final class DeleteGroupsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DeleteGroupsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DeleteGroupsRequestData data = request.body(DeleteGroupsRequest.class).data();
        RequestContext rc = GroupRequests.context(request);
        List<CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult>> futures = new ArrayList<>();
        for (String group : data.groupsNames()) {
            futures.add(ctx.authorization().allowed(request, AclOperation.DELETE, ResourceType.GROUP, group)
                    ? ctx.groups().deleteGroup(rc, group)
                    : CompletableFuture.completedFuture(new DeleteGroupsResponseData.DeletableGroupResult()
                            .setGroupId(group).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
        }
        return Futures.allAsList(futures).thenApply(results -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            response.results().addAll(results);
            return response;
        });
    }
}
