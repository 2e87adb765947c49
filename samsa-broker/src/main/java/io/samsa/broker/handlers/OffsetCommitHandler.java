package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
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
        return ctx.groups().commitOffsets(GroupRequests.context(request), request.body(OffsetCommitRequest.class).data())
                .thenApply(r -> r);
    }
}
