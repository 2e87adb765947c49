package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.HeartbeatRequest;

/** Heartbeat (all versions): handed to the group coordinator as is. */
public final class HeartbeatHandler implements RequestHandler {
    private final BrokerContext ctx;

    public HeartbeatHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireGroup(request, AclOperation.READ,
                request.body(HeartbeatRequest.class).data().groupId());
        return ctx.groups().heartbeat(GroupRequests.context(request), request.body(HeartbeatRequest.class).data())
                .thenApply(r -> r);
    }
}
