package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.TopicAdmin;
import io.samsa.broker.quota.ControllerMutationQuota;
import io.samsa.common.config.ConfigEntryView;
import io.samsa.common.config.TopicConfigs;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;

/**
 * CreateTopics (v2+), validate-only included: creates each topic in ZooKeeper with its replica assignment and
 * config overrides, and from v5 answers with the topic id, partition count, replication factor and effective
 * configs. A topic named twice in one request fails with INVALID_REQUEST. A request for more partitions in all than
 * {@link PartitionCreationLimit} allows fails whole with POLICY_VIOLATION, as Kafka's does.
 */
public final class CreateTopicsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public CreateTopicsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        CreateTopicsRequestData data = request.body(CreateTopicsRequest.class).data();
        return BlockingCall.run(ctx, () -> create(request, data));
    }

    private CreateTopicsResponseData create(Request request, CreateTopicsRequestData data) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        try {
            PartitionCreationLimit.check(requestedPartitions(data));
        } catch (ApiException e) {
            for (CreatableTopic t : data.topics()) {
                CreatableTopicResult r = new CreatableTopicResult().setName(t.name());
                fail(r, Errors.forException(e), e.getMessage());
                response.topics().add(r);
            }
            return response;
        }
        // KIP-599: partitions created count against the client's controller_mutation_rate; v6+ can be refused.
        ControllerMutationQuota quota = ctx.clientQuotas().controllerMutations(request, request.version() >= 6);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic t : data.topics()) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        for (CreatableTopic t : data.topics()) {
            CreatableTopicResult r = new CreatableTopicResult().setName(t.name());
            if (duplicates.contains(t.name())) {
                fail(r, Errors.INVALID_REQUEST, "Create topics request from client contains a duplicate topic name");
            } else {
                try {
                    ctx.authorization().requireTopicCreate(request, t.name());
                    if (!data.validateOnly()) {
                        quota.checkAllowed();
                    }
                    Map<Integer, List<Integer>> assignment = new HashMap<>();
                    t.assignments().forEach(a -> assignment.put(a.partitionIndex(), a.brokerIds()));
                    Map<String, String> configs = new HashMap<>();
                    t.configs().forEach(c -> configs.put(c.name(), c.value()));
                    TopicAdmin.Created created = ctx.topics().createTopic(t.name(), t.numPartitions(),
                            t.replicationFactor(), assignment, configs, data.validateOnly());
                    if (!data.validateOnly()) {
                        quota.record(created.numPartitions());
                    }
                    r.setTopicId(created.topicId())
                            .setNumPartitions(created.numPartitions())
                            .setReplicationFactor(created.replicationFactor());
                    // Kafka's rule: the effective configs are returned only to who may DESCRIBE_CONFIGS the topic.
                    boolean configsVisible = ctx.authorization().allowed(request, AclOperation.DESCRIBE_CONFIGS,
                            ResourceType.TOPIC, t.name());
                    List<ConfigEntryView> effective = List.of();
                    if (configsVisible) {
                        effective = TopicConfigs.describe(created.configs(), ctx.config(), false);
                    } else {
                        r.setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                    }
                    for (ConfigEntryView c : effective) {
                        r.configs().add(new CreatableTopicConfigs().setName(c.name()).setValue(c.value())
                                .setReadOnly(c.readOnly()).setConfigSource(c.source().id())
                                .setIsSensitive(c.sensitive()));
                    }
                } catch (ApiException e) {
                    fail(r, Errors.forException(e), e.getMessage());
                }
            }
            response.topics().add(r);
        }
        return response.setThrottleTimeMs(quota.throttleTimeMs());
    }

    /** Partitions the request asks for in all, with -1 counted as the broker's {@code num.partitions}. */
    private long requestedPartitions(CreateTopicsRequestData data) {
        long total = 0;
        for (CreatableTopic t : data.topics()) {
            if (!t.assignments().isEmpty()) {
                total += t.assignments().size();
            } else if (t.numPartitions() == -1) {
                total += ctx.config().numPartitions();
            } else if (t.numPartitions() > 0) {
                total += t.numPartitions();
            }
        }
        return total;
    }

    private static void fail(CreatableTopicResult r, Errors error, String message) {
        r.setErrorCode(error.code()).setErrorMessage(message).setNumPartitions(-1).setReplicationFactor((short) -1);
    }
}
