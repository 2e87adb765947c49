package io.samsa.broker.sim;

import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.controller.LeaderElection;
import io.samsa.metadata.controller.LiveBrokers;
import io.samsa.metadata.controller.PartitionChange;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulated controller: after every change in the store (seen through its watch, a little later), it applies
 * Samsa's real controller rule, {@link PartitionChange#reconcile} (ISR removal of dead and bounced brokers, KIP-966
 * ELR, and {@code LeaderElection.offline}), to the partition and writes the outcome conditionally, as the real
 * controller does. It sits next to ZooKeeper and never fails: controller failover is not simulated.
 *
 * <p>The bug switch {@link SimBug#ELECT_OUT_OF_ISR} makes it believe every replica is in the ISR when it elects,
 * which must make the invariants fail.
 *
 * <p>Single-threaded.
 */
public final class SimController {
    private static final int CONTROLLER_EPOCH = 1;

    private final SimMetadataStore store;
    private final SimEventQueue events;
    private final Random random;
    private final int minIsr;
    private final SimBug bug;
    private final Consumer<String> trace;
    private boolean pending;
    private final Map<LeaderElection.Kind, Integer> elections = new EnumMap<>(LeaderElection.Kind.class);

    public SimController(SimMetadataStore store, SimEventQueue events, Random random, int minIsr, SimBug bug,
                         Consumer<String> trace) {
        this.store = store;
        this.events = events;
        this.random = random;
        this.minIsr = minIsr;
        this.bug = bug;
        this.trace = trace;
        store.addListener(this::onChange);
    }

    /** The leader changes it wrote, by how the leader was found (NONE: the partition went offline). */
    public Map<LeaderElection.Kind, Integer> elections() {
        return elections;
    }

    /** Changes are coalesced: one pass runs a little after the first change it has not yet seen. */
    private void onChange() {
        if (!pending) {
            pending = true;
            events.after(1 + random.nextInt(20), "controller pass", this::pass);
        }
    }

    private void pass() {
        pending = false;
        Optional<Versioned<PartitionState>> current = store.state();
        if (current.isEmpty()) {
            return;
        }
        Versioned<PartitionState> seen = current.get();
        LiveBrokers brokers = new LiveBrokers(store.registrations(), Set.of());
        Versioned<PartitionState> input = seen;
        if (bug == SimBug.ELECT_OUT_OF_ISR && !brokers.isCurrentAt(seen.value().leader(), seen.modifiedZxid())) {
            // The deliberate bug: every live replica counts as in sync, so a lagging one may be elected cleanly.
            List<Integer> all = new ArrayList<>(store.assignment().replicas());
            input = new Versioned<>(seen.value().withIsr(all), seen.version(), Long.MAX_VALUE);
        }
        Optional<PartitionChange.Outcome> outcome = PartitionChange.reconcile(new PartitionChange.Inputs(
                store.assignment(), input, brokers, minIsr, false, CONTROLLER_EPOCH));
        if (outcome.isPresent()) {
            PartitionState next = outcome.get().state();
            boolean written = store.compareAndSet(next, seen.version()).isPresent();
            if (written && next.leaderEpoch() != seen.value().leaderEpoch()) {
                elections.merge(outcome.get().election() == null ? LeaderElection.Kind.ISR : outcome.get().election(),
                        1, Integer::sum);
            }
            trace.accept("controller writes " + next + (outcome.get().election() != null
                    ? " (election " + outcome.get().election() + ")" : "") + (written ? "" : ": version conflict"));
        }
    }
}
