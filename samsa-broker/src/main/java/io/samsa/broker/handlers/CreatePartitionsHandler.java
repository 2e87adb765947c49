package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.quota.ControllerMutationQuota;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;

/**
 * CreatePartitions (v0+): grows topics, with optional replica assignments for the new partitions. A request that
 * would add more partitions in all than {@link PartitionCreationLimit} allows fails whole with POLICY_VIOLATION.
 */
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
            try {
                PartitionCreationLimit.check(addedPartitions(data));
            } catch (ApiException e) {
                for (CreatePartitionsRequestData.CreatePartitionsTopic t : data.topics()) {
                    response.results().add(new CreatePartitionsTopicResult().setName(t.name())
                            .setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage()));
                }
                return response;
            }
            // KIP-599: partitions added count against the client's controller_mutation_rate; v3+ can be refused.
            ControllerMutationQuota quota = ctx.clientQuotas().controllerMutations(request, request.version() >= 3);
            for (CreatePartitionsRequestData.CreatePartitionsTopic t : data.topics()) {
                CreatePartitionsTopicResult r = new CreatePartitionsTopicResult().setName(t.name());
                try {
                    ctx.authorization().requireTopic(request, AclOperation.ALTER, t.name());
                    int before = ctx.metadata().topic(t.name()).map(m -> m.partitionCount()).orElse(t.count());
                    if (!data.validateOnly()) {
                        quota.checkAllowed();
                    }
                    List<List<Integer>> assignments = null;
                    if (t.assignments() != null) {
                        assignments = new ArrayList<>();
                        for (CreatePartitionsRequestData.CreatePartitionsAssignment a : t.assignments()) {
                            assignments.add(a.brokerIds());
                        }
                    }
                    ctx.topics().createPartitions(t.name(), t.count(), assignments, data.validateOnly());
                    if (!data.validateOnly()) {
                        quota.record(t.count() - before);
                    }
                } catch (ApiException e) {
                    r.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
                response.results().add(r);
            }
            return response.setThrottleTimeMs(quota.throttleTimeMs());
        });
    }

    /** Partitions the request would add in all; topics that do not exist or would shrink count nothing. */
    private long addedPartitions(CreatePartitionsRequestData data) {
        long total = 0;
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : data.topics()) {
            int current = ctx.metadata().topic(t.name()).map(m -> m.partitionCount()).orElse(t.count());
            total += Math.max(0, t.count() - current);
        }
        return total;
    }
}
