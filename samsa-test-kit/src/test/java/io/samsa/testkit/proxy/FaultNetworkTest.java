package io.samsa.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between plain sockets: forwarding, classification, cuts, heals and delays. */
class FaultNetworkTest {
    private static final Node BROKER_0 = Node.broker(0);
    private static final Node BROKER_1 = Node.broker(1);
    private static final Link FETCHES = new Link(BROKER_1, BROKER_0);
    private static final Link CLIENTS = new Link(Node.CLIENTS, BROKER_0);

    private EchoServer echo;
    private FaultNetwork network;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws Exception {
        echo = new EchoServer();
        network = new FaultNetwork();
        proxy = network.startProxy(BROKER_0, echo.port(), new ClientIdClassifier());
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
        echo.close();
    }

    /** Opens a connection through the proxy as {@code clientId} and checks it works end to end. */
    private TestSocket open(String clientId, Link expected) throws Exception {
        int before = network.connections(expected);
        TestSocket s = new TestSocket(proxy.port());
        byte[] frame = Frames.request(clientId);
        s.send(frame);
        assertThat(s.read(frame.length)).as("the echo of the first frame").isEqualTo(frame);
        assertThat(network.connections(expected)).as("connections on " + expected).isEqualTo(before + 1);
        return s;
    }

    private static void assertEchoes(TestSocket s, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        s.send(bytes);
        assertThat(s.read(bytes.length)).isEqualTo(bytes);
    }

    @Test
    void forwardsBothWaysAndClassifiesEachConnectionByItsFirstClientId() throws Exception {
        try (TestSocket fetcher = open("broker-1-fetcher", FETCHES);
             TestSocket producer = open("producer-7", CLIENTS)) {
            assertEchoes(fetcher, "more from the follower");
            assertEchoes(producer, "more from the producer");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> network.connections(FETCHES) == 0
                && network.connections(CLIENTS) == 0);
        assertThat(network.knownNodes()).contains(BROKER_0, BROKER_1, Node.CLIENTS);
    }

    @Test
    void carriesLargeTransfersWholeAndInOrder() throws Exception {
        byte[] payload = new byte[8 << 20];
        new Random(42).nextBytes(payload);
        try (TestSocket s = open("consumer-1", CLIENTS)) {
            Thread writer = new Thread(() -> {
                try {
                    s.send(payload);
                } catch (Exception e) {
                    // the read below fails and says what is missing
                }
            }, "large-writer");
            writer.start();
            assertThat(Arrays.equals(s.read(payload.length), payload)).as("8 MiB echoed unchanged").isTrue();
            writer.join(10_000);
        }
    }

    @Test
    void aCutDropsTheOpenConnectionsOfItsLinkAndNoOthers() throws Exception {
        try (TestSocket fetcher = open("broker-1-fetcher", FETCHES);
             TestSocket producer = open("producer-7", CLIENTS)) {
            network.cut(BROKER_1, BROKER_0);
            assertThat(fetcher.closedByPeer()).as("the follower's connection is dropped").isTrue();
            assertEchoes(producer, "clients still get through");
            assertThat(network.cutLinks()).containsExactly(FETCHES);
        }
    }

    @Test
    void aConnectionOpenedDuringACutIsHeldUntilTheLinkHeals() throws Exception {
        network.cut(BROKER_1, BROKER_0);
        try (TestSocket s = new TestSocket(proxy.port())) {
            byte[] frame = Frames.request("broker-1-fetcher");
            s.send(frame);
            await().atMost(Duration.ofSeconds(10)).until(() -> network.connections(FETCHES) == 1);
            assertThat(s.silentFor(300)).as("nothing reaches the target while cut").isTrue();
            network.heal(BROKER_1, BROKER_0);
            assertThat(s.read(frame.length)).as("the held frame, delivered after the heal").isEqualTo(frame);
            assertEchoes(s, "and everything after it");
        }
    }

    @Test
    void aBlackholeKeepsConnectionsOpenAndDeliversTheirBytesAfterTheHeal() throws Exception {
        try (TestSocket s = open("producer-7", CLIENTS)) {
            network.cut(CLIENTS, CutMode.BLACKHOLE);
            byte[] during = "written during the cut".getBytes(StandardCharsets.UTF_8);
            s.send(during);
            assertThat(s.silentFor(300)).as("no echo while blackholed").isTrue();
            network.heal(CLIENTS);
            assertThat(s.read(during.length)).isEqualTo(during);
        }
    }

    @Test
    void isolatingANodeCutsEveryLinkToAndFromIt() throws Exception {
        try (TestSocket fetcher = open("broker-1-fetcher", FETCHES);
             TestSocket producer = open("producer-7", CLIENTS)) {
            network.isolate(BROKER_0);
            assertThat(fetcher.closedByPeer()).isTrue();
            assertThat(producer.closedByPeer()).isTrue();
            assertThat(network.cutLinks()).contains(FETCHES, CLIENTS, FETCHES.reversed(), CLIENTS.reversed());
            network.healAll();
            assertThat(network.cutLinks()).isEmpty();
            open("producer-8", CLIENTS).close();
        }
    }

    @Test
    void aDelayAppliesBothWaysAndNeverReordersBytes() throws Exception {
        try (TestSocket s = open("producer-7", CLIENTS)) {
            network.delay(Node.CLIENTS, BROKER_0, Duration.ofMillis(200));
            long start = System.nanoTime();
            assertEchoes(s, "slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one round trip, delayed each way")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));

            // A chunk read after the delay is lifted must still wait for the chunk before it.
            s.send("first ".getBytes(StandardCharsets.UTF_8));
            network.delay(Node.CLIENTS, BROKER_0, Duration.ZERO);
            s.send("second".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(s.read(12), StandardCharsets.UTF_8)).isEqualTo("first second");
        }
    }

    @Test
    void whenTheTargetIsDownTheFrontIsClosed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        TcpProxy nowhere = network.startProxy(Node.broker(5), closedPort, new ClientIdClassifier());
        try (TestSocket s = new TestSocket(nowhere.port())) {
            s.send(Frames.request("producer-1"));
            assertThat(s.closedByPeer()).isTrue();
        }
    }

    @Test
    void aFixedClassifierPlacesAConnectionBeforeItSendsAnything() throws Exception {
        TcpProxy zk = network.startProxy(Node.ZOOKEEPER, echo.port(), ConnectionClassifier.fixed(BROKER_1));
        Link link = new Link(BROKER_1, Node.ZOOKEEPER);
        try (TestSocket s = new TestSocket(zk.port())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> network.connections(link) == 1);
            assertEchoes(s, "ruok");
            network.cut(BROKER_1, Node.ZOOKEEPER);
            assertThat(s.closedByPeer()).isTrue();
        }
    }
}
