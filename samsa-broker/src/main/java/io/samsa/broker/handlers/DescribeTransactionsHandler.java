package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;

/** DescribeTransactions (all versions): the state of each transactional id, from its coordinator. */
public final class DescribeTransactionsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeTransactionsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        List<String> ids = request.body(DescribeTransactionsRequest.class).data().transactionalIds();
        List<CompletableFuture<DescribeTransactionsResponseData.TransactionState>> states = new ArrayList<>();
        ids.forEach(id -> states.add(ctx.authorization().allowed(request, AclOperation.DESCRIBE,
                ResourceType.TRANSACTIONAL_ID, id) ? ctx.transactions().describe(id)
                : CompletableFuture.completedFuture(new DescribeTransactionsResponseData.TransactionState()
                        .setTransactionalId(id).setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()))));
        return CompletableFuture.allOf(states.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            DescribeTransactionsResponseData data = new DescribeTransactionsResponseData();
            states.forEach(s -> data.transactionStates().add(s.join()));
            return data;
        });
    }
}
