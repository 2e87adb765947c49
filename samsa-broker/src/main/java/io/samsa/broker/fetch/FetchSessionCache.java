package io.samsa.broker.fetch;

import io.samsa.replication.PartitionFetch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.utils.Time;

/**
 * The fetch sessions of this broker, at most {@code max.incremental.fetch.session.cache.slots}. When full, a new
 * session may take the place of one unused for {@link #EVICTION_MS}, or else of the smallest consumer session if
 * the new one is a follower's or larger (KIP-227's rule: the sessions that save the most stay); otherwise the client
 * gets no session (id 0) and sends full requests, which always works.
 *
 * <p>Thread-safe: every method is synchronized (held for map operations only).
 */
public final class FetchSessionCache {
    /** How long a session may go unused before any new session may evict it (Kafka's fixed value). */
    static final long EVICTION_MS = 120_000;

    private final int maxSessions;
    private final Time time;
    private final Map<Integer, FetchSession> sessions = new HashMap<>();

    public FetchSessionCache(int maxSessions, Time time) {
        this.maxSessions = maxSessions;
        this.time = time;
    }

    synchronized FetchSession get(int id) {
        return sessions.get(id);
    }

    synchronized void remove(int id) {
        sessions.remove(id);
    }

    public synchronized int size() {
        return sessions.size();
    }

    /** A new session over {@code fetches}, or null if the cache has no room for it. */
    synchronized FetchSession create(boolean follower, boolean usesTopicIds, List<PartitionFetch> fetches) {
        if (maxSessions <= 0 || fetches.isEmpty()) {
            return null;
        }
        long now = time.milliseconds();
        if (sessions.size() >= maxSessions && !evictFor(follower, fetches.size(), now)) {
            return null;
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        FetchSession s = new FetchSession(id, follower, usesTopicIds, fetches, now);
        sessions.put(id, s);
        return s;
    }

    private boolean evictFor(boolean follower, int size, long now) {
        FetchSession stalest = null;
        FetchSession smallestConsumer = null;
        for (FetchSession s : sessions.values()) {
            if (stalest == null || s.lastUsedMs() < stalest.lastUsedMs()) {
                stalest = s;
            }
            if (!s.follower() && (smallestConsumer == null || s.size() < smallestConsumer.size())) {
                smallestConsumer = s;
            }
        }
        if (stalest != null && now - stalest.lastUsedMs() > EVICTION_MS) {
            sessions.remove(stalest.id());
            return true;
        }
        if (smallestConsumer != null && (follower || size > smallestConsumer.size())) {
            sessions.remove(smallestConsumer.id());
            return true;
        }
        return false;
    }
}
