package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler of a connection: decodes each frame, calls the API's {@link RequestHandler}, and writes
 * responses back in the order the requests arrived, whatever order their futures complete in.
 *
 * <p>Requests of one connection are handled concurrently (clients pipeline up to five); responses are sequenced by
 * a per-connection queue. Reading pauses while {@value #MAX_IN_FLIGHT} requests are unanswered, so a client cannot
 * make the broker buffer without bound.
 *
 * <p>A frame that cannot be decoded, or that is larger than {@code socket.request.max.bytes}, closes this connection
 * (one log line) and nothing else. One instance per connection; all state is touched on its event loop.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final int MAX_IN_FLIGHT = 64;
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final ApiRegistry registry;
    private final RequestDecoder decoder;
    private final ApiVersionsHandler apiVersions;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final String connectionId = "c" + CONNECTION_IDS.incrementAndGet();
    private ChannelHandlerContext ctx;
    private boolean closing;

    /** A request waiting for its turn to be answered. */
    private static final class Pending {
        final RequestHeader header;
        final ByteBuf frame;
        boolean done;
        ApiMessage response;
        short responseVersion;

        Pending(RequestHeader header, ByteBuf frame) {
            this.header = header;
            this.frame = frame;
        }
    }

    RequestDispatcher(ApiRegistry registry) {
        this.registry = registry;
        this.decoder = new RequestDecoder(registry);
        this.apiVersions = (ApiVersionsHandler) registry.entry(ApiKeys.API_VERSIONS).handler();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        RequestDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(frame);
        } catch (InvalidRequestException e) {
            frame.release();
            closeConnection("invalid request: " + e.getMessage());
            return;
        }
        Pending p = new Pending(decoded.header(), frame);
        pending.addLast(p);
        if (pending.size() >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        if (decoded.unsupportedApiVersions()) {
            complete(p, apiVersions.unsupportedVersionResponse(), (short) 0, null);
            return;
        }
        Request request = new Request(decoded.header(), decoded.body(),
                ctx.channel().remoteAddress(), connectionId);
        CompletableFuture<ApiMessage> future;
        try {
            future = registry.entry(request.apiKey()).handler().handle(request);
        } catch (Throwable t) {
            future = CompletableFuture.failedFuture(t);
        }
        short version = request.version();
        future.whenComplete((response, error) -> {
            if (ctx.executor().inEventLoop()) {
                complete(p, response, version, error == null ? null : unwrap(error), request);
            } else {
                ctx.executor().execute(() -> complete(p, response, version, error == null ? null : unwrap(error),
                        request));
            }
        });
    }

    private void complete(Pending p, ApiMessage response, short version, Throwable error) {
        complete(p, response, version, error, null);
    }

    private void complete(Pending p, ApiMessage response, short version, Throwable error, Request request) {
        p.done = true;
        p.responseVersion = version;
        if (error != null) {
            if (request != null && request.apiKey() == ApiKeys.PRODUCE
                    && ((ProduceRequest) request.body()).acks() == 0) {
                // acks=0 has no response to carry the error; closing is how the client learns (as Kafka does).
                p.response = null;
                logUnexpected(request, error);
                closeConnection("failed acks=0 produce: " + error);
            } else if (request != null) {
                logUnexpected(request, error);
                p.response = request.body().getErrorResponse(0, error).data();
            }
        } else {
            p.response = response;
        }
        drain();
    }

    private static void logUnexpected(Request request, Throwable error) {
        if (!(error instanceof org.apache.kafka.common.errors.ApiException)) {
            log.error("Unexpected error handling {} from {}", request.header(), request.clientAddress(), error);
        }
    }

    /** Writes every answered request at the head of the queue, in arrival order. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Pending p = pending.pollFirst();
            ReferenceCountUtil.release(p.frame);
            if (p.response != null && !closing) {
                write(p);
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (!closing && pending.size() < MAX_IN_FLIGHT / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void write(Pending p) {
        ApiKeys apiKey = p.header.apiKey();
        short version = p.responseVersion;
        short headerVersion = apiKey.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(p.header.correlationId());
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size;
        ResponseWriter writer = null;
        try {
            size = header.size(cache, headerVersion) + p.response.size(cache, version);
            writer = new ResponseWriter(ctx.alloc(), Math.min(size + 4, 64 * 1024));
            writer.writeInt(size);
            header.write(writer, cache, headerVersion);
            p.response.write(writer, cache, version);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.discard();
            }
            log.error("Cannot serialize {} v{} response for {}", apiKey, version, ctx.channel().remoteAddress(), e);
            closeConnection("response serialization failed");
            return;
        }
        List<Object> parts = writer.finish();
        for (Object part : parts) {
            ctx.write(part, ctx.voidPromise());
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private void closeConnection(String why) {
        if (closing) {
            return;
        }
        closing = true;
        log.info("Closing connection {} from {}: {}", connectionId, ctx.channel().remoteAddress(), why);
        ctx.flush();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        // Requests still running will complete later; their frames are released then (drain is a no-op write).
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeConnection("frame larger than socket.request.max.bytes: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            closeConnection("I/O error: " + cause.getMessage());
        } else {
            log.warn("Unexpected error on connection {}", connectionId, cause);
            closeConnection("unexpected error: " + cause);
        }
    }
}
