package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real listener on localhost with test handlers: failures that must close one connection and nothing else, and
 * {@code connections.max.idle.ms}. Metadata requests carry the behaviour wanted in their first topic's name.
 */
class SocketServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long IDLE_MS = 500;

    /** Topics in the "large" answer: about 16 MB, more than the kernel's socket buffers hold (4 MiB at most). */
    private static final int LARGE_TOPICS = 150_000;

    private final List<CompletableFuture<ApiMessage>> parked = new CopyOnWriteArrayList<>();
    private SocketServer server;

    private CompletableFuture<ApiMessage> handle(Request request) {
        String topic = request.body(MetadataRequest.class).data().topics().get(0).name();
        switch (topic) {
            case "error-in-handler":
                throw new OutOfMemoryError("injected: " + topic);
            case "error-later":
                return CompletableFuture.supplyAsync(() -> {
                    throw new StackOverflowError("injected: " + topic);
                });
            case "error-in-serialization":
                return CompletableFuture.completedFuture(new MetadataResponseData() {
                    @Override
                    public void write(Writable w, ObjectSerializationCache cache, short version) {
                        w.writeInt(1);
                        throw new OutOfMemoryError("injected: " + topic);
                    }
                });
            case "parked":
                CompletableFuture<ApiMessage> f = new CompletableFuture<>();
                parked.add(f);
                return f;
            default:
                return CompletableFuture.completedFuture(new MetadataResponseData().setClusterId("served"));
        }
    }

    private SocketServer start(long idleMs) throws InterruptedException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.METADATA, this::handle);
        server = new SocketServer(new SocketServerConfig("127.0.0.1", 0, 1 << 20, 2, -1, -1, 4 << 20, idleMs),
                registry);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static MetadataRequest metadata(String topic) {
        return new MetadataRequest.Builder(List.of(topic), false).build((short) 12);
    }

    private void awaitNothingHeld(int connections) {
        SocketServerMetrics m = server.metrics();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(m.getConnectionCount()).isEqualTo(connections);
            assertThat(m.getQueuedRequestBytes()).isZero();
            assertThat(m.getRequestBufferBytes()).isZero();
            assertThat(m.getPendingResponseBytes()).isZero();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"error-in-handler", "error-later", "error-in-serialization"})
    void anErrorClosesOnlyItsConnectionWithOneLogLineAndReleasesItsBuffers(String failure) throws Exception {
        start(60_000);
        try (TestClient bystander = new TestClient(server.port());
             TestClient victim = new TestClient(server.port());
             LogCapture log = new LogCapture()) {
            assertThat(bystander.<MetadataResponse>call(metadata("a")).data().clusterId()).isEqualTo("served");

            victim.send(metadata(failure));
            assertThat(victim.closedByServer(10_000)).isTrue();

            assertThat(bystander.<MetadataResponse>call(metadata("b")).data().clusterId()).isEqualTo("served");
            try (TestClient newcomer = new TestClient(server.port())) {
                assertThat(newcomer.<MetadataResponse>call(metadata("c")).data().clusterId()).isEqualTo("served");
            }
            awaitNothingHeld(1);
            assertThat(log.lines("ERROR")).as("error lines logged").hasSize(1).allSatisfy(line -> assertThat(line)
                    .contains("Closing connection").contains("unexpected error"));
            assertThat(log.lines("injected: " + failure)).as("the error itself is in the log").hasSize(1);
            assertThat(server.metrics().getErrorConnectionsClosed()).isEqualTo(1);
        }
    }

    @Test
    void aLargeAnswerBeforeABadFrameReachesASlowReaderWholeBeforeTheClose() throws Exception {
        start(60_000);
        try (TestClient slow = new TestClient(server.port(), 8192)) {
            var header = slow.send(metadata("parked")); // a long poll, answered once the bad frame is in
            slow.writeRaw(new byte[] {0, 0, 0, 4, 0x7f, 0x7f, 0, 0}); // api key 32639: closes once answered
            await().atMost(WAIT).until(() -> parked.size() == 1);
            MetadataResponseData large = new MetadataResponseData().setClusterId("large");
            for (int i = 0; i < LARGE_TOPICS; i++) {
                large.topics().add(new MetadataResponseData.MetadataResponseTopic()
                        .setName(String.format("topic-%0100d", i)));
            }
            parked.get(0).complete(large); // written, then the close: most of it is still in the broker's buffers

            MetadataResponse answer = slow.receive(header);
            assertThat(answer.data().topics()).hasSize(LARGE_TOPICS);
            assertThat(slow.closedByServer(10_000)).isTrue();
            awaitNothingHeld(0);
        }
    }

    @Test
    void idleAndStalledConnectionsAreClosedButNotOneWithARequestInProgress() throws Exception {
        start(IDLE_MS);
        try (TestClient polling = new TestClient(server.port());
             TestClient idle = new TestClient(server.port());
             TestClient stalled = new TestClient(server.port())) {
            var header = polling.send(metadata("parked")); // a long poll: answered later
            await().atMost(WAIT).until(() -> parked.size() == 1);
            ByteArrayOutputStream half = new ByteArrayOutputStream();
            new DataOutputStream(half).writeInt(100_000);
            half.write(new byte[1000]);
            stalled.writeRaw(half.toByteArray());

            assertThat(idle.closedByServer(10_000)).isTrue();
            assertThat(stalled.closedByServer(10_000)).isTrue();
            assertThat(polling.closedByServer(1)).as("a request in progress is not idleness").isFalse();

            parked.get(0).complete(new MetadataResponseData().setClusterId("late"));
            assertThat(polling.<MetadataResponse>receive(header).data().clusterId()).isEqualTo("late");
            assertThat(polling.closedByServer(10_000)).as("idle once answered").isTrue();
            assertThat(server.metrics().getIdleConnectionsClosed()).isEqualTo(3);
            awaitNothingHeld(0);
        }
    }
}
