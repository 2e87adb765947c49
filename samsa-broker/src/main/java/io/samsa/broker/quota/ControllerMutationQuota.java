package io.samsa.broker.quota;

import io.samsa.common.quota.QuotaDelay;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * One CreateTopics, CreatePartitions or DeleteTopics request's share of its client's {@code controller_mutation_rate}
 * (KIP-599), counted in partitions created or deleted. Strict for the versions that know the error (CreateTopics v6+,
 * CreatePartitions v3+, DeleteTopics v5+): a topic that comes while the client's token bucket is in debt is refused
 * with THROTTLING_QUOTA_EXCEEDED and the time until it is not, while a topic that comes before may still take the
 * bucket below zero, so a burst is one request. Permissive for older versions: every topic goes through and the
 * answer carries the throttle time. A client under no such quota is never refused.
 *
 * <p>Made per request by {@link ClientQuotas#controllerMutations}; used by that request's handler on one thread.
 */
public final class ControllerMutationQuota {
    private final Sensor sensor;
    private final boolean strict;
    private final Time time;
    private long throttleTimeMs;

    ControllerMutationQuota(Sensor sensor, boolean strict, Time time) {
        this.sensor = sensor;
        this.strict = strict;
        this.time = time;
    }

    /**
     * Before a mutation: refuses it when strict and the client is already over its quota.
     *
     * @throws ThrottlingQuotaExceededException carrying the time until the client may mutate again
     */
    public void checkAllowed() {
        if (sensor == null || !strict) {
            return;
        }
        long now = time.milliseconds();
        try {
            sensor.checkQuotas(now);
        } catch (QuotaViolationException e) {
            throttleTimeMs = Math.max(throttleTimeMs, QuotaDelay.throttleTimeMs(e, now));
            throw new ThrottlingQuotaExceededException((int) throttleTimeMs,
                    Errors.THROTTLING_QUOTA_EXCEEDED.message());
        }
    }

    /** After a mutation of {@code partitions}: counts it (in permissive mode, noting the throttle it earns). */
    public void record(int partitions) {
        if (sensor == null || partitions <= 0) {
            return;
        }
        long now = time.milliseconds();
        try {
            sensor.record(partitions, now, !strict);
        } catch (QuotaViolationException e) {
            throttleTimeMs = Math.max(throttleTimeMs, QuotaDelay.throttleTimeMs(e, now));
        }
    }

    /** How long the client must wait, for the answer's {@code throttle_time_ms}. */
    public int throttleTimeMs() {
        return (int) Math.min(Integer.MAX_VALUE, throttleTimeMs);
    }
}
