package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.replication.Partition;
import io.samsa.storage.LogAppendInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;

/**
 * Produce (v3+): appends each partition's batches to its leader log and answers with the assigned base offsets.
 * v13 names topics by id. acks=0 gets no response; if any partition failed, the connection is closed instead, as
 * Kafka does, so the client notices. Runs on the network thread: an append is a page-cache write.
 */
public final class ProduceHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ProduceHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ProduceRequestData data = request.body(ProduceRequest.class).data();
        short acks = data.acks();
        boolean byId = request.version() >= 13;
        ProduceResponseData response = new ProduceResponseData();
        boolean anyError = false;
        for (ProduceRequestData.TopicProduceData t : data.topicData()) {
            TopicProduceResponse tr = new TopicProduceResponse();
            String name;
            if (byId) {
                tr.setTopicId(t.topicId());
                name = Topics.nameOf(ctx, t.topicId()).orElse(null);
            } else {
                tr.setName(t.name());
                name = t.name();
            }
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                PartitionProduceResponse pr = append(name, byId ? t.topicId() : null, p, acks);
                anyError |= pr.errorCode() != Errors.NONE.code();
                tr.partitionResponses().add(pr);
            }
            response.responses().add(tr);
        }
        if (acks == 0) {
            return anyError
                    ? CompletableFuture.failedFuture(new InvalidRequestException("acks=0 produce failed"))
                    : CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.completedFuture(response);
    }

    private PartitionProduceResponse append(String topic, Uuid topicId, ProduceRequestData.PartitionProduceData p,
                                            short acks) {
        PartitionProduceResponse pr = new PartitionProduceResponse().setIndex(p.index());
        if (acks != 0 && acks != 1 && acks != -1) {
            return fail(pr, Errors.INVALID_REQUIRED_ACKS, null);
        }
        if (topic == null) {
            return fail(pr, Errors.UNKNOWN_TOPIC_ID, null);
        }
        Optional<Partition> partition = ctx.replicaManager().partition(new TopicPartition(topic, p.index()));
        if (partition.isEmpty() || (topicId != null && !partition.get().topicId().equals(topicId))) {
            return fail(pr, Topics.notHostedError(ctx, topic, p.index()), null);
        }
        try {
            LogAppendInfo info = partition.get().appendAsLeader((MemoryRecords) p.records());
            return pr.setBaseOffset(info.firstOffset())
                    .setLogAppendTimeMs(info.logAppendTime())
                    .setLogStartOffset(info.logStartOffset());
        } catch (ApiException e) {
            return fail(pr, Errors.forException(e), e.getMessage());
        } catch (ClassCastException e) {
            return fail(pr, Errors.CORRUPT_MESSAGE, "Records are not a memory record set");
        }
    }

    private static PartitionProduceResponse fail(PartitionProduceResponse pr, Errors error, String message) {
        return pr.setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1L)
                .setLogAppendTimeMs(-1L)
                .setLogStartOffset(-1L);
    }
}
