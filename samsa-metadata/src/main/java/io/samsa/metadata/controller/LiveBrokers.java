package io.samsa.metadata.controller;

import io.samsa.metadata.BrokerRegistration;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The brokers as the controller sees them at one moment: live registrations with their broker epochs, and those
 * that asked for a controlled shutdown (in their current epoch). Immutable; the sets are computed once, since
 * every partition's decision reads them.
 *
 * <p>Why epochs matter here: a broker epoch is the zxid of the broker's registration, and a partition state carries
 * the zxid of its last write. A replica whose epoch is larger than the state's zxid registered after the state
 * was written: it restarted (or re-registered after a session expiry) since it was put in the ISR, so its
 * membership is stale. The controller treats that as Kafka treats a bounced broker: out of the ISR, elected again
 * only through the normal rules.
 */
public final class LiveBrokers {
    private final SortedMap<Integer, BrokerRegistration> live;
    private final Set<Integer> shuttingDown;
    private final Set<Integer> canLead;

    /**
     * @param live         live brokers by id
     * @param shuttingDown brokers with a pending controlled shutdown, among {@code live}
     */
    public LiveBrokers(SortedMap<Integer, BrokerRegistration> live, Set<Integer> shuttingDown) {
        this.live = Collections.unmodifiableSortedMap(new TreeMap<>(live));
        this.shuttingDown = Collections.unmodifiableSet(new TreeSet<>(shuttingDown));
        TreeSet<Integer> leaders = new TreeSet<>(live.keySet());
        leaders.removeAll(shuttingDown);
        this.canLead = Collections.unmodifiableSet(leaders);
    }

    public SortedMap<Integer, BrokerRegistration> live() {
        return live;
    }

    public Set<Integer> shuttingDown() {
        return shuttingDown;
    }

    public boolean isLive(int brokerId) {
        return live.containsKey(brokerId);
    }

    public Set<Integer> liveIds() {
        return live.keySet();
    }

    /** Live brokers that are not shutting down: those an election may pick. */
    public Set<Integer> canLead() {
        return canLead;
    }

    /** Live, and registered before the write at {@code zxid}: its membership in what that write says holds. */
    public boolean isCurrentAt(int brokerId, long zxid) {
        BrokerRegistration b = live.get(brokerId);
        return b != null && b.epoch() < zxid;
    }

    /** Live, registered after the write at {@code zxid}, and not after a clean shutdown: it may have lost records. */
    public boolean restartedUncleanlySince(int brokerId, long zxid) {
        BrokerRegistration b = live.get(brokerId);
        return b != null && b.epoch() > zxid && !b.cleanStart();
    }
}
