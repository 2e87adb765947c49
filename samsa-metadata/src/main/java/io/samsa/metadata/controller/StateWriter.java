package io.samsa.metadata.controller;

import io.samsa.metadata.ControllerStore;
import io.samsa.metadata.PartitionOrder;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.StateUpdate;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a change to partition states the way the controller must: compute each new state from the state held,
 * write them all conditionally with the controller epoch, and for each partition whose write met a newer version
 * (a leader changed its ISR meanwhile), re-read it from ZooKeeper and compute again, up to {@link #MAX_ATTEMPTS}
 * times (as Kafka's controller retries on BADVERSION).
 *
 * <p>A fenced write means another controller exists: {@link ControllerFencedException}, and nothing more is
 * written. Owned by the controller's event loop; not thread-safe.
 */
final class StateWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);
    static final int MAX_ATTEMPTS = 5;

    /** Computes a partition's new state from the one held (null: it has none), or empty to leave it. */
    interface Change extends BiFunction<TopicPartition, Versioned<PartitionState>, Optional<PartitionState>> {
    }

    private final ControllerStore store;
    private final ControllerContext context;

    StateWriter(ControllerStore store, ControllerContext context) {
        this.store = store;
        this.context = context;
    }

    /** Returns the states written, by partition. */
    Map<TopicPartition, Versioned<PartitionState>> apply(Collection<TopicPartition> partitions, Change change) {
        Map<TopicPartition, Versioned<PartitionState>> written = new TreeMap<>(PartitionOrder.INSTANCE);
        List<TopicPartition> pending = new ArrayList<>(partitions);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            Map<TopicPartition, StateUpdate> updates = new TreeMap<>(PartitionOrder.INSTANCE);
            for (TopicPartition tp : pending) {
                Versioned<PartitionState> current = context.state(tp);
                change.apply(tp, current).ifPresent(state -> updates.put(tp,
                    new StateUpdate(state, current == null ? StateUpdate.ABSENT : current.version())));
            }
            if (updates.isEmpty()) {
                pending = List.of(); // nothing (left) to change
                break;
            }
            List<TopicPartition> conflicts = new ArrayList<>();
            store.writePartitionStates(context.epoch(), updates).forEach((tp, result) -> {
                switch (result.outcome()) {
                    case WRITTEN -> {
                        context.putState(tp, result.written());
                        written.put(tp, result.written());
                    }
                    case VERSION_CONFLICT -> conflicts.add(tp);
                    case NOT_FOUND -> context.removeState(tp); // its topic is being deleted
                    case CONTROLLER_FENCED -> throw new ControllerFencedException("Controller epoch "
                        + context.epoch().epoch() + " is fenced: another broker was elected controller");
                }
            });
            if (!conflicts.isEmpty()) {
                LOG.debug("{} partition states changed under the controller; re-reading {}", conflicts.size(),
                    conflicts);
                Map<TopicPartition, Versioned<PartitionState>> fresh = store.readPartitionStates(conflicts);
                for (TopicPartition tp : conflicts) {
                    if (fresh.containsKey(tp)) {
                        context.putState(tp, fresh.get(tp));
                    } else {
                        context.removeState(tp);
                    }
                }
            }
            pending = conflicts;
        }
        if (!pending.isEmpty()) {
            LOG.warn("Gave up writing {} partition states after {} conflicting attempts (the next event retries): {}",
                pending.size(), MAX_ATTEMPTS, pending);
        }
        return written;
    }
}
