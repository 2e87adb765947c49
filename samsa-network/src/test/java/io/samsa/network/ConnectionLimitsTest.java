package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connection limits on a real listener on localhost, with real connections: a connection over its address's
 * maximum is closed, one over {@code max.connections} waits unserved until another closes, and connections faster
 * than {@code max.connection.creation.rate} are slowed down, not refused.
 */
@ExtendWith(NettyLeakCheckExtension.class)
class ConnectionLimitsTest {
    private static final int UNLIMITED = Integer.MAX_VALUE;
    private SocketServer server;

    private void start(int maxConnections, int perIp, int rate, int windowNum) throws InterruptedException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.METADATA,
                r -> CompletableFuture.completedFuture(new MetadataResponseData().setClusterId("served")));
        ConnectionLimits limits = new ConnectionLimits(maxConnections, perIp, Map.of(), rate,
                Map.of("PLAINTEXT", new ConnectionLimits.Listener(UNLIMITED, UNLIMITED)), "PLAINTEXT", windowNum,
                1000);
        server = new SocketServer(new SocketServerConfig(
                List.of(new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 0)), 1 << 20, 2, -1, -1,
                4 << 20, 60_000, limits, Map.of(), Map.of()), registry);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean served(TestClient c) throws Exception {
        MetadataResponse r = c.call(new MetadataRequest.Builder(List.of("t"), false).build((short) 12));
        return "served".equals(r.data().clusterId());
    }

    @Test
    void aThirdConnectionFromOneAddressIsClosedWhenTheMaximumIsTwo() throws Exception {
        start(UNLIMITED, 2, UNLIMITED, 11);
        try (TestClient first = new TestClient(server.port()); TestClient second = new TestClient(server.port());
             TestClient third = new TestClient(server.port())) {
            assertThat(served(first)).isTrue();
            assertThat(served(second)).isTrue();
            assertThat(third.closedByServer(5_000)).isTrue();
            first.close();
            try (TestClient again = awaitServedClient()) {
                assertThat(served(again)).isTrue();
            }
            assertThat(served(second)).isTrue();
        }
    }

    /** A client that connects once a slot is free: closing is seen by the server a little later. */
    private TestClient awaitServedClient() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            TestClient c = new TestClient(server.port());
            if (!c.closedByServer(100)) {
                return c;
            }
            c.close();
        }
        throw new AssertionError("no connection was served within 50 attempts");
    }

    @Test
    void aConnectionOverMaxConnectionsWaitsUnservedUntilAnotherCloses() throws Exception {
        start(2, UNLIMITED, UNLIMITED, 11);
        try (TestClient first = new TestClient(server.port()); TestClient second = new TestClient(server.port());
             TestClient third = new TestClient(server.port())) {
            assertThat(served(first)).isTrue();
            assertThat(served(second)).isTrue();
            var header = third.send(new MetadataRequest.Builder(List.of("t"), false).build((short) 12));
            assertThat(third.closedByServer(500)).as("held, neither served nor closed").isFalse();

            first.close();
            MetadataResponse r = third.receive(header);
            assertThat(r.data().clusterId()).isEqualTo("served");
        }
    }

    @Test
    void connectionsFasterThanTheCreationRateAreDelayedNotRefused() throws Exception {
        // Two samples of 1 s: the rate is measured over at least 1 s, so 5 a second lets 5 through at once.
        start(UNLIMITED, UNLIMITED, 5, 2);
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            try (TestClient c = new TestClient(server.port())) {
                assertThat(served(c)).as("connection %d", i).isTrue();
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("12 connections at 5 a second").isGreaterThanOrEqualTo(1000);
    }
}
