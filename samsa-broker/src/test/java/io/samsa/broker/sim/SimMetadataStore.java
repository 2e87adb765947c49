package io.samsa.broker.sim;

import io.samsa.metadata.BrokerRegistration;
import io.samsa.metadata.PartitionState;
import io.samsa.metadata.ReplicaAssignment;
import io.samsa.metadata.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The simulated ZooKeeper of one partition: its state znode (a {@link Versioned} state whose version moves with
 * every write and which carries the zxid that wrote it), the ephemeral broker registrations with the sessions that
 * own them, and a zxid counter. Writes are conditional on the version read, as Samsa's znode writes are; a broker
 * epoch is the zxid of its registration. Every change calls the listeners (the watches), which the simulation
 * turns into delayed deliveries.
 *
 * <p>Single-threaded.
 */
public final class SimMetadataStore {
    private final ReplicaAssignment assignment;
    private final TreeMap<Integer, BrokerRegistration> registrations = new TreeMap<>();
    private final Map<Integer, Long> registrationSession = new HashMap<>();
    /** Live sessions and their broker. */
    private final Map<Long, Integer> sessions = new HashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private Versioned<PartitionState> state;
    private long zxid;
    private long nextSession = 1;

    public SimMetadataStore(ReplicaAssignment assignment) {
        this.assignment = assignment;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    public ReplicaAssignment assignment() {
        return assignment;
    }

    /** The partition's state with its version and zxid; empty before the topic exists. */
    public Optional<Versioned<PartitionState>> state() {
        return Optional.ofNullable(state);
    }

    /** Creates the partition (topic creation), or writes a state whose version was {@code expectedVersion}. */
    public Optional<Versioned<PartitionState>> compareAndSet(PartitionState next, int expectedVersion) {
        int current = state == null ? -1 : state.version();
        if (current != expectedVersion) {
            return Optional.empty();
        }
        state = new Versioned<>(next, current + 1, ++zxid);
        changed();
        return Optional.of(state);
    }

    public long openSession(int brokerId) {
        long id = nextSession++;
        sessions.put(id, brokerId);
        return id;
    }

    public boolean sessionAlive(long session) {
        return sessions.containsKey(session);
    }

    /**
     * Expires a session: its ephemeral registration goes. Called when a client was cut off (or dead) for the
     * session timeout, or as a fault.
     */
    public void expire(long session) {
        Integer broker = sessions.remove(session);
        if (broker != null && registrationSession.getOrDefault(broker, -1L) == session) {
            registrations.remove(broker);
            registrationSession.remove(broker);
            zxid++;
            changed();
        }
    }

    /**
     * Creates broker {@code brokerId}'s ephemeral registration in {@code session}; its epoch is the zxid of the
     * create. Empty while another session's registration of that id still exists (the broker's previous run).
     */
    public Optional<BrokerRegistration> register(int brokerId, long session, boolean cleanStart) {
        if (!sessions.containsKey(session) || registrations.containsKey(brokerId)) {
            return Optional.empty();
        }
        BrokerRegistration r = new BrokerRegistration(brokerId, "broker" + brokerId, 9092, null)
                .withEpoch(++zxid).withCleanStart(cleanStart);
        registrations.put(brokerId, r);
        registrationSession.put(brokerId, session);
        changed();
        return Optional.of(r);
    }

    /** The state and registrations in one short line, for the replay log. */
    public String describe() {
        if (state == null) {
            return "no state";
        }
        PartitionState s = state.value();
        StringBuilder out = new StringBuilder("leader " + s.leader() + " e" + s.leaderEpoch() + " isr " + s.isr());
        if (!s.eligibleLeaderReplicas().isEmpty() || !s.lastKnownElr().isEmpty()) {
            out.append(" elr ").append(s.eligibleLeaderReplicas()).append(" lastKnown ").append(s.lastKnownElr());
        }
        out.append(" v").append(state.version()).append(" zxid ").append(state.modifiedZxid()).append(" brokers");
        registrations.values().forEach(r -> out.append(' ').append(r.brokerId()).append('@').append(r.epoch()));
        return out.toString();
    }

    public SortedMap<Integer, BrokerRegistration> registrations() {
        return new TreeMap<>(registrations);
    }

    /** The session that owns broker {@code brokerId}'s registration, or -1. */
    public long registeredSession(int brokerId) {
        return registrationSession.getOrDefault(brokerId, -1L);
    }
}
