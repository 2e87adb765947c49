package io.samsa.bench.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The certificates of the TLS workload, made once with the JDK's {@code keytool} so both brokers serve the same
 * one: a PKCS12 key store with a self-signed RSA key (CN=localhost, SAN dns:localhost and ip:127.0.0.1) for the
 * brokers, and a PKCS12 trust store holding its certificate for the clients.
 *
 * @param keyStore   the brokers' key store
 * @param trustStore the clients' trust store
 * @param password   both stores' password, and the key's
 */
record TlsKeyStores(Path keyStore, Path trustStore, String password) {
    static final String ALIAS = "broker";
    /** A fixed password: the stores live in the run's work directory and guard only a throw-away key. */
    static final String PASSWORD = "samsa-bench";
    private static final long KEYTOOL_TIMEOUT_S = 120;

    /** Creates both stores in {@code dir}, replacing any left there. */
    static TlsKeyStores create(Path dir) throws IOException, InterruptedException, WorkloadException {
        Files.createDirectories(dir);
        TlsKeyStores s = new TlsKeyStores(dir.resolve("broker.p12"), dir.resolve("client-truststore.p12"), PASSWORD);
        Path cert = dir.resolve("broker.crt");
        for (Path p : List.of(s.keyStore, s.trustStore, cert)) {
            Files.deleteIfExists(p);
        }
        for (List<String> args : s.keytoolCommands(cert)) {
            keytool(args, dir.resolve("keytool.log"));
        }
        return s;
    }

    /** The three keytool runs: the key pair, its certificate exported, and that certificate imported as trusted. */
    List<List<String>> keytoolCommands(Path cert) {
        return List.of(
                List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                        "-storepass", password, "-keypass", password),
                List.of("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                        "-storetype", "PKCS12", "-storepass", password, "-file", cert.toString()),
                List.of("-importcert", "-noprompt", "-alias", ALIAS, "-file", cert.toString(),
                        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password));
    }

    /** ProducerPerformance's settings for the SSL listener. */
    Map<String, String> clientConfigs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("security.protocol", "SSL");
        c.put("ssl.truststore.location", trustStore.toString());
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.password", password);
        return c;
    }

    private static void keytool(List<String> args, Path log) throws IOException, InterruptedException,
            WorkloadException {
        // The keytool of the JDK running the harness, which also runs both brokers.
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new WorkloadException("keytool " + args.get(0) + " did not finish; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new WorkloadException("keytool " + args.get(0) + " exited with " + p.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.ISO_8859_1).strip());
        }
    }
}
