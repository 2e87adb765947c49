package io.samsa.it;

import static io.samsa.it.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that do not play along: one that pipelines requests and never reads its responses, connections that
 * announce large frames and stall, and large requests from several producers at once against a small
 * {@code queued.max.request.bytes}. In each case the broker's memory stays bounded (its listener metrics, over JMX),
 * well-behaved clients on other connections are served meanwhile, and nothing is left held afterwards.
 */
class NetworkBackPressureIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The listener's WRITE_BUFFER_WATER_MARK high mark. */
    private static final long HIGH_WATER = 4 << 20;
    /** RequestDispatcher.MAX_IN_FLIGHT. */
    private static final int MAX_IN_FLIGHT = 16;

    @TempDir
    Path dir;
    private TestBroker broker;

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close(); // also fails the test on a leaked Netty buffer
        }
    }

    private long metric(String name) throws Exception {
        return broker.networkMetric(name);
    }

    /** What the broker holds for requests and responses in total drops back to nothing. */
    private void awaitNothingHeld() {
        await("request and response memory released").atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("QueuedRequestBytes")).as("QueuedRequestBytes").isZero();
            assertThat(metric("RequestBufferBytes")).as("RequestBufferBytes").isZero();
            assertThat(metric("PendingResponseBytes")).as("PendingResponseBytes").isZero();
            assertThat(metric("MutedConnections")).as("MutedConnections").isZero();
        });
    }

    /** A producer and a consumer on their own connections get a record through. */
    private void aWellBehavedClientIsServed(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        byte[] value = ("served " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        long offset = broker.producer().send(new ProducerRecord<>(topic, 0, null, value))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readToEnd(broker.consumer(), List.of(tp),
                Map.of(tp, offset));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).value()).isEqualTo(value);
    }

    private static DescribeConfigsRequest describeBrokerConfigs(short version) {
        return new DescribeConfigsRequest.Builder(new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("0")
                        .setConfigurationKeys(null)))).build(version);
    }

    /** Requests pipelined on a connection: their headers, in order, and the writing still going on. */
    private record Pipelined(List<RequestHeader> headers, CompletableFuture<Void> writing) {
    }

    /**
     * Pipelines {@code count} DescribeConfigs requests (each answered with every broker config, about 3.6 KB) on
     * {@code c}, written from another thread since the broker stops reading them.
     */
    private static Pipelined pipeline(RawConnection c, short version, int count) {
        List<RawConnection.Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(c.frame(describeBrokerConfigs(version)));
        }
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            for (RawConnection.Frame f : frames) {
                try {
                    c.writeRaw(f.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return new Pipelined(frames.stream().map(RawConnection.Frame::header).toList(), writing);
    }

    /** Waits until the broker stopped reading a connection because its responses are not being taken. */
    private void awaitMutedWithResponsesPiledUp() {
        await("a connection muted with unsent responses").atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("MutedConnections")).isGreaterThanOrEqualTo(1);
            assertThat(metric("MaxPendingResponseBytesPerConnection")).isGreaterThan(HIGH_WATER / 2);
        });
    }

    @Test
    void aClientThatPipelinesAndNeverReadsIsMutedWithBoundedMemoryAndLaterGetsEveryResponseInOrder()
            throws Exception {
        broker = TestBroker.start(dir);
        Clients.createTopic(broker.adminClient(), "healthy", 1);
        int count = 3000;
        try (RawConnection bad = new RawConnection(broker.port())) {
            short version = bad.version(ApiKeys.DESCRIBE_CONFIGS, 4);
            DescribeConfigsResponse sample = bad.call(describeBrokerConfigs(version));
            int responseBytes = sample.data().size(new ObjectSerializationCache(), version) + 64;
            long bound = HIGH_WATER + (long) MAX_IN_FLIGHT * responseBytes;
            assertThat((long) count * responseBytes).as("the test asks for far more than the bound")
                    .isGreaterThan(2 * bound);

            Pipelined sent = pipeline(bad, version, count);
            awaitMutedWithResponsesPiledUp();
            assertThat(metric("MaxPendingResponseBytesPerConnection")).isLessThanOrEqualTo(bound);

            aWellBehavedClientIsServed("healthy");
            assertThat(broker.adminClient().describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            assertThat(metric("MaxPendingResponseBytesPerConnection")).as("still bounded after others were served")
                    .isLessThanOrEqualTo(bound);
            assertThat(metric("QueuedRequestBytes")).as("at most the requests in flight")
                    .isLessThanOrEqualTo((long) MAX_IN_FLIGHT * 1024);

            // The client finally reads: every response arrives, in request order (parsing checks the correlation id).
            int received = 0;
            for (RequestHeader header : sent.headers()) {
                DescribeConfigsResponse r;
                try {
                    r = bad.receive(header);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no response after " + received + " of " + count + "; broker: muted "
                            + metric("MutedConnections") + ", pending response bytes "
                            + metric("PendingResponseBytes") + ", request buffers " + metric("RequestBufferBytes"), e);
                }
                received++;
                assertThat(r.data().results()).hasSize(1);
                assertThat(r.data().results().get(0).errorCode()).isEqualTo(Errors.NONE.code());
            }
            sent.writing().get(30, TimeUnit.SECONDS);
        }
        awaitNothingHeld();
    }

    @Test
    void aClientThatPipelinesAndDisconnectsWithoutReadingLeavesNothingHeld() throws Exception {
        broker = TestBroker.start(dir);
        Clients.createTopic(broker.adminClient(), "healthy", 1);
        RawConnection bad = new RawConnection(broker.port());
        short version = bad.version(ApiKeys.DESCRIBE_CONFIGS, 4);
        Pipelined sent = pipeline(bad, version, 3000);
        awaitMutedWithResponsesPiledUp();
        bad.close();
        await().atMost(WAIT).until(() -> sent.writing().isDone()); // finished, or failed on the closed socket
        awaitNothingHeld();
        aWellBehavedClientIsServed("healthy");
    }

    @Test
    void connectionsThatAnnounceLargeFramesAndStallPinOnlyWhatTheySentAndAreClosedWhenIdle() throws Exception {
        int announced = 90 << 20;
        int stalled = 15;
        long memoryLimit = 400L << 20; // room for 4 of the 15 announced frames
        broker = TestBroker.start(dir, Map.of("connections.max.idle.ms", "5000",
                "queued.max.request.bytes", Long.toString(memoryLimit)));
        Clients.createTopic(broker.adminClient(), "healthy", 1);
        long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();

        List<RawConnection> connections = new ArrayList<>();
        try {
            byte[] start = new byte[4 + 1000];
            new Random(1).nextBytes(start);
            ByteBuffer.wrap(start).putInt(announced);
            for (int i = 0; i < stalled; i++) {
                RawConnection c = new RawConnection(broker.port());
                connections.add(c);
                c.writeRaw(start);
            }
            int admitted = (int) (memoryLimit / announced);
            await("every stalled frame reserved or waiting").atMost(WAIT).untilAsserted(() -> {
                assertThat(metric("QueuedRequestBytes")).isEqualTo((long) admitted * announced);
                assertThat(metric("ConnectionsWaitingForMemory")).isEqualTo(stalled - admitted);
            });
            assertThat(metric("RequestBufferBytes")).as("buffers hold what arrived, not what was announced")
                    .isLessThanOrEqualTo(stalled * 64L * 1024);
            assertThat(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore)
                    .as("direct memory in use").isLessThan(64L << 20);

            aWellBehavedClientIsServed("healthy");

            for (RawConnection c : connections) {
                assertThat(c.closedByBroker()).as("closed after connections.max.idle.ms").isTrue();
            }
        } finally {
            for (RawConnection c : connections) {
                c.close();
            }
        }
        awaitNothingHeld();
        assertThat(metric("IdleConnectionsClosed")).isGreaterThanOrEqualTo(stalled);
        aWellBehavedClientIsServed("healthy");
    }

    @Test
    void largeProducesFromSeveralClientsAllCompleteWithASmallRequestMemory() throws Exception {
        int maxRequest = 1 << 20;
        long memoryLimit = 2L << 20;
        broker = TestBroker.start(dir, Map.of("socket.request.max.bytes", Integer.toString(maxRequest),
                "queued.max.request.bytes", Long.toString(memoryLimit)));
        Admin admin = broker.adminClient();
        Clients.createTopic(admin, "big", 4);

        // Two raw producers take the whole memory with frames they send only half of...
        List<RawConnection> raws = new ArrayList<>();
        List<RawConnection.Frame> frames = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawConnection c = new RawConnection(broker.port());
                raws.add(c);
                RawConnection.Frame f = c.frame(produce(c, "big", i, new byte[1_000_000]));
                assertThat(f.bytes().length).isLessThan(maxRequest);
                frames.add(f);
                c.writeRaw(Arrays.copyOfRange(f.bytes(), 0, f.bytes().length / 2));
            }
            await().atMost(WAIT).until(() -> metric("QueuedRequestBytes") > memoryLimit - 100_000);

            // ...so the Java producers' large requests must wait for memory.
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                        ProducerConfig.BATCH_SIZE_CONFIG, 900_000, ProducerConfig.LINGER_MS_CONFIG, 20,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000));
                for (int r = 0; r < 10; r++) {
                    acks.add(producer.send(new ProducerRecord<>("big", p, null, new byte[200_000])));
                }
            }
            await("a producer waiting for request memory").atMost(WAIT)
                    .until(() -> metric("ConnectionsWaitingForMemory") >= 1);

            // The half-sent frames held whole reservations, so they can finish; then everyone proceeds.
            for (int i = 0; i < 2; i++) {
                byte[] b = frames.get(i).bytes();
                raws.get(i).writeRaw(Arrays.copyOfRange(b, b.length / 2, b.length));
                ProduceResponse r = raws.get(i).receive(frames.get(i).header());
                assertThat(r.data().responses().iterator().next().partitionResponses().get(0).errorCode())
                        .isEqualTo(Errors.NONE.code());
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            for (RawConnection c : raws) {
                c.close();
            }
        }
        assertThat(metric("QueuedRequestBytesPeak")).isLessThanOrEqualTo(memoryLimit);
        assertThat(metric("MemoryWaits")).isPositive();
        Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition("big", 0), OffsetSpec.latest(),
                new TopicPartition("big", 1), OffsetSpec.latest(), new TopicPartition("big", 2), OffsetSpec.latest(),
                new TopicPartition("big", 3), OffsetSpec.latest());
        long total = 0;
        for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
            total += e.offset();
        }
        assertThat(total).as("every record written once").isEqualTo(2 + 4 * 10);
        awaitNothingHeld();
    }

    private static ProduceRequest produce(RawConnection c, String topic, int partition, byte[] value)
            throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                        new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                                new ProduceRequestData.PartitionProduceData().setIndex(partition)
                                        .setRecords(records)))).iterator()));
        short version = c.version(ApiKeys.PRODUCE, 12);
        return new ProduceRequest.Builder(version, version, data).build(version);
    }
}
