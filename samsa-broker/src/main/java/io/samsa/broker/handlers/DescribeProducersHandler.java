package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.Partition;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeProducersRequest;

/**
 * DescribeProducers ({@code kafka-transactions describe-producers}, Admin#describeProducers): per partition the
 * producers its leader has state for, from the partition's producer state (id, epoch, last sequence and timestamp,
 * coordinator epoch, start offset of the open transaction). Partitions this broker does not lead get
 * NOT_LEADER_OR_FOLLOWER, or UNKNOWN_TOPIC_OR_PARTITION when they do not exist. Stateless.
 */
public final class DescribeProducersHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DescribeProducersHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DescribeProducersRequestData data = request.body(DescribeProducersRequest.class).data();
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        for (DescribeProducersRequestData.TopicRequest t : data.topics()) {
            TopicResponse tr = new TopicResponse().setName(t.name());
            boolean allowed = ctx.authorization().allowed(request, AclOperation.READ, ResourceType.TOPIC, t.name());
            for (int index : t.partitionIndexes()) {
                tr.partitions().add(allowed ? describe(t.name(), index) : new PartitionResponse()
                        .setPartitionIndex(index).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            response.topics().add(tr);
        }
        return CompletableFuture.completedFuture(response);
    }

    private PartitionResponse describe(String topic, int index) {
        PartitionResponse r = new PartitionResponse().setPartitionIndex(index);
        Optional<Partition> partition = ctx.replicaManager().partition(new TopicPartition(topic, index));
        if (partition.isEmpty()) {
            return r.setErrorCode(Topics.notHostedError(ctx, topic, index).code());
        }
        try {
            return r.setActiveProducers(partition.get().activeProducers()).setErrorCode(Errors.NONE.code());
        } catch (ApiException e) {
            return r.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        }
    }
}
