package io.samsa.broker;

import io.netty.handler.ssl.SslContext;
import io.samsa.broker.auth.ScramCredentials;
import io.samsa.common.config.BrokerConfig;
import io.samsa.network.ConnectionLimits;
import io.samsa.network.SocketServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;

/**
 * Turns the broker's configuration into the network layer's: listeners, socket settings, TLS contexts
 * ({@link TlsContexts}) and connection limits (host names of {@code max.connections.per.ip.overrides} are resolved here, at start-up, as Kafka does). Stateless;
 * called by {@link Broker} at start-up.
 */
final class SocketServerSettings {
    private SocketServerSettings() {
    }

    /** @param tls the server context of each TLS listener ({@link TlsReconfiguration#initialContexts()}) */
    static SocketServerConfig of(BrokerConfig config, Map<String, SslContext> tls, ScramCredentials scram) {
        return new SocketServerConfig(config.listeners(), config.socketRequestMaxBytes(), config.numNetworkThreads(),
                config.socketSendBufferBytes(), config.socketReceiveBufferBytes(), config.queuedMaxRequestBytes(),
                config.connectionsMaxIdleMs(), connectionLimits(config), tls,
                principalMappingRules(config), SaslServers.of(config, scram),
                config.connectionFailedAuthenticationDelayMs());
    }

    private static Map<String, String> principalMappingRules(BrokerConfig config) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (Endpoint e : config.listeners()) {
            rules.put(e.listener(), config.sslSettings(e.listener()).get("ssl.principal.mapping.rules"));
        }
        return rules;
    }

    static ConnectionLimits connectionLimits(BrokerConfig config) {
        Map<String, ConnectionLimits.Listener> listeners = new LinkedHashMap<>();
        for (Endpoint e : config.listeners()) {
            listeners.put(e.listener(), new ConnectionLimits.Listener(
                    config.maxConnections(Optional.of(e.listener())),
                    config.maxConnectionCreationRate(Optional.of(e.listener()))));
        }
        Map<InetAddress, Integer> perIp = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> o : config.maxConnectionsPerIpOverrides().entrySet()) {
            try {
                perIp.put(InetAddress.getByName(o.getKey()), o.getValue());
            } catch (UnknownHostException e) {
                throw new ConfigException("max.connections.per.ip.overrides", o.getKey(),
                        "Cannot resolve host " + o.getKey());
            }
        }
        return new ConnectionLimits(config.maxConnections(Optional.empty()), config.maxConnectionsPerIp(), perIp,
                config.maxConnectionCreationRate(Optional.empty()), listeners, config.interBrokerListenerName(),
                config.quotaWindowNum(), config.quotaWindowSizeSeconds() * 1000L);
    }
}
