package io.samsa.coordinator.txn;

/**
 * The transaction coordinator's settings, from the broker's {@code transaction.*} configs.
 *
 * @param stateLogPartitions             {@code transaction.state.log.num.partitions}
 * @param maxTimeoutMs                   {@code transaction.max.timeout.ms}: the longest timeout InitProducerId accepts
 * @param transactionalIdExpirationMs    {@code transactional.id.expiration.ms}: idle ids are removed after this
 * @param abortTimedOutIntervalMs        how often transactions open past their timeout are looked for
 *                                       ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms})
 * @param removeExpiredIntervalMs        how often expired ids are looked for
 *                                       ({@code transaction.remove.expired.transaction.cleanup.interval.ms})
 * @param markerRetryBackoffMs           the wait before resending a marker that could not be written
 */
public record TransactionCoordinatorConfig(int stateLogPartitions, int maxTimeoutMs, long transactionalIdExpirationMs,
                                           long abortTimedOutIntervalMs, long removeExpiredIntervalMs,
                                           long markerRetryBackoffMs) {
    /** Kafka's defaults for the two cleanup intervals (10 s, 1 h) and a 100 ms marker backoff. */
    public static TransactionCoordinatorConfig of(int stateLogPartitions, int maxTimeoutMs,
                                                  long transactionalIdExpirationMs) {
        return new TransactionCoordinatorConfig(stateLogPartitions, maxTimeoutMs, transactionalIdExpirationMs,
            10_000, 3_600_000, 100);
    }
}
