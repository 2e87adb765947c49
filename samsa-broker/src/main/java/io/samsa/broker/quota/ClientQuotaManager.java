package io.samsa.broker.quota;

import io.samsa.common.quota.QuotaDelay;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Quota;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.TokenBucket;
import org.apache.kafka.common.utils.Time;

/**
 * Measures one kind of client quota ({@link QuotaType}) with Kafka's sampled-rate semantics and says how long a
 * client over its quota must be throttled: kafka-clients' {@link Rate} in a {@link Sensor} per quota entity (its
 * tags as {@link QuotaConfigs.Resolved} gives them), bounded by a {@link Quota} over {@code quota.window.num}
 * windows of {@code quota.window.size.seconds}; the delay is Kafka's (observed - bound) / bound x window, the time
 * that brings the rate back to the bound if nothing more is recorded. A connection no quota governs records
 * nothing. A bound changed by new configs applies to the existing sensor at once.
 *
 * <p>Called by request handlers on the network threads and by the config listener; thread-safe (sensors are).
 */
public final class ClientQuotaManager implements AutoCloseable {
    private static final long INACTIVE_SENSOR_EXPIRY_SECONDS = 3600;

    private final QuotaType type;
    private final Metrics metrics;
    private final int windowNum;
    private final long windowMs;
    private volatile QuotaConfigs configs = QuotaConfigs.NONE;

    /**
     * @param windowNum {@code quota.window.num}
     * @param windowMs  {@code quota.window.size.seconds}, in ms
     */
    public ClientQuotaManager(QuotaType type, int windowNum, long windowMs, Time time) {
        this.type = type;
        this.windowNum = windowNum;
        this.windowMs = windowMs;
        // Sensors of clients gone quiet expire (Kafka's hour), so client ids made up per connection cost nothing lasting.
        this.metrics = new Metrics(new MetricConfig(), List.of(), time, true);
    }

    /** Replaces the quota configs; bounds of sensors already made change with them. */
    public void update(QuotaConfigs newConfigs) {
        configs = newConfigs;
        for (KafkaMetric metric : metrics.metrics().values()) {
            Map<String, String> tags = metric.metricName().tags();
            if (!metric.metricName().name().equals(type.configKey())) {
                continue;
            }
            newConfigs.resolve(type, tags.get("user"), tags.get("client-id"))
                    .ifPresent(r -> metric.config(config(r.bound())));
        }
    }

    /** Whether any quota of this type is configured (else nothing needs measuring). */
    public boolean enabled() {
        return !configs.byEntity().isEmpty();
    }

    /**
     * Records {@code value} (bytes, or request time in percent-seconds) for the connection of {@code user} and
     * {@code clientId} at {@code nowMs} and returns how long to throttle it, 0 when within its quota or ungoverned.
     */
    public long recordAndGetThrottleTimeMs(String user, String clientId, double value, long nowMs) {
        Sensor sensor = sensor(user, clientId).orElse(null);
        if (sensor == null) {
            return 0;
        }
        try {
            sensor.record(value, nowMs);
            return 0;
        } catch (QuotaViolationException e) {
            return QuotaDelay.throttleTimeMs(e, nowMs);
        }
    }

    /** The sensor that measures {@code user} and {@code clientId} against their quota; empty when none governs them. */
    Optional<Sensor> sensor(String user, String clientId) {
        QuotaConfigs current = configs;
        if (current.byEntity().isEmpty()) {
            return Optional.empty();
        }
        return current.resolve(type, user, clientId).map(this::sensor);
    }

    private Sensor sensor(QuotaConfigs.Resolved quota) {
        String name = type.configKey() + ":" + quota.user() + ":" + quota.clientId();
        Sensor sensor = metrics.getSensor(name);
        if (sensor != null) {
            return sensor;
        }
        synchronized (this) {
            sensor = metrics.getSensor(name);
            if (sensor == null) {
                sensor = metrics.sensor(name, config(quota.bound()), INACTIVE_SENSOR_EXPIRY_SECONDS);
                MetricName metricName = metrics.metricName(type.configKey(), "client-quotas",
                        "The rate a quota bounds", Map.of("user", quota.user(), "client-id", quota.clientId()));
                // KIP-599: controller mutations are a token bucket (a burst of quota x window, then the rate).
                sensor.add(metricName, type == QuotaType.CONTROLLER_MUTATION ? new TokenBucket() : new Rate());
            }
            return sensor;
        }
    }

    private MetricConfig config(double bound) {
        return new MetricConfig().samples(windowNum).timeWindow(windowMs, TimeUnit.MILLISECONDS)
                .quota(Quota.upperBound(bound));
    }

    @Override
    public void close() {
        metrics.close();
    }
}
