package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * InitProducerId (v0+). Without a transactional id (idempotent producers): a fresh producer id with epoch 0 each time,
 * as Kafka does. With one: the transaction coordinator's answer (epoch bump, fencing, KIP-360 recovery with the
 * producer's current id and epoch from v3).
 */
public final class InitProducerIdHandler implements RequestHandler {
    private final BrokerContext ctx;

    public InitProducerIdHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        InitProducerIdRequestData data = request.body(InitProducerIdRequest.class).data();
        if (data.transactionalId() != null) {
            return ctx.transactions().initProducerId(data.transactionalId(), data.transactionTimeoutMs(),
                    data.producerId(), data.producerEpoch()).thenApply(r -> r.setErrorCode(TxnErrors.forVersion(
                            Errors.forCode(r.errorCode()), request.version(), TxnErrors.INIT_PRODUCER_ID_KNOWS_FENCED)
                            .code()));
        }
        return BlockingCall.run(ctx, () -> new InitProducerIdResponseData()
                .setProducerId(ctx.producerIds().nextProducerId())
                .setProducerEpoch((short) 0));
    }
}
