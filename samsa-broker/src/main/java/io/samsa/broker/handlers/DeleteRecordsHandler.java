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
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsRequest;

/**
 * DeleteRecords (v0+): moves each partition's log start offset up to the given offset (-1: the high watermark) and
 * answers with the new low watermark. Offsets above the high watermark are OFFSET_OUT_OF_RANGE; compacted-only
 * topics refuse with POLICY_VIOLATION, as Kafka does.
 */
public final class DeleteRecordsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public DeleteRecordsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        DeleteRecordsRequestData data = request.body(DeleteRecordsRequest.class).data();
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : data.topics()) {
            DeleteRecordsTopicResult tr = new DeleteRecordsTopicResult().setName(t.name());
            boolean allowed = ctx.authorization().allowed(request, AclOperation.DELETE, ResourceType.TOPIC, t.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                tr.partitions().add(allowed ? delete(t.name(), p) : new DeleteRecordsPartitionResult()
                        .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            response.topics().add(tr);
        }
        return CompletableFuture.completedFuture(response);
    }

    private DeleteRecordsPartitionResult delete(String topic, DeleteRecordsRequestData.DeleteRecordsPartition p) {
        DeleteRecordsPartitionResult r = new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex())
                .setLowWatermark(-1L);
        Optional<Partition> partition = ctx.replicaManager().partition(new TopicPartition(topic, p.partitionIndex()));
        if (partition.isEmpty()) {
            return r.setErrorCode(Topics.notHostedError(ctx, topic, p.partitionIndex()).code());
        }
        Partition part = partition.get();
        long target = p.offset() == DeleteRecordsRequest.HIGH_WATERMARK ? part.highWatermark() : p.offset();
        if (target < 0) {
            return r.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
        }
        try {
            return r.setLowWatermark(part.deleteRecordsBefore(target));
        } catch (ApiException e) {
            return r.setErrorCode(Errors.forException(e).code());
        }
    }
}
