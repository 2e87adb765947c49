package io.samsa.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.bench.broker.BrokerKind;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS workload's key stores, the engine read from Samsa's log, and its place among the workloads. */
class TlsWorkloadPartsTest {

    @Test
    void keytoolMakesAKeyStoreForLocalhostAndATrustStoreWithItsCertificate(@TempDir Path dir) throws Exception {
        TlsKeyStores s = TlsKeyStores.create(dir);
        KeyStore keys = load(s.keyStore(), s.password());
        X509Certificate cert = (X509Certificate) keys.getCertificate(TlsKeyStores.ALIAS);
        assertThat(keys.isKeyEntry(TlsKeyStores.ALIAS)).isTrue();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
        KeyStore trust = load(s.trustStore(), s.password());
        assertThat(trust.getCertificate(TlsKeyStores.ALIAS)).isEqualTo(cert);
        assertThat(s.clientConfigs()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", s.trustStore().toString())
                .containsEntry("ssl.truststore.type", "PKCS12");
    }

    @Test
    void samsaEngineComesFromItsStartUpLine() {
        String log = "2026-12-04T23:00:00.000 [main] INFO io.samsa.broker.ServerTlsContexts - TLS on listener SSL with"
                + " the BoringSSL (OpenSSL) engine, protocols TLSv1.2,TLSv1.3, client auth none\n";
        assertThat(TlsEngine.of(BrokerKind.SAMSA, "SSL", log)).contains("BoringSSL (OpenSSL)");
        assertThat(TlsEngine.of(BrokerKind.SAMSA, "SSL", "nothing")).isEmpty();
        assertThat(TlsEngine.of(BrokerKind.KAFKA, "SSL", "")).contains("JDK");
    }

    @Test
    void tlsIsSelectableByName() {
        assertThat(Workloads.select(Set.of("tls"))).extracting(Workload::id).containsExactly("TLS");
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }
}
