package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.EndTxnRequest;

/**
 * EndTxn (v0-v4; v5 belongs to transactions v2, which this broker does not advertise): commits or aborts the
 * producer's transaction, answered once the decision is in {@code __transaction_state}. v0 clients know no
 * PRODUCER_FENCED: they get INVALID_PRODUCER_EPOCH, as Kafka answers them.
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
                        (error == Errors.PRODUCER_FENCED && request.version() == 0
                                ? Errors.INVALID_PRODUCER_EPOCH : error).code()));
    }
}
