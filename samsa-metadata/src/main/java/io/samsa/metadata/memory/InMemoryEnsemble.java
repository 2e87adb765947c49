package io.samsa.metadata.memory;

import io.samsa.metadata.ControllerEpoch;
import io.samsa.metadata.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * The in-memory ZooKeeper server for Samsa's metadata: the authoritative tree ({@link ZNodeTables}), zxids,
 * sessions, and the delivery of watch events to connected clients.
 *
 * <p>What it models, because the broker and the controller depend on it:
 * <ul>
 *   <li>zxids that grow by one per transaction; czxid, mzxid and data version per znode;</li>
 *   <li>ephemeral znodes owned by a session, deleted (and watchers told) when the session closes or expires;</li>
 *   <li>conditional writes and atomic multi-znode transactions ({@link Txn});</li>
 *   <li>watches: every change is delivered to every connected client as a task on that client's executor, in
 *       zxid order; a suspended client gets the changes it missed when it reconnects;</li>
 *   <li>sessions a test drives: {@link #suspend} (connection lost, session alive), {@link #resume},
 *       {@link #expire} (the server expires the session: its ephemerals go at once; the client learns it when
 *       connected, and then gets a new session, reloads its copy and re-registers its broker, as the ZooKeeper
 *       store does).</li>
 * </ul>
 *
 * <p>What it does not model: request latency (clients' writes complete synchronously), server failures and
 * ACLs.
 *
 * <p>Deterministic: no threads, no clock, no randomness; clients are served in connection order and keys in sorted
 * order. Thread-safe (one lock), though a simulation drives it from one thread.
 */
public final class InMemoryEnsemble {
    private final Object lock = new Object();
    private final String clusterId;
    private final ZNodeTables tree = new ZNodeTables();
    private final List<InMemoryMetadataStore> clients = new ArrayList<>();
    private final TreeMap<Long, Boolean> liveSessions = new TreeMap<>();
    private long lastZxid;
    private long lastSession;
    private long nextProducerId;

    /** @param clusterId what {@code /cluster/id} holds (the caller chooses it, so a seeded run stays seeded) */
    public InMemoryEnsemble(String clusterId) {
        this.clusterId = clusterId;
    }

    /**
     * Opens a client session whose watch events run on {@code executor}.
     *
     * @param executor runs the client's watch events and its metadata listeners, in submission order
     */
    public InMemoryMetadataStore connect(Executor executor) {
        synchronized (lock) {
            InMemoryMetadataStore client = new InMemoryMetadataStore(this, executor, newSession());
            clients.add(client);
            client.resync(tree);
            return client;
        }
    }

    /** The client's connection drops; its session lives on (Curator SUSPENDED). */
    public void suspend(InMemoryMetadataStore client) {
        client.suspend();
    }

    /** The client reconnects: to its session if still alive (RECONNECTED), or learns it expired (LOST). */
    public void resume(InMemoryMetadataStore client) {
        synchronized (lock) {
            client.resume(isAlive(client.session()));
        }
    }

    /** The server expires the client's session: its ephemeral znodes are deleted now. */
    public void expire(InMemoryMetadataStore client) {
        synchronized (lock) {
            endSession(client.session());
            client.sessionExpired();
        }
    }

    /**
     * The client's process died (kill -9) and its session timed out: its ephemeral znodes are deleted, and the
     * client is detached: it hears nothing more and can do nothing more. Start a new client for the restart.
     */
    public void crash(InMemoryMetadataStore client) {
        synchronized (lock) {
            client.crashed();
            clients.remove(client);
            endSession(client.session());
        }
    }

    /** The last zxid handed out. */
    public long lastZxid() {
        synchronized (lock) {
            return lastZxid;
        }
    }

    /** The authoritative controller epoch, for invariant checks; empty before the first election. */
    public Optional<ControllerEpoch> controllerEpoch() {
        synchronized (lock) {
            ZNode<Integer> node = tree.get(Kind.CONTROLLER_EPOCH, Kind.SINGLE);
            return node == null ? Optional.empty() : Optional.of(new ControllerEpoch(node.value(), node.version()));
        }
    }

    /** The authoritative partition state, for invariant checks. */
    public Optional<PartitionState> partitionState(TopicPartition partition) {
        synchronized (lock) {
            ZNode<PartitionState> node = tree.get(Kind.STATE, partition);
            return node == null ? Optional.empty() : Optional.of(node.value());
        }
    }

    // ---- for the clients in this package

    String clusterId() {
        return clusterId;
    }

    long nextZxid() {
        return ++lastZxid;
    }

    long newSession() {
        synchronized (lock) {
            long session = ++lastSession;
            liveSessions.put(session, true);
            return session;
        }
    }

    boolean isAlive(long session) {
        synchronized (lock) {
            return liveSessions.containsKey(session);
        }
    }

    /**
     * Runs {@code body} atomically for {@code writer}'s session, applies its changes to the writer's copy at once
     * (a store reads its own writes), then delivers them to every client as watch events.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException if the writer is disconnected, as a ZooKeeper
     *         client's operation fails while it cannot reach the server
     */
    <T> T transact(InMemoryMetadataStore writer, Function<Txn, T> body) {
        synchronized (lock) {
            writer.ensureConnected();
            return transact(writer.session(), writer, body);
        }
    }

    private <T> T transact(long session, InMemoryMetadataStore writer, Function<Txn, T> body) {
        Txn txn = new Txn(this, tree, session);
        T result = body.apply(txn);
        if (writer != null) {
            writer.applyOwn(txn.changes());
        }
        deliver(txn.changes());
        return result;
    }

    /** Reads the authoritative tree under the lock. */
    <T> T read(Function<ZNodeTables, T> reader) {
        synchronized (lock) {
            return reader.apply(tree);
        }
    }

    /** Closes or expires a session: deletes its ephemeral znodes, in kind and key order. */
    void endSession(long session) {
        synchronized (lock) {
            if (liveSessions.remove(session) == null) {
                return;
            }
            transact(session, null, txn -> {
                for (Kind kind : Kind.values()) {
                    List<Object> owned = new ArrayList<>();
                    for (Map.Entry<Object, ZNode<Object>> e : txn.all(kind).entrySet()) {
                        if (e.getValue().ephemeralOwner() == session) {
                            owned.add(e.getKey());
                        }
                    }
                    owned.forEach(key -> txn.delete(kind, key));
                }
                return null;
            });
        }
    }

    void disconnect(InMemoryMetadataStore client) {
        synchronized (lock) {
            clients.remove(client);
        }
    }

    long allocateProducerIds(int blockSize) {
        synchronized (lock) {
            long start = nextProducerId;
            nextProducerId += blockSize;
            return start;
        }
    }

    private void deliver(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Change> copy = List.copyOf(changes);
        for (InMemoryMetadataStore client : List.copyOf(clients)) {
            client.deliver(copy);
        }
    }

    /** The tree as it is now, for a client that reloads after a new session. */
    ZNodeTables snapshot() {
        synchronized (lock) {
            ZNodeTables copy = new ZNodeTables();
            copy.copyFrom(tree);
            return copy;
        }
    }
}
