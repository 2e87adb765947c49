package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.Partition;
import io.samsa.storage.LogAppendInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WriteTxnMarkers: the transaction coordinator (of any broker, this one included) has this broker write the COMMIT
 * or ABORT marker of a transaction into each partition it leads. Each partition is answered once its marker is
 * committed (the high watermark passed it: markers are written with acks=all, as Kafka does), or with the error
 * of its append: NOT_LEADER_OR_FOLLOWER / UNKNOWN_TOPIC_OR_PARTITION when this broker does not lead it,
 * INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED, NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT.
 *
 * <p>For a {@code __consumer_offsets} partition, the group coordinator then completes the transaction's offsets
 * ({@code completeTransaction}) before the partition is answered, so the coordinator's EndTxn only finishes
 * once transactional offsets are visible or dropped.
 *
 * <p>Stateless; runs on the network thread (appends do not block) and answers from replication callbacks.
 */
public final class WriteTxnMarkersHandler implements RequestHandler {
    /** How long a marker may wait for replication: Kafka uses {@code request.timeout.ms}, 30 s by default. */
    static final long REPLICATION_TIMEOUT_MS = 30_000L;
    private static final Logger log = LoggerFactory.getLogger(WriteTxnMarkersHandler.class);

    private final BrokerContext ctx;

    public WriteTxnMarkersHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.CLUSTER_ACTION);
        WriteTxnMarkersRequestData data = request.body(WriteTxnMarkersRequest.class).data();
        WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (WriteTxnMarkersRequestData.WritableTxnMarker marker : data.markers()) {
            WritableTxnMarkerResult result = new WritableTxnMarkerResult().setProducerId(marker.producerId());
            response.markers().add(result);
            for (WriteTxnMarkersRequestData.WritableTxnMarkerTopic topic : marker.topics()) {
                WritableTxnMarkerTopicResult topicResult = new WritableTxnMarkerTopicResult().setName(topic.name());
                result.topics().add(topicResult);
                for (int index : topic.partitionIndexes()) {
                    WritableTxnMarkerPartitionResult pr = new WritableTxnMarkerPartitionResult()
                            .setPartitionIndex(index);
                    topicResult.partitions().add(pr);
                    pending.add(write(marker, new TopicPartition(topic.name(), index))
                            .thenAccept(error -> pr.setErrorCode(error.code())));
                }
            }
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenApply(v -> response);
    }

    /** Appends one partition's marker and completes with its error once it is committed (or failed). */
    private CompletableFuture<Errors> write(WriteTxnMarkersRequestData.WritableTxnMarker marker, TopicPartition tp) {
        Optional<Partition> hosted = ctx.replicaManager().partition(tp);
        if (hosted.isEmpty()) {
            return CompletableFuture.completedFuture(Topics.notHostedError(ctx, tp.topic(), tp.partition()));
        }
        Partition partition = hosted.get();
        LogAppendInfo info;
        try {
            info = partition.appendMarker(marker.producerId(), marker.producerEpoch(), marker.coordinatorEpoch(),
                    marker.transactionResult());
        } catch (ApiException e) {
            log.debug("Marker of producer {} refused by {}: {}", marker.producerId(), tp, e.getMessage());
            return CompletableFuture.completedFuture(Errors.forException(e));
        } catch (RuntimeException e) {
            log.error("Unexpected error writing a transaction marker to {}", tp, e);
            return CompletableFuture.completedFuture(Errors.UNKNOWN_SERVER_ERROR);
        }
        CompletableFuture<Errors> replicated = ctx.replicaManager()
                .awaitReplication(Map.of(partition, info.lastOffset() + 1), REPLICATION_TIMEOUT_MS)
                .thenApply(errors -> errors.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR));
        if (!Topic.GROUP_METADATA_TOPIC_NAME.equals(tp.topic())) {
            return replicated;
        }
        return replicated.thenCompose(error -> error != Errors.NONE ? CompletableFuture.completedFuture(error)
                : ctx.groups().completeTransaction(tp.partition(), marker.producerId(), marker.transactionResult())
                        .handle((v, e) -> e == null ? Errors.NONE : Errors.forException(unwrap(e))));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
