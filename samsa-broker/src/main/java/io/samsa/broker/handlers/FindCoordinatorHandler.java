package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.broker.group.OffsetsTopic;
import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.PartitionState;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * which clients retry. Transaction coordinators do not exist yet: COORDINATOR_NOT_AVAILABLE.
 */
public final class FindCoordinatorHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(FindCoordinatorHandler.class);
    private static final byte GROUP = 0;
    private final BrokerContext ctx;

    public FindCoordinatorHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        FindCoordinatorRequestData data = request.body(FindCoordinatorRequest.class).data();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (request.version() < 4) {
            Coordinator c = find(data.keyType(), data.key());
            response.setErrorCode(c.errorCode()).setErrorMessage(request.version() >= 1 ? c.errorMessage() : null)
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        } else {
            for (String key : data.coordinatorKeys()) {
                response.coordinators().add(find(data.keyType(), key));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator find(byte keyType, String key) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType != GROUP) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("Only group coordinators are available");
        }
        if (key == null || key.isEmpty()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Group id must not be empty");
        }
        if (!ctx.offsetsTopic().exists()) {
            ctx.blockingExecutor().execute(() -> {
                try {
                    ctx.offsetsTopic().createIfAbsent();
                } catch (org.apache.kafka.common.errors.CoordinatorNotAvailableException e) {
                    // Too few brokers yet; OffsetsTopic logs it at a bounded rate.
                } catch (RuntimeException e) {
                    log.warn("Could not create {}: {}", OffsetsTopic.NAME, e.toString());
                }
            });
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        int partition = ctx.groups().partitionFor(key);
        PartitionState state = ctx.metadata().partitionStates(OffsetsTopic.NAME).get(partition);
        Optional<BrokerRegistration> leader = state == null ? Optional.empty() : broker(state.leader());
        if (leader.isEmpty()) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        return c.setErrorCode(Errors.NONE.code()).setNodeId(leader.get().brokerId()).setHost(leader.get().host())
                .setPort(leader.get().port());
    }

    private Optional<BrokerRegistration> broker(int id) {
        return ctx.metadata().liveBroker(id);
    }
}
