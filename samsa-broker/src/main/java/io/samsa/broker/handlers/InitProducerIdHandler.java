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
 * InitProducerId (v0+) for idempotent producers: a fresh producer id with epoch 0 each time, as Kafka does without a
 * transactional id. Transactional ids need the transaction coordinator, which does not exist yet: they get
 * COORDINATOR_NOT_AVAILABLE (a client never gets that far, since FindCoordinator is not offered either).
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
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setProducerId(-1).setProducerEpoch((short) -1));
        }
        return BlockingCall.run(ctx, () -> new InitProducerIdResponseData()
                .setProducerId(ctx.producerIds().nextProducerId())
                .setProducerEpoch((short) 0));
    }
}
