package io.samsa.broker;

import static io.samsa.common.config.BrokerConfigDef.SSL_CIPHER_SUITES_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_CLIENT_AUTH_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_ENABLED_PROTOCOLS_CONFIG;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server TLS context of each SSL listener from Kafka's {@code ssl.*} settings (a listener's own
 * {@code listener.name.<name>.ssl.*} first): key store and trust store (JKS or PKCS12), {@code ssl.client.auth},
 * {@code ssl.enabled.protocols}, {@code ssl.cipher.suites}. The engine is BoringSSL through netty-tcnative where it
 * loads, else the JDK's; start-up logs which. A store that cannot be read stops start-up with a message naming the
 * setting. Stateless; called by {@link Broker} at start-up.
 */
final class ServerTlsContexts {
    private static final Logger log = LoggerFactory.getLogger(ServerTlsContexts.class);

    private ServerTlsContexts() {
    }

    static Map<String, SslContext> of(BrokerConfig config) {
        Map<String, SslContext> out = new HashMap<>();
        for (Endpoint e : config.listeners()) {
            if (e.securityProtocol() == SecurityProtocol.SSL) {
                out.put(e.listener(), build(e.listener(), config.sslSettings(e.listener())));
            }
        }
        return out;
    }

    static SslContext build(String listener, Map<String, String> s) {
        try {
            KeyStore keyStore = load(s, SSL_KEYSTORE_TYPE_CONFIG, SSL_KEYSTORE_LOCATION_CONFIG,
                    SSL_KEYSTORE_PASSWORD_CONFIG);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            String keyPassword = s.getOrDefault(SSL_KEY_PASSWORD_CONFIG, s.get(SSL_KEYSTORE_PASSWORD_CONFIG));
            keys.init(keyStore, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            SslContextBuilder builder = SslContextBuilder.forServer(keys).sslProvider(provider)
                    .clientAuth(clientAuth(s.get(SSL_CLIENT_AUTH_CONFIG)))
                    .protocols(list(s.get(SSL_ENABLED_PROTOCOLS_CONFIG)));
            if (s.containsKey(SSL_TRUSTSTORE_LOCATION_CONFIG)) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(s, SSL_TRUSTSTORE_TYPE_CONFIG, SSL_TRUSTSTORE_LOCATION_CONFIG,
                        SSL_TRUSTSTORE_PASSWORD_CONFIG));
                builder.trustManager(trust);
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
