package io.samsa.metadata;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;

/**
 * The controller's port to ZooKeeper: everything the controller reads, writes and hears about, and nothing else.
 * The controller never touches Curator; it is written against this interface, which has two implementations:
 * the ZooKeeper one ({@link ZkMetadataStore#controllerStore()}) and an in-memory one
 * ({@code io.samsa.metadata.memory}) with the same semantics, for deterministic simulation.
 *
 * <p>Reads are served from a watched copy that may lag ZooKeeper by the watch latency; every write is conditional
 * on a version the caller read, so a stale read costs a {@link WriteResult.Outcome#VERSION_CONFLICT}, after which
 * the caller re-reads with {@link #readPartitionStates} (from ZooKeeper itself) and decides again. A write that
 * succeeded is applied to the copy before the method returns, so the writer reads its own writes.
 *
 * <p>Every controller write also checks the version of {@code /controller_epoch} in the same ZooKeeper
 * transaction: when a newer controller exists, the result is {@link WriteResult.Outcome#CONTROLLER_FENCED} and
 * nothing is written.
 *
 * <p>Failures other than these outcomes (ZooKeeper unreachable) are kafka-clients exceptions, as on
 * {@link MetadataStore}: {@code TimeoutException} when ZooKeeper cannot be reached in time.
 *
 * <p>Threading: implementations are thread-safe; the controller calls them from its event loop only. Events go
 * to one {@link Listener} through the executor given with it, in the order the changes were seen.
 */
public interface ControllerStore {

    /**
     * Told what changed; re-read the store to learn how (calls may be coalesced). Runs on the executor given to
     * {@link #setListener}.
     */
    interface Listener {
        /** A broker registered, re-registered with a new broker epoch, or went away. */
        void onBrokersChanged();

        /** A topic was created, deleted or reassigned, or a partition state changed (by anyone). */
        void onTopicsChanged();

        /** A topic's config overrides changed ({@code unclean.leader.election.enable}, {@code min.insync.replicas}). */
        void onTopicConfigChanged(String topic);

        /** {@code /controller} was created, changed or deleted. */
        void onControllerChanged();

        /** A controlled-shutdown request appeared, changed or went away. */
        void onControlledShutdownRequestsChanged();

        /** This store's session was suspended, reconnected or lost. */
        void onSessionStateChanged(SessionState state);
    }

    // ---- reads, from the watched copy

    /** Live brokers by id, with their broker epochs. */
    SortedMap<Integer, BrokerRegistration> liveBrokers();

    /** Every topic znode, with its version, by name. */
    SortedMap<String, Versioned<TopicAssignment>> topics();

    /** The topic's partition states with their versions (partition epochs), by partition; empty if unknown. */
    SortedMap<Integer, Versioned<PartitionState>> partitionStates(String topic);

    /** Pending and done controlled-shutdown requests, with their versions, by broker id. */
    SortedMap<Integer, Versioned<ControlledShutdownRequest>> controlledShutdownRequests();

    /** The broker id in {@code /controller}, if any. */
    OptionalInt controllerId();

    /**
     * Reads these partition states from ZooKeeper itself (not the copy), for a writer that lost a race. A
     * partition without a state znode is absent from the result.
     */
    Map<TopicPartition, Versioned<PartitionState>> readPartitionStates(Collection<TopicPartition> partitions);

    // ---- election

    /**
     * Tries to become the controller: creates the ephemeral {@code /controller} for {@code brokerId} and increments
     * {@code /controller_epoch} (conditionally on its version) in one transaction.
     *
     * @return the epoch won, or empty if another broker is the controller
     */
    Optional<ControllerEpoch> tryBecomeController(int brokerId);

    /** Deletes {@code /controller} if this store's session holds it for {@code brokerId}; otherwise does nothing. */
    void resign(int brokerId);

    /** Whether {@code /controller} names {@code brokerId} and is owned by this store's current session. */
    boolean holdsController(int brokerId);

    // ---- writes, fenced by the controller epoch

    /**
     * Writes partition states, each conditional on its expected version, in as few transactions as ZooKeeper's
     * request size limit allows; every transaction also checks {@code epoch}. Each partition gets its own
     * outcome: a conflict on one does not keep the others from being written.
     */
    Map<TopicPartition, WriteResult<PartitionState>> writePartitionStates(ControllerEpoch epoch,
                                                                         Map<TopicPartition, StateUpdate> updates);

    /** Rewrites a topic znode (a reassignment's adding and removing replicas), conditional on its version. */
    WriteResult<TopicAssignment> writeTopicAssignment(ControllerEpoch epoch, TopicAssignment topic,
                                                      int expectedVersion);

    /** Rewrites a controlled-shutdown request (marking it done), conditional on its version. */
    WriteResult<ControlledShutdownRequest> writeControlledShutdown(ControllerEpoch epoch,
                                                                   ControlledShutdownRequest request,
                                                                   int expectedVersion);

    // ---- events

    /** Sets the one listener; events run on {@code executor}. */
    void setListener(Listener listener, Executor executor);
}
