package io.samsa.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TLS workload's SSL listener reaches both brokers alike, beside an unchanged PLAINTEXT listener. */
class TlsListenerConfigTest {
    private static final TlsListener TLS = new TlsListener(9443, Path.of("/w/tls/broker.p12"), "pw");
    private static final BrokerSettings SETTINGS = BrokerSettings.defaults().withTls(TLS);

    @Test
    void kafkaNodeGetsBothListenersKeepsControllerAndMapsSsl() {
        BrokerNode node = new BrokerNode(BrokerKind.KAFKA, 1, Path.of("/d"), 9001, 9101);
        Map<String, String> p = KafkaNodeConfig.properties(SETTINGS, node, List.of(node));
        assertThat(p).containsEntry("listeners",
                        "PLAINTEXT://127.0.0.1:9001,SSL://127.0.0.1:9443,CONTROLLER://127.0.0.1:9101")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9001,SSL://127.0.0.1:9443")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL")
                .containsEntry("ssl.keystore.location", "/w/tls/broker.p12")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "pw")
                .containsEntry("ssl.key.password", "pw");
    }

    @Test
    void samsaBrokerGetsTheSameNamesAsOverrides() {
        BrokerNode node = new BrokerNode(BrokerKind.SAMSA, 0, Path.of("/d"), 9002, 9102);
        String args = String.join(" ", SamsaServerArgs.single(new SamsaDistribution(Path.of("/dist")), SETTINGS,
                node));
        assertThat(args).contains("--override listeners=PLAINTEXT://127.0.0.1:9002,SSL://127.0.0.1:9443",
                "--override advertised.listeners=PLAINTEXT://127.0.0.1:9002,SSL://127.0.0.1:9443",
                "--override inter.broker.listener.name=PLAINTEXT",
                "--override ssl.keystore.location=/w/tls/broker.p12", "--override ssl.keystore.type=PKCS12",
                "--override ssl.keystore.password=pw", "--override ssl.key.password=pw");
    }

    @Test
    void withoutTlsNothingChanges() {
        BrokerNode node = new BrokerNode(BrokerKind.KAFKA, 1, Path.of("/d"), 9001, 9101);
        Map<String, String> p = KafkaNodeConfig.properties(BrokerSettings.defaults(), node, List.of(node));
        assertThat(p).containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .doesNotContainKey("ssl.keystore.location");
    }
}
