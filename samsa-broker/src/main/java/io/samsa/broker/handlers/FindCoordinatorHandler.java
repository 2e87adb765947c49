package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.InternalTopic;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.PartitionState;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import io.samsa.broker.auth.Authorization;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FindCoordinator (v0+; a batch of keys from v4): a group's coordinator is the leader of its
 * {@code __consumer_offsets} partition. The first lookup creates that topic and answers COORDINATOR_NOT_AVAILABLE,
 * which clients retry. A transactional id's coordinator is, in the same way, the leader of its
 * {@code __transaction_state} partition.
 */
public final class FindCoordinatorHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(FindCoordinatorHandler.class);
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;
    private final BrokerContext ctx;

    public FindCoordinatorHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        FindCoordinatorRequestData data = request.body(FindCoordinatorRequest.class).data();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (request.version() < 4) {
            Coordinator c = authorizedFind(request, data.keyType(), data.key());
            response.setErrorCode(c.errorCode()).setErrorMessage(request.version() >= 1 ? c.errorMessage() : null)
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        } else {
            for (String key : data.coordinatorKeys()) {
                response.coordinators().add(authorizedFind(request, data.keyType(), key));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    /** Kafka's rule: DESCRIBE on the group, or on the transactional id, before its coordinator is named. */
    private Coordinator authorizedFind(Request request, byte keyType, String key) {
        ResourceType type = keyType == FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()
                ? ResourceType.TRANSACTIONAL_ID : ResourceType.GROUP;
        if (!ctx.authorization().allowed(request, AclOperation.DESCRIBE, type, key)) {
            Errors error = Authorization.error(type);
            return new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1).setErrorCode(error.code())
                    .setErrorMessage(error.message());
        }
        return find(keyType, key, request.listenerName());
    }

    private Coordinator find(byte keyType, String key, String listenerName) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType != GROUP && keyType != TRANSACTION) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Unknown coordinator type " + keyType);
        }
        if (key == null || key.isEmpty()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage((keyType == GROUP ? "Group" : "Transactional") + " id must not be empty");
        }
        InternalTopic topic = keyType == GROUP ? ctx.offsetsTopic() : ctx.transactionStateTopic();
        if (!topic.exists()) {
            ctx.blockingExecutor().execute(() -> {
                try {
                    topic.createIfAbsent();
                } catch (org.apache.kafka.common.errors.CoordinatorNotAvailableException e) {
                    // Too few brokers yet; InternalTopic logs it at a bounded rate.
                } catch (RuntimeException e) {
                    log.warn("Could not create {}: {}", topic.name(), e.toString());
                }
            });
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        int partition = keyType == GROUP ? ctx.groups().partitionFor(key) : ctx.transactions().partitionFor(key);
        PartitionState state = ctx.metadata().partitionStates(topic.name()).get(partition);
        Optional<BrokerRegistration> leader = state == null ? Optional.empty()
                : ctx.metadata().liveBroker(state.leader());
        Optional<Endpoint> endpoint = leader.flatMap(b -> b.endpoint(listenerName));
        if (endpoint.isEmpty()) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        return c.setErrorCode(Errors.NONE.code()).setNodeId(leader.get().brokerId()).setHost(endpoint.get().host())
                .setPort(endpoint.get().port());
    }
}
