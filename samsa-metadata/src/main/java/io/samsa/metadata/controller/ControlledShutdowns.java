package io.samsa.metadata.controller;

import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.WriteResult;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of controlled shutdown, once {@link PartitionReconciler} has moved leadership away from the
 * stopping brokers and taken them out of the ISRs that keep a member: marks each request done with the number of
 * partitions the broker still leads (those with no other eligible leader), so that the broker knows it may stop.
 * A request is marked again if that number changes later.
 *
 * <p>Owned by the controller's event loop; not thread-safe.
 */
final class ControlledShutdowns {
    private static final Logger LOG = LoggerFactory.getLogger(ControlledShutdowns.class);

    private final ControllerStore store;
    private final ControllerContext context;

    ControlledShutdowns(ControllerStore store, ControllerContext context) {
        this.store = store;
        this.context = context;
    }

    void update() {
        for (Map.Entry<Integer, Versioned<ControlledShutdownRequest>> e : context.shutdownRequests().entrySet()) {
            int brokerId = e.getKey();
            ControlledShutdownRequest request = e.getValue().value();
            if (!context.brokers().shuttingDown().contains(brokerId)) {
                continue; // from an earlier incarnation of the broker
            }
            int stillLeads = leaderships(brokerId);
            if (request.status() == ControlledShutdownRequest.Status.DONE && request.remainingLeaders() == stillLeads) {
                continue;
            }
            WriteResult<ControlledShutdownRequest> result =
                store.writeControlledShutdown(context.epoch(), request.done(stillLeads), e.getValue().version());
            if (result.outcome() == WriteResult.Outcome.CONTROLLER_FENCED) {
                throw new ControllerFencedException("Controller epoch " + context.epoch().epoch()
                    + " is fenced while answering broker " + brokerId + "'s controlled shutdown");
            }
            if (result.isWritten()) {
                LOG.info("Controlled shutdown of broker {}: it leads {} partitions with no other eligible leader",
                    brokerId, stillLeads);
            }
        }
    }

    private int leaderships(int brokerId) {
        int count = 0;
        for (Versioned<PartitionState> state : context.states().values()) {
            if (state.value().leader() == brokerId) {
                count++;
            }
        }
        return count;
    }
}
