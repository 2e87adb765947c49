package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.OffsetDeleteRequest;

/** OffsetDelete (all versions): handed to the group coordinator as is. */
public final class OffsetDeleteHandler implements RequestHandler {
    private final BrokerContext ctx;

    public OffsetDeleteHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireGroup(request, AclOperation.DELETE,
                request.body(OffsetDeleteRequest.class).data().groupId());
        return ctx.groups().deleteOffsets(GroupRequests.context(request), request.body(OffsetDeleteRequest.class).data())
                .thenApply(r -> r);
    }
}
