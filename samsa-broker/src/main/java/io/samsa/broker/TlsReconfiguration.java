package io.samsa.broker;

import static io.samsa.common.config.BrokerConfigDef.SSL_KEYSTORE_LOCATION_CONFIG;
import static io.samsa.common.config.BrokerConfigDef.SSL_TRUSTSTORE_LOCATION_CONFIG;

import io.netty.handler.ssl.SslContext;
import io.samsa.common.config.BrokerConfig;
import io.samsa.common.config.DynamicBrokerConfigs;
import io.samsa.common.config.PasswordEncoder;
import io.samsa.metadata.MetadataListener;
import io.samsa.metadata.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the key and trust stores of this broker's TLS listeners without a restart, as Kafka's dynamic SSL
 * reconfiguration: {@code kafka-configs --alter --entity-type brokers --entity-name <id> --add-config
 * listener.name.<l>.ssl.keystore.location=<file>} (or the bare key, for every TLS listener without its own). Setting
 * the location it already has reloads the store when its file changed since it was loaded (certificate rotation);
 * connections accepted from then on use the new context, open ones keep theirs. A change whose stores cannot be
 * loaded is refused before it is stored, with INVALID_CONFIG, and nothing changes.
 *
 * <p>Precedence: this broker's dynamic {@code listener.name.<l>.} value, its dynamic bare value, then
 * server.properties. Built by the {@link Broker}, registered as a metadata listener; reloads run on their own thread.
 * Thread-safe.
 */
final class TlsReconfiguration implements MetadataListener, DynamicConfigCheck, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsReconfiguration.class);

    private final BrokerConfig config;
    private final Function<String, Map<String, String>> brokerConfigs;
    private final BiConsumer<String, SslContext> replace;
    private final String ownEntity;
    private final List<String> listeners = new ArrayList<>();
    /** What each listener's context was last built from: its settings and its store files' state. */
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "samsa-tls-reconfiguration");
        t.setDaemon(true);
        return t;
    });

    private record Loaded(Map<String, String> settings, List<String> files) {
    }

    /**
     * @param brokerConfigs dynamic broker configs by entity
     * @param replace       installs a listener's new server context (the socket server's)
     */
    TlsReconfiguration(BrokerConfig config, Function<String, Map<String, String>> brokerConfigs,
                       BiConsumer<String, SslContext> replace) {
        this.config = config;
        this.brokerConfigs = brokerConfigs;
        this.replace = replace;
        this.ownEntity = Integer.toString(config.brokerId());
        for (Endpoint e : config.listeners()) {
            if (e.securityProtocol() == SecurityProtocol.SSL || e.securityProtocol() == SecurityProtocol.SASL_SSL) {
                listeners.add(e.listener());
            }
        }
    }

    /**
     * The server contexts the listeners start with: server.properties under this broker's stored dynamic configs
     * (a store rotated before a restart stays rotated). Stored configs that no longer load (a file since removed)
     * are logged and the static ones used. Called once, before the socket server is built.
     */
    synchronized Map<String, SslContext> initialContexts() {
        Map<String, String> own = brokerConfigs.apply(ownEntity);
        Map<String, SslContext> out = new LinkedHashMap<>();
        for (String listener : listeners) {
            Map<String, String> settings = config.sslSettings(listener);
            SslContext context = null;
            try {
                Map<String, String> dynamic = settings(listener, own);
                if (!dynamic.equals(settings)) {
                    context = TlsContexts.build(listener, dynamic);
                    settings = dynamic;
                }
            } catch (ConfigException e) {
                log.error("Stored dynamic TLS configs of listener {} not applied, using server.properties: {}",
                        listener, e.getMessage());
            }
            if (context == null) {
                context = TlsContexts.build(listener, settings);
            }
            out.put(listener, context);
            loaded.put(listener, new Loaded(settings, files(settings)));
        }
        return out;
    }

    /** The TLS settings of {@code listener} with this broker's dynamic configs {@code own} over the static ones. */
    private Map<String, String> settings(String listener, Map<String, String> own) {
        Map<String, String> s = new LinkedHashMap<>(config.sslSettings(listener));
        String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
        for (String key : DynamicBrokerConfigs.SSL_STORES) {
            String value = own.containsKey(prefix + key) ? own.get(prefix + key) : own.get(key);
            if (value != null) {
                s.put(key, value);
            }
        }
        for (String key : DynamicBrokerConfigs.SSL_PASSWORDS) {
            String encoded = own.containsKey(prefix + key) ? own.get(prefix + key) : own.get(key);
            if (encoded != null) {
                s.put(key, PasswordEncoder.of(config).orElseThrow(() -> new ConfigException(
                        "Password encoder secret not configured: cannot read the stored " + key)).decode(encoded));
            }
        }
        return s;
    }

    /** The state of the store files: a replaced file (same path) differs in modification time, size or inode. */
    private static List<String> files(Map<String, String> settings) {
        List<String> out = new ArrayList<>();
        for (String key : List.of(SSL_KEYSTORE_LOCATION_CONFIG, SSL_TRUSTSTORE_LOCATION_CONFIG)) {
            String location = settings.get(key);
            if (location == null) {
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(location), BasicFileAttributes.class);
                out.add(location + "@" + a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey());
            } catch (IOException e) {
                out.add(location + " unreadable");
            }
        }
        return out;
    }

    @Override
    public void check(String entity, Map<String, String> updated) {
        TreeSet<String> ssl = new TreeSet<>(updated.keySet());
        ssl.removeIf(k -> !DynamicBrokerConfigs.isSsl(k));
        if (entity.equals(MetadataStore.DEFAULT_BROKER_ENTITY)) {
            if (!ssl.isEmpty()) {
                throw new InvalidRequestException("Cannot update these configs at default cluster level, broker id "
                        + "must be specified: " + ssl);
            }
            return;
        }
        if (!entity.equals(ownEntity)) {
            return; // another broker checks its own stores when it applies them
        }
        for (String listener : listeners) {
            try {
                TlsContexts.build(listener, settings(listener, updated));
            } catch (ConfigException e) {
                throw new InvalidConfigurationException("Validation of dynamic config update of SSLFactory failed: "
                        + e.getMessage());
            }
        }
    }

    @Override
    public void onBrokerConfigChanged(String entity) {
        if (entity.equals(ownEntity) && !listeners.isEmpty()) {
            reloader.execute(this::reload);
        }
    }

    private synchronized void reload() {
        Map<String, String> own = brokerConfigs.apply(ownEntity);
        for (String listener : listeners) {
            Map<String, String> settings = settings(listener, own);
            Loaded next = new Loaded(settings, files(settings));
            if (next.equals(loaded.get(listener))) {
                continue;
            }
            try {
                replace.accept(listener, TlsContexts.build(listener, settings));
                loaded.put(listener, next);
                log.info("Reloaded the TLS key and trust stores of listener {}: {}", listener, next.files());
            } catch (ConfigException e) {
                log.error("Dynamic TLS configs of listener {} not applied: {}", listener, e.getMessage());
            } catch (RuntimeException e) {
                log.error("Failed to reload the TLS stores of listener {}", listener, e);
            }
        }
    }

    @Override
    public void close() {
        reloader.shutdown();
    }
}
