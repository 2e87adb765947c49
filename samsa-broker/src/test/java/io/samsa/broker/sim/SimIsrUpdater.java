package io.samsa.broker.sim;

import io.samsa.metadata.EligibleLeaderReplicas;
import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import io.samsa.replication.IsrUpdater;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * A leader's ISR writes, sent over the simulated network to {@link SimMetadataStore} and answered back, with the
 * rules of the broker's {@code ZkIsrUpdater}: not attempted when the state moved on (version, leader or epoch),
 * KIP-966's ELR kept by {@link EligibleLeaderReplicas}, RECOVERING cleared once a follower rejoins, and written
 * conditionally on the version the leader holds. A write from a broker whose ZooKeeper session is gone fails, as it
 * would with SESSION_EXPIRED. A lost request or answer fails the write after {@link SimConfig#zkTimeoutMs()}; the
 * write may still have happened, as with a real connection loss. Failures are {@link IsrUpdater.Unknown} as
 * {@code ZkIsrUpdater} reports them; adding a broker that is not registered is refused ({@link IsrUpdater.Rejected}),
 * and so is it not {@link #isEligible eligible} (controlled shutdown is not simulated).
 *
 * <p>Single-threaded. Futures complete in later events, never inside {@code submit}.
 */
final class SimIsrUpdater implements IsrUpdater {
    private final int brokerId;
    private final SimMetadataStore store;
    private final SimNetwork network;
    private final SimEventQueue events;
    private final SimConfig config;
    private final LongSupplier session;
    private final BooleanSupplier sameIncarnation;

    SimIsrUpdater(int brokerId, SimContext ctx, LongSupplier session, BooleanSupplier sameIncarnation) {
        this.brokerId = brokerId;
        this.store = ctx.store();
        this.network = ctx.network();
        this.events = ctx.events();
        this.config = ctx.config();
        this.session = session;
        this.sameIncarnation = sameIncarnation;
    }

    @Override
    public CompletableFuture<Result> submit(TopicPartition tp, int leaderEpoch, int expectedPartitionEpoch,
                                            List<Integer> newIsr) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        long s = session.getAsLong();
        network.send(brokerId, SimNetwork.ZOOKEEPER, "isr write " + newIsr, () -> {
            Result r = write(s, leaderEpoch, expectedPartitionEpoch, newIsr);
            network.send(SimNetwork.ZOOKEEPER, brokerId, "isr answer", () -> complete(f, r));
        });
        events.after(config.zkTimeoutMs(), "isr write timeout b" + brokerId,
                () -> complete(f, new Unknown("timed out")));
        return f;
    }

    /** Registered, as {@code ZkIsrUpdater} reads it (there from the broker's cache, here from the store itself). */
    @Override
    public boolean isEligible(int id) {
        return store.registrations().containsKey(id);
    }

    private void complete(CompletableFuture<Result> f, Result r) {
        if (sameIncarnation.getAsBoolean()) {
            f.complete(r);
        }
    }

    private Result write(long s, int leaderEpoch, int expectedVersion, List<Integer> newIsr) {
        if (!store.sessionAlive(s)) {
            return new Unknown("session expired"); // ZkIsrUpdater sees the exception, which says no more
        }
        Optional<Versioned<PartitionState>> current = store.state();
        if (current.isEmpty()) {
            return new Rejected("no state");
        }
        PartitionState state = current.get().value();
        if (current.get().version() != expectedVersion || state.leader() != brokerId
                || state.leaderEpoch() != leaderEpoch) {
            return new Unknown("the state moved on");
        }
        for (Integer id : newIsr) {
            if (!state.isr().contains(id) && !store.registrations().containsKey(id)) {
                return new Rejected("broker " + id + " is not registered");
            }
        }
        PartitionState next = EligibleLeaderReplicas.afterIsrChange(state, newIsr, config.minInsyncReplicas(),
                List.of());
        if (next.leaderRecoveryState() == LeaderRecoveryState.RECOVERING && newIsr.size() > 1) {
            next = next.withLeaderRecoveryState(LeaderRecoveryState.RECOVERED);
        }
        return store.compareAndSet(next, expectedVersion)
                .<Result>map(v -> new Committed(v.value().isr(), v.version()))
                .orElseGet(() -> new Unknown("version conflict"));
    }
}
