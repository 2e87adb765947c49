package io.samsa.broker;

import static io.samsa.common.config.BrokerConfigDef.SSL_CIPHER_SUITES_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_CLIENT_AUTH_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_ENABLED_PROTOCOLS_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_LOCATION_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_PASSWORD_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_TYPE_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_KEY_PASSWORD_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_LOCATION_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_PASSWORD_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_TYPE_CONFIG;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.samsa.common.config.BrokerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds TLS contexts from Kafka's {@code ssl.*} settings (a listener's own {@code listener.name.<name>.ssl.*}
 * first): the server context of each SSL listener (key store and trust store, JKS or PKCS12, {@code ssl.client.auth},
 * {@code ssl.enabled.protocols}, {@code ssl.cipher.suites}), and the client context brokers use towards each other
 * when the inter-broker listener is SSL (the listener's trust store to check the other broker, its key store as
 * the client certificate, as Kafka does). The engine is BoringSSL through netty-tcnative where it loads, else the
 * JDK's; start-up logs which. A store that cannot be read stops start-up with a message naming the setting.
 * Stateless; called by {@link Broker} at start-up and by {@link TlsReconfiguration}.
 */
final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /**
     * The client context for connections to other brokers, or null when the inter-broker listener is plaintext.
     */
    static SslContext interBrokerClient(BrokerConfig config) {
        String listener = config.interBrokerListenerName();
        boolean tls = config.advertisedListeners().stream().anyMatch(e -> e.listener().equals(listener)
                && e.securityProtocol() == SecurityProtocol.SSL);
        if (!tls) {
            return null;
        }
        Map<String, String> s = config.sslSettings(listener);
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider())
                    .protocols(list(s.get(SSL_ENABLED_PROTOCOLS_CONFIG)));
            if (s.containsKey(SSL_KEYSTORE_LOCATION_CONFIG)) {
                builder.keyManager(keyManagers(s));
            }
            if (s.containsKey(SSL_TRUSTSTORE_LOCATION_CONFIG)) {
                builder.trustManager(trustManagers(s));
            }
            List<String> ciphers = list(s.get(SSL_CIPHER_SUITES_CONFIG));
            if (!ciphers.isEmpty()) {
                builder.ciphers(ciphers);
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS towards other brokers on listener " + listener + ": "
                    + e.getMessage());
        }
    }

    /** Whether brokers check each other's certificate against the host name ({@code https}, Kafka's default). */
    static boolean interBrokerHostnameVerification(BrokerConfig config) {
        String algorithm = config.sslSettings(config.interBrokerListenerName())
                .get(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
        return algorithm != null && algorithm.equalsIgnoreCase("https");
    }

    static SslContext build(String listener, Map<String, String> s) {
        try {
            SslProvider provider = provider();
            SslContextBuilder builder = SslContextBuilder.forServer(keyManagers(s)).sslProvider(provider)
                    .clientAuth(clientAuth(s.get(SSL_CLIENT_AUTH_CONFIG)))
                    .protocols(list(s.get(SSL_ENABLED_PROTOCOLS_CONFIG)));
            if (s.containsKey(SSL_TRUSTSTORE_LOCATION_CONFIG)) {
                builder.trustManager(trustManagers(s));
            }
            List<String> ciphers = list(s.get(SSL_CIPHER_SUITES_CONFIG));
            if (!ciphers.isEmpty()) {
                builder.ciphers(ciphers);
            }
            SslContext context = builder.build();
            log.info("TLS on listener {} with the {} engine, protocols {}, client auth {}", listener,
                    provider == SslProvider.OPENSSL ? "BoringSSL (OpenSSL)" : "JDK",
                    s.get(SSL_ENABLED_PROTOCOLS_CONFIG), s.get(SSL_CLIENT_AUTH_CONFIG));
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for listener " + listener + ": " + e.getMessage());
        }
    }

    private static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static KeyManagerFactory keyManagers(Map<String, String> s) throws IOException, GeneralSecurityException {
        KeyStore keyStore = load(s, SSL_KEYSTORE_TYPE_CONFIG, SSL_KEYSTORE_LOCATION_CONFIG,
                SSL_KEYSTORE_PASSWORD_CONFIG);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword = s.getOrDefault(SSL_KEY_PASSWORD_CONFIG, s.get(SSL_KEYSTORE_PASSWORD_CONFIG));
        keys.init(keyStore, keyPassword == null ? new char[0] : keyPassword.toCharArray());
        return keys;
    }

    private static TrustManagerFactory trustManagers(Map<String, String> s)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(s, SSL_TRUSTSTORE_TYPE_CONFIG, SSL_TRUSTSTORE_LOCATION_CONFIG,
                SSL_TRUSTSTORE_PASSWORD_CONFIG));
        return trust;
    }

    private static KeyStore load(Map<String, String> s, String typeKey, String locationKey, String passwordKey)
            throws IOException, GeneralSecurityException {
        String location = s.get(locationKey);
        KeyStore store = KeyStore.getInstance(s.getOrDefault(typeKey, "JKS"));
        String password = s.get(passwordKey);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            throw new IOException(locationKey + " " + location + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static ClientAuth clientAuth(String value) {
        return switch (value == null ? "none" : value) {
            case "required" -> ClientAuth.REQUIRE;
            case "requested" -> ClientAuth.OPTIONAL;
            default -> ClientAuth.NONE;
        };
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
