package io.samsa.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Self-signed certificates for TLS tests, made with the JDK's {@code keytool} in a test's directory: one key store
 * per party ({@code <name>.<type>}, with a certificate for localhost and 127.0.0.1) and a trust store holding the
 * certificates of the parties it should trust, plus each certificate as PEM ({@code <name>.pem}) for librdkafka.
 * Every store's password is {@link #PASSWORD}. Stateless.
 */
final class TestKeyStores {
    static final String PASSWORD = "samsa-secret";

    private TestKeyStores() {
    }

    /** Makes {@code dir/<name>.<ext>} (type PKCS12 or JKS) and {@code dir/<name>.pem}; returns the key store. */
    static Path keyStore(Path dir, String name, String type) throws Exception {
        Path store = dir.resolve(name + "." + (type.equals("JKS") ? "jks" : "p12"));
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", type, "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        keytool("-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", PASSWORD, "-alias", name,
                "-file", dir.resolve(name + ".pem").toString());
        return store;
    }

    /** A PKCS12 trust store {@code dir/<trustStore>.p12} holding the certificates of {@code parties}. */
    static Path trustStore(Path dir, String trustStore, String... parties) throws Exception {
        Path store = dir.resolve(trustStore + ".p12");
        for (String party : parties) {
            keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-alias", party, "-file", dir.resolve(party + ".pem").toString());
        }
        return store;
    }

    /** Client settings for TLS to {@code bootstrap}, trusting the certificates in {@code trustStore} (PKCS12). */
    static Map<String, Object> clientTls(String bootstrap, Path trustStore) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        c.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString());
        c.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        c.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, PASSWORD);
        return c;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
