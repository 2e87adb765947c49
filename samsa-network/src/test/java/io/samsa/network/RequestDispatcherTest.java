package io.samsa.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestDispatcherTest {
    private CompletableFuture<org.apache.kafka.common.protocol.ApiMessage> metadataAnswer;
    private final RequestMemory memory = new RequestMemory(1 << 20);
    private final SocketServerMetrics metrics = new SocketServerMetrics(memory);

    private EmbeddedChannel channel(int maxFrame) {
        return channel(maxFrame, new ApiRegistry().register(ApiKeys.METADATA, r -> metadataAnswer));
    }

    EmbeddedChannel channel(int maxFrame, ApiRegistry registry) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ReadGate gate = new ReadGate(ch.config(), metrics);
        ch.pipeline().addLast(new FrameDecoder(maxFrame, gate, memory, metrics),
                new RequestDispatcher(registry,
                        new Endpoint("PLAINTEXT", SecurityProtocol.PLAINTEXT, "127.0.0.1", 9092),
                        new DefaultKafkaPrincipalBuilder(null, null), gate, memory,
                        metrics, Time.SYSTEM));
        return ch;
    }

    @AfterEach
    void requestMemoryIsReturned() {
        assertThat(memory.reserved()).isZero();
    }

    static ByteBuf frame(AbstractRequest request, int correlationId) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "test", correlationId);
        ByteBuffer body = request.serializeWithHeader(header);
        ByteBuf out = Unpooled.buffer(4 + body.remaining());
        out.writeInt(body.remaining());
        out.writeBytes(body);
        return out;
    }

    /** Reads one whole response frame from what the channel wrote. */
    static ByteBuffer readFrame(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        int size = all.readInt();
        assertThat(all.readableBytes()).isEqualTo(size);
        byte[] bytes = new byte[size];
        all.readBytes(bytes);
        all.release();
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void requestsAfterASaslLoginStillRunLaterWorkOnTheConnectionsThread() {
        java.util.List<ClientConnection> seen = new java.util.ArrayList<>();
        EmbeddedChannel ch = channel(1 << 20, new ApiRegistry().register(ApiKeys.METADATA, r -> {
            seen.add(r.connection());
            return CompletableFuture.completedFuture(new MetadataResponseData());
        }));
        short mv = ApiKeys.METADATA.latestVersion();
        ch.writeInbound(frame(new MetadataRequest(new MetadataRequestData(), mv), 1));
        readFrame(ch);
        org.apache.kafka.common.security.auth.KafkaPrincipal alice =
                new org.apache.kafka.common.security.auth.KafkaPrincipal("User", "alice");
        ch.pipeline().fireUserEventTriggered(new SaslAuthenticated(alice));
        ch.writeInbound(frame(new MetadataRequest(new MetadataRequestData(), mv), 2));
        readFrame(ch);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).executor()).isSameAs(ch.eventLoop());
        assertThat(seen.get(1).principal()).isEqualTo(alice);
        // A waiting fetch of the logged-in client must still complete on this thread, not on the appender's.
        assertThat(seen.get(1).executor()).isSameAs(ch.eventLoop());
        assertThat(seen.get(1).id()).isEqualTo(seen.get(0).id());
    }

    @Test
    void answersApiVersionsWithTheRegisteredApis() {
        EmbeddedChannel ch = channel(1 << 20);
        short v = ApiKeys.API_VERSIONS.latestVersion();
        ch.writeInbound(frame(new ApiVersionsRequest.Builder().build(v), 7));
        ByteBuffer resp = readFrame(ch);
        ResponseHeader header = ResponseHeader.parse(resp, (short) 0);
        assertThat(header.correlationId()).isEqualTo(7);
        ApiVersionsResponse r = (ApiVersionsResponse) AbstractResponse.parseResponse(ApiKeys.API_VERSIONS, new org.apache.kafka.common.protocol.ByteBufferAccessor(resp), v);
        assertThat(r.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.data().apiKeys()).extracting(ApiVersionsResponseData.ApiVersion::apiKey)
                .containsExactlyInAnyOrder(ApiKeys.API_VERSIONS.id, ApiKeys.SASL_HANDSHAKE.id,
                        ApiKeys.SASL_AUTHENTICATE.id, ApiKeys.METADATA.id);
        assertThat(r.data().apiKeys().find(ApiKeys.METADATA.id).maxVersion())
                .isEqualTo(ApiKeys.METADATA.latestVersion());
    }

    @Test
    void unknownApiVersionsVersionGetsV0ResponseWithUnsupportedVersion() {
        EmbeddedChannel ch = channel(1 << 20);
        // A future client: ApiVersions v99 with a body we cannot parse.
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 99, "future", 3);
        ByteBuf f = Unpooled.buffer();
        ByteBuffer h = ByteBuffer.allocate(64);
        h.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(3).putShort((short) 6).put("future".getBytes())
                .put((byte) 0); // empty tagged fields of header v2
        h.put(new byte[] {1, 2, 3}); // unparseable body
        h.flip();
        f.writeInt(h.remaining()).writeBytes(h);
        ch.writeInbound(f);
        ByteBuffer resp = readFrame(ch);
        assertThat(ResponseHeader.parse(resp, (short) 0).correlationId()).isEqualTo(header.correlationId());
        ApiVersionsResponse r = (ApiVersionsResponse) AbstractResponse.parseResponse(ApiKeys.API_VERSIONS, new org.apache.kafka.common.protocol.ByteBufferAccessor(resp), (short) 0);
        assertThat(r.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(r.data().apiKeys()).isNotEmpty();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void fragmentedInputIsReassembled() {
        EmbeddedChannel ch = channel(1 << 20);
        ByteBuf f = frame(new ApiVersionsRequest.Builder().build((short) 3), 11);
        while (f.isReadable()) {
            ch.writeInbound(f.readRetainedSlice(1));
        }
        f.release();
        ByteBuffer resp = readFrame(ch);
        assertThat(ResponseHeader.parse(resp, (short) 0).correlationId()).isEqualTo(11);
    }

    @Test
    void responsesFollowRequestOrderEvenWhenCompletedOutOfOrder() {
        EmbeddedChannel ch = channel(1 << 20);
        metadataAnswer = new CompletableFuture<>();
        short mv = ApiKeys.METADATA.latestVersion();
        ch.writeInbound(frame(new MetadataRequest(new MetadataRequestData(), mv), 1));
        ch.writeInbound(frame(new ApiVersionsRequest.Builder().build((short) 3), 2));
        assertThat((Object) ch.readOutbound()).as("ApiVersions must wait for the earlier Metadata").isNull();
        metadataAnswer.complete(new MetadataResponseData().setClusterId("c"));
        ch.runPendingTasks();
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        int size1 = all.readInt();
        ByteBuffer first = all.readSlice(size1).nioBuffer();
        assertThat(ResponseHeader.parse(first, ApiKeys.METADATA.responseHeaderVersion(mv)).correlationId()).isEqualTo(1);
        MetadataResponse m = (MetadataResponse) AbstractResponse.parseResponse(ApiKeys.METADATA, new org.apache.kafka.common.protocol.ByteBufferAccessor(first), mv);
        assertThat(m.data().clusterId()).isEqualTo("c");
        int size2 = all.readInt();
        ByteBuffer second = all.readSlice(size2).nioBuffer();
        assertThat(ResponseHeader.parse(second, (short) 0).correlationId()).isEqualTo(2);
    }

    @Test
    void failedHandlerGetsKafkaErrorResponse() {
        EmbeddedChannel ch = channel(1 << 20);
        metadataAnswer = CompletableFuture.failedFuture(new org.apache.kafka.common.errors.NotControllerException("x"));
        short mv = ApiKeys.METADATA.latestVersion();
        ch.writeInbound(frame(new MetadataRequest(new MetadataRequestData()
                .setTopics(java.util.List.of(new MetadataRequestData.MetadataRequestTopic().setName("t"))), mv), 5));
        ByteBuffer resp = readFrame(ch);
        ResponseHeader.parse(resp, ApiKeys.METADATA.responseHeaderVersion(mv));
        MetadataResponse m = (MetadataResponse) AbstractResponse.parseResponse(ApiKeys.METADATA, new org.apache.kafka.common.protocol.ByteBufferAccessor(resp), mv);
        assertThat(m.errors()).containsValue(Errors.NOT_CONTROLLER);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void unknownApiKeyClosesTheConnection() {
        EmbeddedChannel ch = channel(1 << 20);
        ByteBuf f = Unpooled.buffer();
        f.writeInt(10).writeShort(9999).writeShort(0).writeInt(1).writeShort(-1);
        ch.writeInbound(f);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void unimplementedApiClosesTheConnection() {
        EmbeddedChannel ch = channel(1 << 20);
        ch.writeInbound(frame(new org.apache.kafka.common.requests.FindCoordinatorRequest.Builder(
                new org.apache.kafka.common.message.FindCoordinatorRequestData().setKey("g")).build((short) 3), 1));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void unsupportedVersionOfImplementedApiClosesTheConnection() {
        EmbeddedChannel ch = channel(1 << 20);
        ByteBuf f = Unpooled.buffer();
        f.writeInt(10).writeShort(ApiKeys.METADATA.id).writeShort(500).writeInt(1).writeShort(-1);
        ch.writeInbound(f);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void garbageBodyClosesTheConnection() {
        EmbeddedChannel ch = channel(1 << 20);
        ByteBuf f = Unpooled.buffer();
        f.writeInt(14).writeShort(ApiKeys.METADATA.id).writeShort(1).writeInt(1).writeShort(-1)
                .writeInt(0x7fffffff); // topic array length far beyond the frame
        ch.writeInbound(f);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void frameOverTheLimitClosesTheConnection() {
        EmbeddedChannel ch = channel(1024);
        ByteBuf f = Unpooled.buffer();
        f.writeInt(4096).writeBytes(new byte[16]);
        try {
            ch.writeInbound(f);
        } catch (Exception ignored) {
            // EmbeddedChannel rethrows pipeline exceptions after handling them.
        }
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void negativeFrameSizeClosesTheConnection() {
        EmbeddedChannel ch = channel(1024);
        ByteBuf f = Unpooled.buffer();
        f.writeInt(-5).writeBytes(new byte[16]);
        try {
            ch.writeInbound(f);
        } catch (Exception ignored) {
            // see above
        }
        assertThat(ch.isOpen()).isFalse();
    }

    /** A registry whose Metadata handler hands out a new, unfinished future per request, kept in {@code answers}. */
    private static ApiRegistry deferred(List<CompletableFuture<ApiMessage>> answers) {
        return new ApiRegistry().register(ApiKeys.METADATA, r -> {
            CompletableFuture<ApiMessage> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        });
    }

    private static ByteBuf metadataFrames(int count) {
        ByteBuf all = Unpooled.buffer();
        for (int i = 1; i <= count; i++) {
            ByteBuf f = frame(new MetadataRequest(new MetadataRequestData(), (short) 12), i);
            all.writeBytes(f);
            f.release();
        }
        return all;
    }

    /** Correlation ids of every whole response frame written so far. */
    private static List<Integer> responseIds(EmbeddedChannel ch) {
        List<Integer> ids = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            ids.add(b.getInt(b.readerIndex() + 4)); // size, then the header's correlation id
            b.release();
        }
        return ids;
    }

    @Test
    void atMostMaxInFlightRequestsAreDispatchedAndTheRestWaitUnreadUntilAnswersGoOut() {
        List<CompletableFuture<ApiMessage>> answers = new ArrayList<>();
        EmbeddedChannel ch = channel(1 << 20, deferred(answers));
        int total = 3 * RequestDispatcher.MAX_IN_FLIGHT;
        ch.writeInbound(metadataFrames(total)); // one read holding every request
        assertThat(answers).hasSize(RequestDispatcher.MAX_IN_FLIGHT);
        assertThat(ch.config().isAutoRead()).isFalse();

        List<Integer> ids = new ArrayList<>();
        for (int answered = 0; answered < total; answered++) {
            answers.get(answered).complete(new MetadataResponseData());
            ids.addAll(responseIds(ch));
            assertThat(answers.size() - ids.size()).as("in flight").isBetween(0, RequestDispatcher.MAX_IN_FLIGHT);
        }
        assertThat(ids).isEqualTo(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void nothingIsDispatchedWhileTheClientDoesNotTakeItsResponses() {
        List<CompletableFuture<ApiMessage>> answers = new ArrayList<>();
        EmbeddedChannel ch = channel(1 << 20, deferred(answers));
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // as if over the high water mark
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.writeInbound(metadataFrames(3));
        assertThat(answers).isEmpty();

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        assertThat(answers).hasSize(3);
        answers.forEach(a -> a.complete(new MetadataResponseData()));
        assertThat(responseIds(ch)).containsExactly(1, 2, 3);
        ch.finishAndReleaseAll();
    }

    @Test
    void anErrorThrownByAHandlerClosesTheConnectionWithoutAnAnswer() {
        EmbeddedChannel ch = channel(1 << 20, new ApiRegistry().register(ApiKeys.METADATA, r -> {
            throw new StackOverflowError("injected by the test");
        }));
        ch.writeInbound(metadataFrames(1));
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(metrics.getErrorConnectionsClosed()).isEqualTo(1);
    }

    @Test
    void aFutureFailedWithAnErrorClosesTheConnection() {
        metadataAnswer = CompletableFuture.failedFuture(new OutOfMemoryError("injected by the test"));
        EmbeddedChannel ch = channel(1 << 20);
        ch.writeInbound(metadataFrames(1));
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void anErrorWhileSerializingClosesTheConnectionAndReleasesWhatWasSerialized() {
        metadataAnswer = CompletableFuture.completedFuture(new MetadataResponseData() {
            @Override
            public void write(Writable w, ObjectSerializationCache cache, short version) {
                w.writeInt(42);
                w.writeRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[100])));
                w.writeLong(7);
                throw new OutOfMemoryError("injected by the test");
            }
        });
        EmbeddedChannel ch = channel(1 << 20);
        ch.writeInbound(metadataFrames(1));
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        // The pooled buffers serialized before the error are checked by the leak detector (NettyLeakCheckExtension).
    }

    private static ByteBuf produceFrames(int count) {
        ByteBuf all = Unpooled.buffer();
        for (int i = 1; i <= count; i++) {
            ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000)
                    .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(
                            new ProduceRequestData.TopicProduceData().setName("t").setPartitionData(List.of(
                                    new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                                            MemoryRecords.withRecords(Compression.NONE,
                                                    new SimpleRecord(new byte[100])))))).iterator()));
            ByteBuf f = frame(new ProduceRequest.Builder((short) 12, (short) 12, data).build((short) 12), i);
            all.writeBytes(f);
            f.release();
        }
        return all;
    }

    @Test
    void aRequestWhoseBodyIsACopyReleasesItsFrameAtOnceEvenWhileInProgress() {
        List<CompletableFuture<ApiMessage>> answers = new ArrayList<>();
        EmbeddedChannel ch = channel(1 << 20, deferred(answers));
        ch.writeInbound(metadataFrames(3));
        assertThat(answers).hasSize(3);
        assertThat(memory.reserved()).as("Metadata bodies do not point into their frames").isZero();
        answers.forEach(a -> a.complete(new MetadataResponseData()));
        assertThat(responseIds(ch)).containsExactly(1, 2, 3);
        ch.finishAndReleaseAll();
    }

    @Test
    void aProduceFrameIsReleasedAsSoonAsItsHandlerReturnsNotWhenItsAcksArrive() {
        List<CompletableFuture<ApiMessage>> answers = new ArrayList<>();
        EmbeddedChannel ch = channel(1 << 20, new ApiRegistry().register(ApiKeys.PRODUCE, r -> {
            CompletableFuture<ApiMessage> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        }));
        ch.writeInbound(produceFrames(3));
        assertThat(answers).hasSize(3);
        // The records were appended before handle() returned: waiting for acks=all must not hold request memory,
        // or followers' fetches, which complete those waits, could not be read.
        assertThat(memory.reserved()).isZero();
        ch.close();
        answers.get(1).complete(new ProduceResponseData());
        answers.get(2).completeExceptionally(new OutOfMemoryError("injected by the test"));
        CompletableFuture.runAsync(() -> answers.get(0).complete(new ProduceResponseData())).join();
        ch.runPendingTasks();
        assertThat(memory.reserved()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void anIdleConnectionIsClosedButNotWhileARequestIsInProgress() {
        List<CompletableFuture<ApiMessage>> answers = new ArrayList<>();
        EmbeddedChannel ch = channel(1 << 20, deferred(answers));
        ch.writeInbound(metadataFrames(1));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(ch.isOpen()).as("a long poll in progress").isTrue();

        answers.get(0).complete(new MetadataResponseData());
        assertThat(responseIds(ch)).containsExactly(1);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(metrics.getIdleConnectionsClosed()).isEqualTo(1);
    }

    @Test
    void aThrottledClientGetsItsThrottleTimeAndIsNotReadUntilItIsOver() {
        List<Integer> requestBytes = new ArrayList<>();
        ApiRegistry registry = new ApiRegistry()
                .register(ApiKeys.METADATA, r -> CompletableFuture.completedFuture(new MetadataResponseData()))
                .throttle((request, bytes, nanos, response) -> {
                    requestBytes.add(bytes);
                    return request.header().correlationId() == 1 ? 300 : 0;
                });
        EmbeddedChannel ch = channel(1 << 20, registry);
        ch.freezeTime(); // the event loop's clock moves only when the test says
        short mv = (short) 12;
        ByteBuf first = frame(new MetadataRequest(new MetadataRequestData(), mv), 1);
        int firstBytes = first.readableBytes() - 4;
        ch.writeInbound(first);
        ByteBuffer resp = readFrame(ch);
        assertThat(ResponseHeader.parse(resp, ApiKeys.METADATA.responseHeaderVersion(mv)).correlationId()).isEqualTo(1);
        MetadataResponse r = (MetadataResponse) AbstractResponse.parseResponse(ApiKeys.METADATA,
                new org.apache.kafka.common.protocol.ByteBufferAccessor(resp), mv);
        assertThat(r.throttleTimeMs()).isEqualTo(300);
        assertThat(requestBytes).containsExactly(firstBytes);

        // The next request is kept back, unread, for the throttle time.
        ch.writeInbound(frame(new MetadataRequest(new MetadataRequestData(), mv), 2));
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(299, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        ByteBuffer second = readFrame(ch);
        assertThat(ResponseHeader.parse(second, ApiKeys.METADATA.responseHeaderVersion(mv)).correlationId())
                .isEqualTo(2);
        ch.finishAndReleaseAll();
    }
}
