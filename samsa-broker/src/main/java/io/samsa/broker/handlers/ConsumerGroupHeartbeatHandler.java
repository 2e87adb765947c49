package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;

/** ConsumerGroupHeartbeat (KIP-848, v0-1): handed to the group coordinator as is. */
public final class ConsumerGroupHeartbeatHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ConsumerGroupHeartbeatHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireGroup(request, AclOperation.READ,
                request.body(ConsumerGroupHeartbeatRequest.class).data().groupId());
        return ctx.groups().consumerGroupHeartbeat(GroupRequests.context(request),
                request.body(ConsumerGroupHeartbeatRequest.class).data()).thenApply(r -> r);
    }
}
