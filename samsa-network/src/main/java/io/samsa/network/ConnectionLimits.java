package io.samsa.network;

import java.net.InetAddress;
import java.util.Map;

/**
 * The broker's connection limits, Kafka's settings: how many connections it keeps at once, per listener and per IP
 * address, and how fast it accepts new ones. Built by the broker from its configuration; read by
 * {@link ConnectionQuotas}.
 *
 * @param maxConnections            {@code max.connections}, broker-wide
 * @param maxConnectionsPerIp       {@code max.connections.per.ip}
 * @param perIpOverrides            {@code max.connections.per.ip.overrides}, host names resolved at start-up
 * @param maxConnectionCreationRate {@code max.connection.creation.rate}, connections per second, broker-wide
 * @param listeners                 every listener by name, with its {@code listener.name.<name>.max.connections}
 *                                  and {@code .max.connection.creation.rate} (unlimited when unset)
 * @param interBrokerListener       {@code inter.broker.listener.name}: with other listeners present, the
 *                                  broker-wide limits do not hold it back (only its own do), as in Kafka
 * @param quotaWindowNum            {@code quota.window.num}: samples of the creation rate
 * @param quotaWindowSizeMs         {@code quota.window.size.seconds}, in ms; also the longest single delay
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, Map<InetAddress, Integer> perIpOverrides,
                               int maxConnectionCreationRate, Map<String, Listener> listeners,
                               String interBrokerListener, int quotaWindowNum, long quotaWindowSizeMs) {

    /** One listener's own limits. */
    public record Listener(int maxConnections, int maxConnectionCreationRate) {
    }

    public ConnectionLimits {
        perIpOverrides = Map.copyOf(perIpOverrides);
        listeners = Map.copyOf(listeners);
    }

    /** No limit at all (Kafka's defaults). */
    public static ConnectionLimits unlimited() {
        return new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of(), Integer.MAX_VALUE, Map.of(),
                "PLAINTEXT", 11, 1000);
    }
}
