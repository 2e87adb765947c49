package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;

/** CreatePartitions (v0+): grows topics, with optional replica assignments for the new partitions. */
public final class CreatePartitionsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public CreatePartitionsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        CreatePartitionsRequestData data = request.body(CreatePartitionsRequest.class).data();
        return BlockingCall.run(ctx, () -> {
            CreatePartitionsResponseData response = new CreatePartitionsResponseData();
            for (CreatePartitionsRequestData.CreatePartitionsTopic t : data.topics()) {
                CreatePartitionsTopicResult r = new CreatePartitionsTopicResult().setName(t.name());
                try {
                    List<List<Integer>> assignments = null;
                    if (t.assignments() != null) {
                        assignments = new ArrayList<>();
                        for (CreatePartitionsRequestData.CreatePartitionsAssignment a : t.assignments()) {
                            assignments.add(a.brokerIds());
                        }
                    }
                    ctx.topics().createPartitions(t.name(), t.count(), assignments, data.validateOnly());
                } catch (ApiException e) {
                    r.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
                response.results().add(r);
            }
            return response;
        });
    }
}
