package io.samsa.replication;

import java.util.Optional;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.replica.ClientMetadata;

/**
 * Request-level settings of a fetch.
 *
 * @param maxWaitMs   {@code fetch.max.wait.ms}: how long to wait for {@code minBytes}
 * @param minBytes    {@code fetch.min.bytes}
 * @param maxBytes    {@code fetch.max.bytes}: total across partitions (soft: the first batch always goes)
 * @param replicaId   the follower's broker id, or -1 for a consumer
 * @param brokerEpoch the follower's broker epoch, -1 if none
 * @param client      a consumer's rack, id and address (Fetch v11+, KIP-392): such a consumer may read from a
 *                    follower, and its leader may send it to one; empty for older consumers and for followers
 * @param isolation   a consumer's isolation level: READ_COMMITTED reads (and waits) up to the last stable offset
 *                    and gets the aborted transactions of what it reads; followers read uncommitted
 */
public record FetchParams(long maxWaitMs, int minBytes, int maxBytes, int replicaId, long brokerEpoch,
                          Optional<ClientMetadata> client, IsolationLevel isolation) {
    public static final int CONSUMER = -1;

    public FetchParams(long maxWaitMs, int minBytes, int maxBytes, int replicaId, long brokerEpoch,
                       Optional<ClientMetadata> client) {
        this(maxWaitMs, minBytes, maxBytes, replicaId, brokerEpoch, client, IsolationLevel.READ_UNCOMMITTED);
    }

    /** A consumer's fetch, from the leader only. */
    public FetchParams(long maxWaitMs, int minBytes, int maxBytes) {
        this(maxWaitMs, minBytes, maxBytes, CONSUMER, -1L, Optional.empty());
    }

    /** A follower's fetch. */
    public FetchParams(long maxWaitMs, int minBytes, int maxBytes, int replicaId, long brokerEpoch) {
        this(maxWaitMs, minBytes, maxBytes, replicaId, brokerEpoch, Optional.empty());
    }

    /** A consumer's fetch with client metadata: it may read from a follower. */
    public static FetchParams consumer(long maxWaitMs, int minBytes, int maxBytes, ClientMetadata client) {
        return new FetchParams(maxWaitMs, minBytes, maxBytes, CONSUMER, -1L, Optional.of(client));
    }

    /** The same fetch with {@code level} (a consumer's {@code isolation_level}). */
    public FetchParams withIsolation(IsolationLevel level) {
        return new FetchParams(maxWaitMs, minBytes, maxBytes, replicaId, brokerEpoch, client, level);
    }

    /** A consumer reading committed data only. */
    public boolean readCommitted() {
        return !fromFollower() && isolation == IsolationLevel.READ_COMMITTED;
    }

    /** A consumer that may read from a follower (Kafka's "not fetch only from leader"). */
    public boolean mayReadFromFollower() {
        return !fromFollower() && client.isPresent();
    }

    public boolean fromFollower() {
        return replicaId >= 0;
    }
}
