package io.samsa.network;

import io.samsa.common.quota.QuotaDelay;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Quota;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;

/**
 * Counts the broker's connections and decides, as Kafka's {@code ConnectionQuotas} does, whether a new one may be
 * served now, must wait, or is refused:
 * <ul>
 *   <li>it waits while its listener has {@code listener.name.<l>.max.connections}, or the broker
 *       {@code max.connections} (unless it is the inter-broker listener and there are others);</li>
 *   <li>it waits for the delay that brings the creation rate back to {@code max.connection.creation.rate}
 *       (broker-wide, not for a protected inter-broker listener) and to its listener's own rate, the longer of the
 *       two, at most one quota window. The rates are kafka-clients' sampled {@link Rate} with a {@link Quota}, the
 *       semantics of Kafka's quotas; the delay is Kafka's (observed - bound) / bound x window;</li>
 *   <li>it is refused when its IP address already has {@code max.connections.per.ip} (or its override).</li>
 * </ul>
 * Called by each listener's {@link ConnectionAdmission} on the acceptor thread, and when connections close on the
 * network threads. Thread-safe (synchronized).
 */
final class ConnectionQuotas {
    private final ConnectionLimits limits;
    private final Time time;
    private final Metrics metrics;
    private final Sensor brokerRate;
    private final Map<String, Sensor> listenerRates = new HashMap<>();
    private final Map<InetAddress, Integer> perIp = new HashMap<>();
    private final Map<String, Integer> perListener = new HashMap<>();
    /** {@code connection_creation_rate} of IP entities (KIP-612): overrides, and the {@code <default>} one. */
    private Map<InetAddress, Integer> ipRates = Map.of();
    private int defaultIpRate = UNLIMITED;
    private int total;

    /** Kafka's value for "no connection_creation_rate for this IP". */
    static final int UNLIMITED = Integer.MAX_VALUE;
    /** An IP's rate sensor is dropped after this long without a connection (Kafka's inactive-sensor expiry). */
    private static final long IP_SENSOR_EXPIRY_SECONDS = 3600;

    ConnectionQuotas(ConnectionLimits limits, Time time) {
        this.limits = limits;
        this.time = time;
        this.metrics = new Metrics(new MetricConfig(), List.of(), time, true);
        this.brokerRate = rateSensor("broker", limits.maxConnectionCreationRate());
        limits.listeners().forEach((name, l) -> listenerRates.put(name, rateSensor(name,
                l.maxConnectionCreationRate())));
    }

    private Sensor rateSensor(String entity, int bound) {
        Sensor sensor = metrics.sensor("connection-creation-" + entity, rateConfig(bound));
        sensor.add(metrics.metricName("connection-creation-rate", "socket-server", "Connections accepted per second",
                Map.of("entity", entity)), new Rate());
        return sensor;
    }

    /**
     * Records the creation of a connection on {@code listener} now and returns how long it must wait before it is
     * served (0: at once).
     */
    synchronized long recordCreation(String listener) {
        long now = time.milliseconds();
        long delay = isProtected(listener) ? 0 : delayAfterRecording(brokerRate, now);
        Sensor own = listenerRates.get(listener);
        return own == null ? delay : Math.max(delay, delayAfterRecording(own, now));
    }

    /**
     * Sets the IP entities' connection creation rates ({@code kafka-configs --entity-type ips}); rates already
     * measured keep their history under the new bound.
     */
    synchronized void ipConnectionRates(Map<InetAddress, Integer> overrides, int defaultRate) {
        ipRates = Map.copyOf(overrides);
        defaultIpRate = defaultRate;
        Map<String, Integer> byHost = new HashMap<>();
        overrides.forEach((address, rate) -> byHost.put(address.getHostAddress(), rate));
        metrics.metrics().forEach((name, metric) -> {
            String ip = name.tags().get("ip");
            if (ip != null) {
                metric.config(rateConfig(byHost.getOrDefault(ip, defaultRate)));
            }
        });
    }

    /**
     * Records a new connection from {@code address} against its IP's {@code connection_creation_rate} and returns
     * how long to hold it before closing it when that is exceeded (0: it may be served). As Kafka, a refused
     * connection is not counted, and the delay is at most one quota window.
     */
    synchronized long recordIpCreation(InetAddress address) {
        int rate = ipRates.getOrDefault(address, defaultIpRate);
        if (rate == UNLIMITED) {
            return 0;
        }
        Sensor sensor = metrics.getSensor(ipSensorName(address));
        if (sensor == null) {
            sensor = metrics.sensor(ipSensorName(address), rateConfig(rate), IP_SENSOR_EXPIRY_SECONDS);
            sensor.add(ipMetricName(address), new Rate());
        }
        long now = time.milliseconds();
        try {
            sensor.record(1.0, now);
            return 0;
        } catch (QuotaViolationException e) {
            sensor.record(-1.0, now, false);
            return Math.max(1, Math.min(QuotaDelay.throttleTimeMs(e, now), limits.quotaWindowSizeMs()));
        }
    }

    private static String ipSensorName(InetAddress address) {
        return "connection-creation-ip-" + address.getHostAddress();
    }

    private MetricName ipMetricName(InetAddress address) {
        return metrics.metricName("connection-creation-rate", "socket-server", "Connections accepted per second",
                Map.of("ip", address.getHostAddress()));
    }

    /** A creation rate bounded by {@code rate} a second over the quota windows (broker, listener or IP). */
    private MetricConfig rateConfig(int rate) {
        return new MetricConfig().samples(limits.quotaWindowNum())
                .timeWindow(limits.quotaWindowSizeMs(), TimeUnit.MILLISECONDS).quota(Quota.upperBound(rate));
    }

    /** Whether a connection on {@code listener} may be served now, as far as the connection counts go. */
    synchronized boolean slotAvailable(String listener) {
        ConnectionLimits.Listener own = limits.listeners().get(listener);
        if (own != null && perListener.getOrDefault(listener, 0) >= own.maxConnections()) {
            return false;
        }
        return isProtected(listener) || total < limits.maxConnections();
    }

    /**
     * Counts a connection from {@code address} on {@code listener}, unless that address is at its maximum: then
     * nothing is counted and false says the connection must be closed.
     */
    synchronized boolean register(String listener, InetAddress address) {
        int count = perIp.getOrDefault(address, 0);
        if (count >= maxForIp(address)) {
            return false;
        }
        perIp.put(address, count + 1);
        perListener.merge(listener, 1, Integer::sum);
        total++;
        return true;
    }

    /** Forgets a connection {@link #register} counted. */
    synchronized void unregister(String listener, InetAddress address) {
        perIp.computeIfPresent(address, (a, c) -> c == 1 ? null : c - 1);
        perListener.computeIfPresent(listener, (l, c) -> c == 1 ? null : c - 1);
        total--;
    }

    int maxForIp(InetAddress address) {
        return limits.perIpOverrides().getOrDefault(address, limits.maxConnectionsPerIp());
    }

    synchronized int connections() {
        return total;
    }

    void close() {
        metrics.close();
    }

    /** Kafka's rule: the inter-broker listener is exempt from broker-wide limits when it is not the only one. */
    private boolean isProtected(String listener) {
        return listener.equals(limits.interBrokerListener()) && limits.listeners().size() > 1;
    }

    private long delayAfterRecording(Sensor sensor, long now) {
        try {
            sensor.record(1.0, now);
            return 0;
        } catch (QuotaViolationException e) {
            return Math.min(QuotaDelay.throttleTimeMs(e, now), limits.quotaWindowSizeMs());
        }
    }

    /** For tests: the measured creation rate of {@code entity} ("broker" or a listener name). */
    double creationRate(String entity) {
        MetricName name = metrics.metricName("connection-creation-rate", "socket-server", "",
                Map.of("entity", entity));
        return (double) metrics.metric(name).metricValue();
    }
}
