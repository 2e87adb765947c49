package io.samsa.broker.fetch;

import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import java.util.List;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * What one Fetch request means for sessions, decided before anything is read (Kafka's FetchManager.newContext):
 * which partitions to read, the session id to answer with, and which results the response carries.
 *
 * <ul>
 *   <li>epoch -1 (final): a full fetch without a session; a named session is closed;</li>
 *   <li>epoch 0 (initial): a full fetch that opens a new session if the cache has room (a named one is closed);</li>
 *   <li>any other epoch: an incremental fetch in the named session, which must exist
 *       (FETCH_SESSION_ID_NOT_FOUND), be at that epoch (INVALID_FETCH_SESSION_EPOCH) and use topic ids exactly when
 *       the request version does (FETCH_SESSION_TOPIC_ID_ERROR); its partitions are the session's, updated by the
 *       request, and only partitions with news are answered.</li>
 * </ul>
 *
 * @param error     a request-level error (nothing is read), or NONE
 * @param toRead    the partitions to read
 * @param session   the session the response belongs to, or null
 * @param incremental whether the response carries only partitions with news
 */
public record FetchContext(Errors error, List<PartitionFetch> toRead, FetchSession session, boolean incremental) {

    /** Decides the context of a request. */
    public static FetchContext of(FetchSessionCache cache, int sessionId, int epoch, boolean follower,
                                  boolean usesTopicIds, List<PartitionFetch> fetches,
                                  List<TopicIdPartition> forgotten, long nowMs) {
        if (epoch == FetchMetadata.INITIAL_EPOCH || epoch == FetchMetadata.FINAL_EPOCH) {
            if (sessionId != FetchMetadata.INVALID_SESSION_ID) {
                cache.remove(sessionId);
            }
            FetchSession created = epoch == FetchMetadata.INITIAL_EPOCH
                    ? cache.create(follower, usesTopicIds, fetches) : null;
            return new FetchContext(Errors.NONE, fetches, created, false);
        }
        FetchSession session = cache.get(sessionId);
        if (session == null) {
            return error(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }
        synchronized (session) {
            if (session.epoch() != epoch) {
                return error(Errors.INVALID_FETCH_SESSION_EPOCH);
            }
            if (session.usesTopicIds() != usesTopicIds) {
                return error(Errors.FETCH_SESSION_TOPIC_ID_ERROR);
            }
            List<PartitionFetch> all = session.update(fetches, forgotten, nowMs);
            if (all.isEmpty()) {
                cache.remove(sessionId);
                return new FetchContext(Errors.NONE, all, null, false);
            }
            return new FetchContext(Errors.NONE, all, session, true);
        }
    }

    private static FetchContext error(Errors error) {
        return new FetchContext(error, List.of(), null, false);
    }

    /** The session id the response names: the session's, or 0 (no session). */
    public int responseSessionId() {
        return session == null ? FetchMetadata.INVALID_SESSION_ID : session.id();
    }

    /** The results the response carries, recording what the session's client now knows. */
    public List<PartitionFetchResult> respond(List<PartitionFetchResult> results) {
        if (session == null) {
            return results;
        }
        if (incremental) {
            return session.filter(results);
        }
        session.remember(results);
        return results;
    }
}
