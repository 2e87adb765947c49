package io.samsa.replication;

/**
 * Request-level settings of a fetch.
 *
 * @param maxWaitMs {@code fetch.max.wait.ms}: how long to wait for {@code minBytes}
 * @param minBytes  {@code fetch.min.bytes}
 * @param maxBytes  {@code fetch.max.bytes}: total across partitions (soft: the first batch always goes)
 */
public record FetchParams(long maxWaitMs, int minBytes, int maxBytes) {
}
