package io.samsa.replication;

/**
 * Request-level settings of a fetch.
 *
 * @param maxWaitMs   {@code fetch.max.wait.ms}: how long to wait for {@code minBytes}
 * @param minBytes    {@code fetch.min.bytes}
 * @param maxBytes    {@code fetch.max.bytes}: total across partitions (soft: the first batch always goes)
 * @param replicaId   the follower's broker id, or -1 for a consumer
 * @param brokerEpoch the follower's broker epoch, -1 if none
 */
public record FetchParams(long maxWaitMs, int minBytes, int maxBytes, int replicaId, long brokerEpoch) {
    public static final int CONSUMER = -1;

    /** A consumer's fetch. */
    public FetchParams(long maxWaitMs, int minBytes, int maxBytes) {
        this(maxWaitMs, minBytes, maxBytes, CONSUMER, -1L);
    }

    public boolean fromFollower() {
        return replicaId >= 0;
    }
}
