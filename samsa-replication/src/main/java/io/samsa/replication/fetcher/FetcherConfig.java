package io.samsa.replication.fetcher;

/**
 * Settings of follower fetching, with Kafka's names.
 *
 * @param localBrokerId      this broker's id, sent as the replica id
 * @param numFetchers        {@code num.replica.fetchers}: fetchers per leader broker
 * @param maxWaitMs          {@code replica.fetch.wait.max.ms}
 * @param minBytes           {@code replica.fetch.min.bytes}
 * @param partitionMaxBytes  {@code replica.fetch.max.bytes}
 * @param responseMaxBytes   {@code replica.fetch.response.max.bytes}
 * @param backoffMs          {@code replica.fetch.backoff.ms}: pause after an error
 * @param socketTimeoutMs    {@code replica.socket.timeout.ms}: how long a fetch may take beyond its wait
 */
public record FetcherConfig(int localBrokerId, int numFetchers, int maxWaitMs, int minBytes, int partitionMaxBytes,
                            int responseMaxBytes, long backoffMs, long socketTimeoutMs) {
}
