package io.samsa.common.quota;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.TokenBucket;

/**
 * Kafka's throttle time for a rate over its quota: with O the observed rate, T the bound and W the window the
 * {@link Rate} measured over, the delay that brings O back to T if nothing more is recorded is (O - T) / T x W.
 * For a {@link TokenBucket} (controller mutations) it is the time the bucket takes to refill to zero. Shared by the
 * client quotas and the connection creation rate. Stateless.
 */
public final class QuotaDelay {
    private QuotaDelay() {
    }

    /** The delay in ms for a violation of a {@link Rate} metric's quota at {@code nowMs}. */
    public static long throttleTimeMs(QuotaViolationException e, long nowMs) {
        KafkaMetric metric = e.metric();
        if (metric.measurable() instanceof TokenBucket) {
            // The value is the tokens left, below zero: the time the bucket takes to refill to zero (KIP-599).
            return Math.max(0, Math.round(-e.value() / e.bound() * 1000));
        }
        long window = ((Rate) metric.measurable()).windowSize(metric.config(), nowMs);
        return Math.max(0, Math.round((e.value() - e.bound()) / e.bound() * window));
    }
}
