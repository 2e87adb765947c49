package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.LeaveGroupRequest;

/** LeaveGroup (all versions): handed to the group coordinator as is. */
public final class LeaveGroupHandler implements RequestHandler {
    private final BrokerContext ctx;

    public LeaveGroupHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireGroup(request, AclOperation.READ,
                request.body(LeaveGroupRequest.class).data().groupId());
        return ctx.groups().leaveGroup(GroupRequests.context(request), request.body(LeaveGroupRequest.class).data())
                .thenApply(r -> r);
    }
}
