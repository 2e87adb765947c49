package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListTransactionsRequest;

/**
 * ListTransactions (all versions): the transactional ids this broker coordinates, filtered by state, producer id,
 * minimum duration (v1+) and id pattern (v2+, a Java regular expression, as in Kafka).
 */
public final class ListTransactionsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ListTransactionsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ListTransactionsRequestData data = request.body(ListTransactionsRequest.class).data();
        Pattern pattern;
        try {
            String p = data.transactionalIdPattern();
            pattern = p == null || p.isEmpty() ? null : Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            return CompletableFuture.completedFuture(new ListTransactionsResponseData()
                    .setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code()));
        }
        return ctx.transactions().list(data.stateFilters(), data.producerIdFilters(), data.durationFilter())
                .thenApply(r -> {
                    if (pattern != null) {
                        r.transactionStates().removeIf(t -> !pattern.matcher(t.transactionalId()).matches());
                    }
                    // Kafka lists only the transactional ids the principal may describe.
                    r.setTransactionStates(ctx.authorization().filter(request, AclOperation.DESCRIBE,
                            ResourceType.TRANSACTIONAL_ID, r.transactionStates(), t -> t.transactionalId()));
                    return r;
                });
    }
}
