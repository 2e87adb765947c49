package io.samsa.bench.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code SSL} listener a broker gets beside its PLAINTEXT one (which stays the inter-broker and the harness's
 * admin listener): its port on 127.0.0.1 and the broker's key store, under Kafka's setting names, which Samsa
 * takes too.
 *
 * @param port             the SSL listener's port on 127.0.0.1
 * @param keyStore         a PKCS12 key store holding the broker's key and self-signed certificate
 * @param keyStorePassword its password, also the key's
 */
public record TlsListener(int port, Path keyStore, String keyStorePassword) {
    /** The listener's name and its security protocol. */
    public static final String NAME = "SSL";

    /** A listener on a port the kernel picks now. */
    public static TlsListener onFreePort(Path keyStore, String keyStorePassword) {
        return new TlsListener(Ports.free(), keyStore, keyStorePassword);
    }

    /** This listener's entry in {@code listeners} and {@code advertised.listeners}. */
    public String listener() {
        return NAME + "://127.0.0.1:" + port;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The key store settings, the same for both brokers. */
    public Map<String, String> keyStoreConfigs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("ssl.keystore.location", keyStore.toString());
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.password", keyStorePassword);
        c.put("ssl.key.password", keyStorePassword);
        return c;
    }
}
