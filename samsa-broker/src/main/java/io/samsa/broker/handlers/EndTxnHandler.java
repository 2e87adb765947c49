package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.EndTxnRequest;

/**
 * EndTxn (v0-v5): commits or aborts the producer's transaction, answered once the decision is in
 * {@code __transaction_state}. v5 is transactions v2 (KIP-890): the epoch is bumped and the response carries the
 * producer id and epoch the producer goes on with. v0-v1 clients get INVALID_PRODUCER_EPOCH for PRODUCER_FENCED
 * ({@link TxnErrors}).
 */
public final class EndTxnHandler implements RequestHandler {
    /** The first EndTxn version of transactions v2. */
    static final short FIRST_V2_VERSION = 5;

    private final BrokerContext ctx;

    public EndTxnHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireTransactionalId(request, AclOperation.WRITE,
                request.body(EndTxnRequest.class).data().transactionalId());
        EndTxnRequestData data = request.body(EndTxnRequest.class).data();
        boolean v2 = request.version() >= FIRST_V2_VERSION;
        return ctx.transactions().endTransaction(data.transactionalId(), data.producerId(), data.producerEpoch(),
                        data.committed(), v2)
                .thenApply(result -> {
                    EndTxnResponseData response = new EndTxnResponseData().setErrorCode(
                            TxnErrors.forVersion(result.error(), request.version(), TxnErrors.TXN_APIS_KNOW_FENCED)
                                    .code());
                    if (v2) {
                        // Fields of v5 only: a non-default value at an older version cannot be written.
                        response.setProducerId(result.producerId()).setProducerEpoch(result.producerEpoch());
                    }
                    return response;
                });
    }
}
