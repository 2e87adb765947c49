package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.EndTxnRequest;

/**
 * EndTxn (v0-v4; v5 belongs to transactions v2, which this broker does not advertise): commits or aborts the
 * producer's transaction, answered once the decision is in {@code __transaction_state}. v0-v1 clients get
 * INVALID_PRODUCER_EPOCH for PRODUCER_FENCED ({@link TxnErrors}).
 */
public final class EndTxnHandler implements RequestHandler {
    private final BrokerContext ctx;

    public EndTxnHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        EndTxnRequestData data = request.body(EndTxnRequest.class).data();
        return ctx.transactions().endTransaction(data.transactionalId(), data.producerId(), data.producerEpoch(),
                        data.committed())
                .thenApply(error -> new EndTxnResponseData().setErrorCode(
                        TxnErrors.forVersion(error, request.version(), TxnErrors.TXN_APIS_KNOW_FENCED).code()));
    }
}
