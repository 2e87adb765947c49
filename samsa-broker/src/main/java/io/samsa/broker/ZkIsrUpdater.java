package io.samsa.broker;

import io.samsa.metadata.ControlledShutdownRequest;
import io.samsa.metadata.EligibleLeaderReplicas;
import io.samsa.metadata.LeaderRecoveryState;
import io.samsa.metadata.MetadataStore;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.Versioned;
import io.samsa.metadata.WriteResult;
import io.samsa.replication.IsrUpdater;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader's ISR changes, written to the partition's state znode with a conditional update on the version the leader
 * holds (docs/CLUSTER.md: "ISR changes: written by the leader"). The write keeps KIP-966's eligible leader replicas
 * right for the new ISR, and marks a partition recovered once a follower rejoins after an unclean election. It is
 * not attempted when the state moved on (another version, leader or epoch), and refused when the change would add a
 * broker that is shutting down or not registered (the controller would only remove it again, or never, if it had
 * already handled that broker's exit). Only what certainly wrote nothing is {@link IsrUpdater.Rejected}; a failure
 * that may hide an applied write (a lost connection, a version conflict, a state that moved on, perhaps by this very
 * change) is {@link IsrUpdater.Unknown}: the leader must keep counting a replica it may have added.
 *
 * <p>Writes run on the blocking executor, never on the network thread that decided the change. Thread-safe.
 */
final class ZkIsrUpdater implements IsrUpdater {
    private static final Logger log = LoggerFactory.getLogger(ZkIsrUpdater.class);

    private final int brokerId;
    private final MetadataStore metadata;
    private final ToIntFunction<String> minInsyncReplicas;
    private final Executor executor;

    ZkIsrUpdater(int brokerId, MetadataStore metadata, ToIntFunction<String> minInsyncReplicas, Executor executor) {
        this.brokerId = brokerId;
        this.metadata = metadata;
        this.minInsyncReplicas = minInsyncReplicas;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Result> submit(TopicPartition tp, int leaderEpoch, int expectedPartitionEpoch,
                                            List<Integer> newIsr) {
        return CompletableFuture.supplyAsync(() -> write(tp, leaderEpoch, expectedPartitionEpoch, newIsr), executor);
    }

    /** Registered in ZooKeeper and not in a controlled shutdown: read from this broker's metadata cache. */
    @Override
    public boolean isEligible(int id) {
        if (metadata.liveBroker(id).isEmpty()) {
            return false;
        }
        for (ControlledShutdownRequest stopping : metadata.controlledShutdownRequests().values()) {
            if (stopping.brokerId() == id) {
                return false;
            }
        }
        return true;
    }

    private Result write(TopicPartition tp, int leaderEpoch, int expectedVersion, List<Integer> newIsr) {
        Optional<Versioned<PartitionState>> current = metadata.partitionState(tp);
        if (current.isEmpty()) {
            return new Rejected("no state for " + tp);
        }
        PartitionState state = current.get().value();
        if (current.get().version() != expectedVersion || state.leader() != brokerId
                || state.leaderEpoch() != leaderEpoch) {
            // Perhaps moved on by this very change, written by an earlier attempt whose answer was lost.
            return new Unknown("the state moved on: version " + current.get().version() + ", leader "
                    + state.leader() + ", epoch " + state.leaderEpoch());
        }
        for (Integer id : newIsr) {
            // A follower's fetch can complete after its broker stopped (it waited in the purgatory), and a broker
            // shutting down would only be removed again: Kafka's controller refuses both as INELIGIBLE_REPLICA.
            if (!state.isr().contains(id) && !isEligible(id)) {
                return new Rejected("broker " + id + " is not registered or is shutting down");
            }
        }
        PartitionState next = EligibleLeaderReplicas.afterIsrChange(state, newIsr,
                minInsyncReplicas.applyAsInt(tp.topic()), List.of());
        if (next.leaderRecoveryState() == LeaderRecoveryState.RECOVERING && newIsr.size() > 1) {
            // A follower caught up with the uncleanly elected leader: the partition's log is whole again.
            next = next.withLeaderRecoveryState(LeaderRecoveryState.RECOVERED);
        }
        WriteResult<PartitionState> result;
        try {
            result = metadata.updatePartitionState(tp, next, expectedVersion);
        } catch (RuntimeException e) {
            log.warn("{}: ISR change to {} failed: {}", tp, newIsr, e.toString());
            return new Unknown(e.toString()); // a connection lost after the write was applied
        }
        if (result.isWritten()) {
            return new Committed(result.written().value().isr(), result.written().version());
        }
        // A version conflict may be this change itself, applied by a retry of the client after a lost connection.
        return result.outcome() == WriteResult.Outcome.NOT_FOUND ? new Rejected(result.outcome().toString())
                : new Unknown(result.outcome().toString());
    }
}
