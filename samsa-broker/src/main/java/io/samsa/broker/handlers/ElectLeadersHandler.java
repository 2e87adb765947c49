package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ElectLeadersRequest;

/**
 * ElectLeaders (v0+, {@code kafka-leader-election}): preferred or unclean leader elections, run by the controller
 * with Kafka's per-partition answers (ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE,
 * ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION). A broker whose controller is not active answers
 * NOT_CONTROLLER (top level from v1, per partition in v0, which has no top-level error).
 */
public final class ElectLeadersHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ElectLeadersHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ctx.authorization().requireCluster(request, AclOperation.ALTER);
        ElectLeadersRequestData data = request.body(ElectLeadersRequest.class).data();
        short version = request.version();
        ElectionType type;
        try {
            type = version >= 1 ? ElectionType.valueOf(data.electionType()) : ElectionType.PREFERRED;
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ElectLeadersResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        Optional<Set<TopicPartition>> partitions = Optional.empty();
        if (data.topicPartitions() != null) {
            Set<TopicPartition> asked = new HashSet<>();
            for (ElectLeadersRequestData.TopicPartitions t : data.topicPartitions()) {
                for (int p : t.partitions()) {
                    asked.add(new TopicPartition(t.topic(), p));
                }
            }
            partitions = Optional.of(asked);
        }
        Optional<Set<TopicPartition>> requested = partitions;
        return ctx.controller().electLeaders(type, partitions).handle((results, error) -> {
            ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
            if (error != null) {
                ApiError e = ControllerCalls.errorOf(error);
                response.setErrorCode(e.error().code());
                Map<TopicPartition, ApiError> all = new LinkedHashMap<>();
                requested.orElse(Set.of()).forEach(tp -> all.put(tp, e));
                addResults(response, all);
            } else {
                addResults(response, results);
            }
            return response;
        });
    }

    private static void addResults(ElectLeadersResponseData response, Map<TopicPartition, ApiError> results) {
        Map<String, List<PartitionResult>> byTopic = new LinkedHashMap<>();
        results.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new PartitionResult().setPartitionId(tp.partition()).setErrorCode(e.error().code())
                        .setErrorMessage(e.message())));
        byTopic.forEach((topic, list) -> response.replicaElectionResults().add(
                new ReplicaElectionResult().setTopic(topic).setPartitionResult(list)));
    }
}
