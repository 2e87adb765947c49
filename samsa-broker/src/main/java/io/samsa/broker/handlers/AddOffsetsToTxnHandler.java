package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;

/**
 * AddOffsetsToTxn (all versions): the group's {@code __consumer_offsets} partition joins the producer's transaction,
 * so the commit or abort marker reaches the offsets sent with TxnOffsetCommit.
 */
public final class AddOffsetsToTxnHandler implements RequestHandler {
    private final BrokerContext ctx;

    public AddOffsetsToTxnHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        AddOffsetsToTxnRequestData checked = request.body(AddOffsetsToTxnRequest.class).data();
        ctx.authorization().requireTransactionalId(request, AclOperation.WRITE, checked.transactionalId());
        ctx.authorization().requireGroup(request, AclOperation.READ, checked.groupId());
        AddOffsetsToTxnRequestData data = request.body(AddOffsetsToTxnRequest.class).data();
        TopicPartition offsets = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME,
                ctx.groups().partitionFor(data.groupId()));
        return ctx.transactions().addPartitions(data.transactionalId(), data.producerId(), data.producerEpoch(),
                        Set.of(offsets), (short) 0)
                .thenApply(error -> new AddOffsetsToTxnResponseData().setErrorCode(
                        TxnErrors.forVersion(error, request.version(), TxnErrors.TXN_APIS_KNOW_FENCED).code()));
    }
}
