package io.samsa.broker;

import io.samsa.broker.auth.ScramCredentials;
import io.samsa.common.config.BrokerConfig;
import io.samsa.network.SaslMechanisms;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.plain.internals.PlainServerCallbackHandler;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Builds the SASL mechanisms of each SASL listener from {@code sasl.enabled.mechanisms} and the JAAS settings, with
 * kafka-clients' server-side mechanism classes: PLAIN checks the {@code user_<name>="<password>"} options of the
 * listener's JAAS entry ({@code listener.name.<l>.plain.sasl.jaas.config}, as Kafka's PlainServerCallbackHandler);
 * SCRAM-SHA-256 and SCRAM-SHA-512 check the credentials stored in ZooKeeper ({@link ScramCredentials}, through
 * {@link ScramServer}); their JAAS setting, if any, is not needed (a broker's own SCRAM login is for inter-broker
 * SASL, which Samsa does not use).
 * Called by {@link SocketServerSettings} at start-up; the mechanisms it returns are thread-safe.
 */
final class SaslServers {
    private SaslServers() {
    }

    static Map<String, SaslMechanisms> of(BrokerConfig config, ScramCredentials scram) {
        Map<String, SaslMechanisms> out = new LinkedHashMap<>();
        for (Endpoint e : config.listeners()) {
            SecurityProtocol protocol = e.securityProtocol();
            if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
                out.put(e.listener(), listener(config, e.listener(), scram));
            }
        }
        return out;
    }

    private static SaslMechanisms listener(BrokerConfig config, String listener, ScramCredentials scram) {
        List<String> enabled = List.copyOf(config.saslEnabledMechanisms(listener));
        Map<String, PlainServerCallbackHandler> plain = new HashMap<>();
        if (enabled.contains("PLAIN")) {
            Map<String, Object> jaas = jaasConfigs(config, listener, "PLAIN");
            PlainServerCallbackHandler handler = new PlainServerCallbackHandler();
            handler.configure(jaas, "PLAIN", loginEntries(listener, "PLAIN", jaas));
            plain.put("PLAIN", handler);
        }
        return new SaslMechanisms() {
            @Override
            public List<String> enabled() {
                return enabled;
            }

            @Override
            public SaslServer create(String mechanism) throws SaslException {
                if (mechanism.equals("PLAIN")) {
                    return new PlainSaslServer(plain.get("PLAIN"));
                }
                if (ScramMechanism.isScram(mechanism)) {
                    return new ScramServer(ScramMechanism.forMechanismName(mechanism), scram,
                            config.saslScramAcceptLibrdkafkaNonce());
                }
                throw new SaslException("SASL mechanism " + mechanism + " is not served yet");
            }

            @Override
            public long maxReauthMs(String mechanism) {
                return config.connectionsMaxReauthMs(listener, mechanism);
            }
        };
    }

    /**
     * The login module entries of the mechanism's JAAS setting, parsed by kafka-clients' {@link JaasContext} (what
     * Kafka's server context holds for a {@code sasl.jaas.config} value). A JAAS file named by the JVM's
     * {@code java.security.auth.login.config} is not read: the setting must be in the broker's configuration.
     */
    private static List<AppConfigurationEntry> loginEntries(String listener, String mechanism,
                                                            Map<String, Object> jaas) {
        String key = mechanism.toLowerCase(Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG;
        Password value = (Password) jaas.get(key);
        if (value == null) {
            throw new ConfigException("Listener " + listener + " enables " + mechanism + " but has no JAAS setting: "
                    + "set listener.name." + listener.toLowerCase(Locale.ROOT) + "." + key + ", " + key + " or "
                    + SaslConfigs.SASL_JAAS_CONFIG);
        }
        // kafka-clients parses a sasl.jaas.config value the same way whichever side it is for; its client loader
        // takes the value alone, where the server loader wants a listener name type from its network package.
        return JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, value)).configurationEntries();
    }

    /**
     * The JAAS setting of one mechanism, as Kafka's server reads it: under
     * {@code <mechanism lower case>.sasl.jaas.config}, taken from the listener's override, else the broker-wide
     * mechanism key, else {@code sasl.jaas.config}.
     */
    static Map<String, Object> jaasConfigs(BrokerConfig config, String listener, String mechanism) {
        String key = mechanism.toLowerCase(Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG;
        String value = config.listenerOverride(listener, key)
                .or(() -> java.util.Optional.ofNullable(config.originals().get(key)))
                .or(() -> java.util.Optional.ofNullable(config.originals().get(SaslConfigs.SASL_JAAS_CONFIG)))
                .orElse(null);
        Map<String, Object> out = new HashMap<>();
        if (value != null) {
            out.put(key, new Password(value));
        }
        return out;
    }
}
