package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection limits set in the broker's configuration, as a Kafka user sets them (issue 12, point 6): with
 * {@code max.connections.per.ip=3}, an address's fourth connection is closed at once while its first three go on
 * being served, and a new one is served once one of them closed.
 */
class ConnectionLimitsIT {
    @TempDir
    Path dir;

    @Test
    void anAddressOverMaxConnectionsPerIpIsClosedAndTheOthersAreServed() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("max.connections.per.ip", "3"))) {
            try (RawConnection first = new RawConnection(broker.port());
                 RawConnection second = new RawConnection(broker.port());
                 RawConnection third = new RawConnection(broker.port())) {
                assertThat(metadata(first).brokers()).hasSize(1);
                assertThat(metadata(second).brokers()).hasSize(1);
                assertThat(metadata(third).brokers()).hasSize(1);
                try (RawConnection fourth = new RawConnection(broker.port())) {
                    assertThat(fourth.closedByBroker()).isTrue();
                }
                assertThat(metadata(second).brokers()).hasSize(1);
                first.close();
                await("a slot freed by closing the first").atMost(TIMEOUT).until(() -> {
                    try (RawConnection again = new RawConnection(broker.port())) {
                        return metadata(again).brokers().size() == 1;
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        }
    }

    @Test
    void anIpOverItsConnectionCreationRateIsClosedUnservedWhileItsServedConnectionsGoOn() throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            try (RawConnection served = new RawConnection(broker.port())) {
                // What kafka-configs --entity-type ips --entity-name 127.0.0.1 stores: 1 connection a second.
                broker.broker().entityConfigs().update("ips/127.0.0.1",
                        stored -> Map.of("connection_creation_rate", "1"));
                // A quota window's worth (10) may come at once; the burst after that is held and closed unserved.
                await("a burst of connections over the rate").atMost(TIMEOUT).until(() -> {
                    List<Socket> burst = new ArrayList<>();
                    try {
                        for (int i = 0; i < 12; i++) {
                            burst.add(new Socket(InetAddress.getLoopbackAddress(), broker.port()));
                        }
                        Socket last = burst.get(burst.size() - 1);
                        last.setSoTimeout(3_000);
                        return last.getInputStream().read() == -1;
                    } catch (SocketTimeoutException e) {
                        return false;
                    } finally {
                        for (Socket socket : burst) {
                            socket.close();
                        }
                    }
                });
                assertThat(metadata(served).brokers()).as("a connection made before is still served").hasSize(1);
            }
        }
    }

    private static MetadataResponse metadata(RawConnection c) throws Exception {
        return c.call(new MetadataRequest.Builder(List.of(), false).build(c.version(ApiKeys.METADATA, 12)));
    }
}
