package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.auth.Authorization;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.TopicMetadata;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.MetadataRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata (v0+): live brokers as advertised on the request's listener, cluster id, controller, and per topic its id
 * and partitions with leader, leader epoch, replicas, ISR and offline replicas. A broker that does not advertise the
 * request's listener is left out and counts as not alive (its partitions have no leader for this client: Kafka
 * answers LISTENER_NOT_FOUND there, which only a cluster whose brokers disagree on their listeners can meet). Unknown topics are auto-created when the client allows it
 * and {@code auto.create.topics.enable} is set; the response then says LEADER_NOT_AVAILABLE and the client retries.
 */
public final class MetadataHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);
    private final BrokerContext ctx;
    private final PartitionMetadataCache partitionCache = new PartitionMetadataCache();

    public MetadataHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        MetadataRequestData data = request.body(MetadataRequest.class).data();
        short version = request.version();
        validateTopicReferences(data, version);
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(ctx.clusterId())
                .setControllerId(ctx.metadata().controllerId().orElse(-1));
        List<BrokerRegistration> brokers = ctx.metadata().liveBrokers();
        Set<Integer> liveIds = new HashSet<>();
        for (BrokerRegistration b : brokers) {
            Endpoint endpoint = b.endpoint(request.listenerName()).orElse(null);
            if (endpoint != null) {
                liveIds.add(b.brokerId());
                response.brokers().add(new MetadataResponseBroker().setNodeId(b.brokerId())
                        .setHost(endpoint.host()).setPort(endpoint.port()).setRack(b.rack()));
            }
        }
        Map<String, TopicMetadata> topics = ctx.metadata().topics();
        partitionCache.retainTopics(topics);
        boolean allTopics = data.topics() == null || (version == 0 && data.topics().isEmpty());
        Authorization authz = ctx.authorization();
        if (allTopics) {
            for (TopicMetadata t : topics.values()) {
                // Kafka's rule: a topic the principal may not describe is left out, so its existence does not leak.
                if (authz.allowed(request, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                    response.topics().add(describe(t, liveIds));
                }
            }
        } else {
            boolean autoCreate = (version < 4 || data.allowAutoTopicCreation()) && ctx.config().autoCreateTopicsEnable();
            for (MetadataRequestData.MetadataRequestTopic rt : data.topics()) {
                response.topics().add(lookup(request, rt, topics, liveIds, autoCreate));
            }
        }
        if (version >= 8 && data.includeTopicAuthorizedOperations()) {
            for (MetadataResponseTopic t : response.topics()) {
                if (t.errorCode() == Errors.NONE.code()) {
                    t.setTopicAuthorizedOperations(authz.authorizedOperations(request, ResourceType.TOPIC, t.name()));
                }
            }
        }
        if (version >= 8 && version <= 10 && data.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(authz.authorizedOperations(request, ResourceType.CLUSTER,
                    Resource.CLUSTER_NAME));
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * v10 and v11 carry topic ids and nullable names in the request, but their response cannot carry a null name
     * (a response naming no topic could not be written at all, and the connection was closed): as Kafka does, such
     * requests are INVALID_REQUEST, and topics are looked up by id from v12 only.
     */
    private static void validateTopicReferences(MetadataRequestData data, short version) {
        if (version >= 12 || data.topics() == null) {
            return;
        }
        for (MetadataRequestData.MetadataRequestTopic t : data.topics()) {
            if (t.name() == null) {
                throw new InvalidRequestException("Topic name can not be null for version " + version);
            }
            if (!Uuid.ZERO_UUID.equals(t.topicId())) {
                throw new InvalidRequestException("Topic IDs are not supported in requests for version " + version);
            }
        }
    }

    private MetadataResponseTopic lookup(Request request, MetadataRequestData.MetadataRequestTopic rt,
                                         Map<String, TopicMetadata> topics, Set<Integer> liveIds, boolean autoCreate) {
        String name = rt.name();
        if (name == null) {
            Uuid id = rt.topicId();
            String found = Topics.nameOf(ctx, id).orElse(null);
            if (found == null) {
                return new MetadataResponseTopic().setTopicId(id).setName(null)
                        .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
            }
            name = found;
        }
        if (!ctx.authorization().allowed(request, AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
            // Named by id, the name stays unknown to the client, as in Kafka.
            return new MetadataResponseTopic().setName(rt.name()).setTopicId(rt.name() == null ? rt.topicId()
                    : Uuid.ZERO_UUID).setIsInternal(Topic.isInternal(name))
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        TopicMetadata t = topics.get(name);
        if (t != null) {
            return describe(t, liveIds);
        }
        MetadataResponseTopic missing = new MetadataResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                .setIsInternal(Topic.isInternal(name));
        try {
            Topic.validate(name);
        } catch (ApiException e) {
            return missing.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
        if (!autoCreate || Topic.isInternal(name)) {
            return missing.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        if (!ctx.authorization().allowedOnCluster(request, AclOperation.CREATE)
                && !ctx.authorization().allowed(request, AclOperation.CREATE, ResourceType.TOPIC, name)) {
            return missing.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        String topicName = name;
        ctx.blockingExecutor().execute(() -> {
            try {
                ctx.topics().createTopic(topicName, -1, (short) -1, null, Map.of(), false);
                log.info("Auto-created topic {}", topicName);
            } catch (TopicExistsException e) {
                // Another request created it first.
            } catch (RuntimeException e) {
                log.warn("Auto-creation of topic {} failed: {}", topicName, e.toString());
            }
        });
        return missing.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
    }

    private MetadataResponseTopic describe(TopicMetadata t, Set<Integer> liveIds) {
        return new MetadataResponseTopic().setName(t.name()).setTopicId(t.topicId())
                .setIsInternal(Topic.isInternal(t.name())).setErrorCode(Errors.NONE.code())
                .setPartitions(partitionCache.partitions(t, ctx.metadata().partitionStates(t.name()), liveIds,
                        ctx.brokerId(), Topics.offlineHere(ctx, t.name())));
    }
}
