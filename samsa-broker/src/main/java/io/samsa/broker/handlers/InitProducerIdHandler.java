package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.acl.AclOperation;
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
            ctx.authorization().requireTransactionalId(request, AclOperation.WRITE, data.transactionalId());
        } else if (!ctx.authorization().allowedOnCluster(request, AclOperation.IDEMPOTENT_WRITE)
                && !ctx.authorization().allowedAny(request, AclOperation.WRITE, ResourceType.TOPIC)) {
            // Kafka's rule: an idempotent producer needs IDEMPOTENT_WRITE, or WRITE on some topic.
            throw new ClusterAuthorizationException("Not authorized for idempotent writes");
        }
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
