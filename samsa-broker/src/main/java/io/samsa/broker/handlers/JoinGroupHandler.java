package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.JoinGroupRequest;

/** JoinGroup (all versions): handed to the group coordinator as is. */
public final class JoinGroupHandler implements RequestHandler {
    private final BrokerContext ctx;

    public JoinGroupHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireGroup(request, AclOperation.READ,
                request.body(JoinGroupRequest.class).data().groupId());
        return ctx.groups().joinGroup(GroupRequests.context(request), request.body(JoinGroupRequest.class).data())
                .thenApply(r -> r);
    }
}
