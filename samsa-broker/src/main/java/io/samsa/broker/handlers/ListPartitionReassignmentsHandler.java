package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;

/**
 * ListPartitionReassignments (v0+, {@code kafka-reassign-partitions --verify} and {@code --list}): the partitions
 * being reassigned, with their full replica set and the replicas being added and removed. A broker whose controller
 * is not active answers NOT_CONTROLLER.
 */
public final class ListPartitionReassignmentsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ListPartitionReassignmentsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.DESCRIBE);
        ListPartitionReassignmentsRequestData data = request.body(ListPartitionReassignmentsRequest.class).data();
        Optional<Set<TopicPartition>> partitions = Optional.empty();
        if (data.topics() != null) {
            Set<TopicPartition> asked = new HashSet<>();
            for (ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics t : data.topics()) {
                for (int p : t.partitionIndexes()) {
                    asked.add(new TopicPartition(t.name(), p));
                }
            }
            partitions = Optional.of(asked);
        }
        return ctx.controller().listPartitionReassignments(partitions).handle((ongoing, error) -> {
            ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData()
                    .setErrorCode(Errors.NONE.code());
            if (error != null) {
                ApiError e = ControllerCalls.errorOf(error);
                return response.setErrorCode(e.error().code()).setErrorMessage(e.message());
            }
            Map<String, OngoingTopicReassignment> byTopic = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, ReplicaAssignment> e : ongoing.entrySet()) {
                ReplicaAssignment a = e.getValue();
                byTopic.computeIfAbsent(e.getKey().topic(), t -> new OngoingTopicReassignment().setName(t))
                        .partitions().add(new OngoingPartitionReassignment()
                                .setPartitionIndex(e.getKey().partition())
                                .setReplicas(a.replicas()).setAddingReplicas(a.addingReplicas())
                                .setRemovingReplicas(a.removingReplicas()));
            }
            response.topics().addAll(byTopic.values());
            return response;
        });
    }
}
