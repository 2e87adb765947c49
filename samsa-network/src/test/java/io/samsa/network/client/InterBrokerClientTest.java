package io.samsa.network.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.network.ApiRegistry;
import io.samsa.network.SocketServer;
import io.samsa.network.SocketServerConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inter-broker client against a real listener on localhost. */
class InterBrokerClientTest {
    private static final ClientConfig CONFIG = new ClientConfig("test-broker", 2_000, 1 << 20, 50);

    private SocketServer server;
    private InterBrokerClient client;
    private volatile CompletableFuture<ApiMessage> metadataAnswer;
    private volatile CompletableFuture<ApiMessage> fetchAnswer;

    private int startServer() throws InterruptedException {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.METADATA, r -> metadataAnswer)
                .register(ApiKeys.FETCH, r -> fetchAnswer);
        server = new SocketServer(new SocketServerConfig("127.0.0.1", 0, 1 << 20, 1, -1, -1, 4 << 20, 600_000), registry);
        server.start();
        return server.port();
    }

    private InterBrokerClient client(Map<Integer, Integer> ports) {
        client = new InterBrokerClient(CONFIG, id -> Optional.ofNullable(ports.get(id))
                .map(p -> new InetSocketAddress("127.0.0.1", p)), Time.SYSTEM);
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void negotiatesVersionsAndMatchesResponsesToRequests() throws Exception {
        int port = startServer();
        metadataAnswer = CompletableFuture.completedFuture(new MetadataResponseData().setClusterId("c1"));
        InterBrokerClient c = client(Map.of(1, port));

        for (int i = 0; i < 3; i++) {
            MetadataResponse r = (MetadataResponse) c.send(1, new MetadataRequest.Builder(List.of(), false), 5_000)
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.clusterId()).isEqualTo("c1");
        }
    }

    @Test
    void anUnregisteredOrUnreachableBrokerFailsWithDisconnect() throws Exception {
        InterBrokerClient c = client(Map.of(2, 1)); // nothing listens on port 1

        assertThatThrownBy(() -> c.send(1, new MetadataRequest.Builder(List.of(), false), 1_000)
                .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DisconnectException.class);
        assertThatThrownBy(() -> c.send(2, new MetadataRequest.Builder(List.of(), false), 1_000)
                .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DisconnectException.class);
    }

    @Test
    void anUnansweredRequestTimesOutAndTheNextOneReconnects() throws Exception {
        int port = startServer();
        metadataAnswer = new CompletableFuture<>(); // never answered
        InterBrokerClient c = client(Map.of(1, port));

        assertThatThrownBy(() -> c.send(1, new MetadataRequest.Builder(List.of(), false), 200)
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);

        metadataAnswer = CompletableFuture.completedFuture(new MetadataResponseData().setClusterId("c2"));
        MetadataResponse r = null;
        for (int attempt = 0; attempt < 50 && r == null; attempt++) {
            try {
                r = (MetadataResponse) c.send(1, new MetadataRequest.Builder(List.of(), false), 5_000)
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(DisconnectException.class); // within the reconnect back-off
                Time.SYSTEM.sleep(CONFIG.reconnectBackoffMs());
            }
        }
        assertThat(r).isNotNull();
        assertThat(r.clusterId()).isEqualTo("c2");
    }

    @Test
    void aRetainedFetchResponseIsReadInPlaceAndFreedOnClose() throws Exception {
        int port = startServer();
        // Half a megabyte of records: the response spans many socket reads.
        byte[] value = new byte[1024];
        SimpleRecord[] records = new SimpleRecord[512];
        for (int i = 0; i < records.length; i++) {
            value[0] = (byte) i;
            records[i] = new SimpleRecord(value.clone());
        }
        MemoryRecords sent = MemoryRecords.withRecords(Compression.NONE, records);
        Uuid topicId = Uuid.randomUuid();
        fetchAnswer = CompletableFuture.completedFuture(new FetchResponseData().setResponses(List.of(
                new FetchResponseData.FetchableTopicResponse().setTopicId(topicId).setPartitions(List.of(
                        new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(512)
                                .setRecords(sent))))));
        InterBrokerClient c = client(Map.of(1, port));
        FetchRequest.Builder fetch = FetchRequest.Builder.forReplica(ApiKeys.FETCH.latestVersion(), 1, 7L, 500, 1,
                Map.of());

        for (int i = 0; i < 3; i++) {
            try (RetainedResponse r = c.sendRetained(1, fetch, 5_000).get(10, TimeUnit.SECONDS)) {
                FetchResponseData data = ((FetchResponse) r.response()).data();
                MemoryRecords received = (MemoryRecords) data.responses().get(0).partitions().get(0).records();
                assertThat(received.buffer().isDirect()).as("a view of the received frame, not a heap copy")
                        .isTrue();
                assertThat(received.buffer()).isEqualTo(sent.buffer().duplicate().rewind());
            }
        }
        // The module's leak check fails this class if a closed response did not free its frame.
    }
}
