package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

/**
 * TxnOffsetCommit (all versions): a transactional producer's offsets for a group, handed to the group coordinator,
 * which keeps them pending until the transaction's marker.
 */
public final class TxnOffsetCommitHandler implements RequestHandler {
    private final BrokerContext ctx;

    public TxnOffsetCommitHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        return ctx.groups().txnOffsetCommit(GroupRequests.context(request),
                request.body(TxnOffsetCommitRequest.class).data()).thenApply(r -> r);
    }
}
