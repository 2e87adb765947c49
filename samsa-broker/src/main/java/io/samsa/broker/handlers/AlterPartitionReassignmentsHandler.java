package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.metadata.TopicMetadata;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterPartitionReassignments (v0+, {@code kafka-reassign-partitions --execute}): starts, changes or (with null
 * replicas) cancels reassignments, which the controller drives to completion as the new replicas catch up. From v1
 * a request that does not allow replication-factor changes gets INVALID_REPLICATION_FACTOR for a partition whose
 * target has another number of replicas, as Kafka answers. A broker whose controller is not active answers
 * NOT_CONTROLLER.
 */
public final class AlterPartitionReassignmentsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public AlterPartitionReassignmentsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.ALTER);
        AlterPartitionReassignmentsRequestData data = request.body(AlterPartitionReassignmentsRequest.class).data();
        boolean allowRfChange = request.version() < 1 || data.allowReplicationFactorChange();
        Map<TopicPartition, Optional<List<Integer>>> targets = new LinkedHashMap<>();
        Map<TopicPartition, ApiError> refused = new LinkedHashMap<>();
        for (AlterPartitionReassignmentsRequestData.ReassignableTopic t : data.topics()) {
            Optional<TopicMetadata> topic = ctx.metadata().topic(t.name());
            for (AlterPartitionReassignmentsRequestData.ReassignablePartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                List<Integer> current = topic.map(m -> m.assignment().get(p.partitionIndex())).orElse(null);
                if (!allowRfChange && p.replicas() != null && current != null
                        && p.replicas().size() != current.size()) {
                    refused.put(tp, new ApiError(Errors.INVALID_REPLICATION_FACTOR, "The replication factor is "
                            + "changed from " + current.size() + " to " + p.replicas().size()
                            + ", which the request does not allow"));
                } else {
                    targets.put(tp, Optional.ofNullable(p.replicas()).map(List::copyOf));
                }
            }
        }
        return ctx.controller().alterPartitionReassignments(targets).handle((results, error) -> {
            AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                    .setErrorCode(Errors.NONE.code()).setAllowReplicationFactorChange(allowRfChange);
            Map<TopicPartition, ApiError> all = new LinkedHashMap<>();
            if (error != null) {
                ApiError e = ControllerCalls.errorOf(error);
                response.setErrorCode(e.error().code()).setErrorMessage(e.message());
                targets.keySet().forEach(tp -> all.put(tp, e));
            } else {
                all.putAll(results);
            }
            all.putAll(refused);
            Map<String, List<ReassignablePartitionResponse>> byTopic = new LinkedHashMap<>();
            all.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new ReassignablePartitionResponse().setPartitionIndex(tp.partition())
                            .setErrorCode(e.error().code()).setErrorMessage(e.message())));
            byTopic.forEach((topic, list) -> response.responses().add(
                    new ReassignableTopicResponse().setName(topic).setPartitions(list)));
            return response;
        });
    }
}
