package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.PlaintextAuthenticationContext;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler of a connection: decodes each frame, calls the API's {@link RequestHandler}, and writes
 * responses back in the order the requests arrived, whatever order their futures complete in.
 *
 * <p>Requests of one connection are handled concurrently; responses are sequenced by a per-connection queue.
 * Back-pressure: the connection's {@link ReadGate} is shut while {@value #MAX_IN_FLIGHT} requests are unanswered or
 * while Netty's outbound buffer is over its high water mark (the client does not read), so no new request is read or
 * dispatched until the client catches up. Responses of requests already dispatched are still written; the in-flight
 * cap bounds how many can pile up behind the high water mark. A client over one of its quotas is not read for its
 * throttle time either ({@link RequestThrottle}).
 *
 * <p>Failures close this connection, with one log line, and nothing else: a frame that cannot be decoded or is larger
 * than {@code socket.request.max.bytes}; an {@link Error} thrown by a handler (an ordinary exception becomes the API's
 * error response instead); any {@link Throwable} while serializing or writing a response; no traffic for
 * {@code connections.max.idle.ms} while no request is in progress. A frame is released, with its request memory, as
 * soon as its request is parsed, unless the body still points into it (Produce records): then once its response is
 * sequenced, also after the connection closed.
 *
 * <p>One instance per connection; all state is touched on its event loop.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    /**
     * Requests one connection may have unanswered. Java clients pipeline at most 5 (idempotent producers); librdkafka
     * more, and TCP back-pressure serves them as well. It also caps the responses that can still be added once the
     * outbound buffer is past its 4 MiB high water mark.
     */
    static final int MAX_IN_FLIGHT = 16;
    /** Reading resumes at this many (hysteresis: not one auto-read toggle per response at the cap). */
    private static final int RESUME_IN_FLIGHT = MAX_IN_FLIGHT / 2;
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final ApiRegistry registry;
    private final RequestDecoder decoder;
    private final ApiVersionsHandler apiVersions;
    private final ReadGate gate;
    private final RequestMemory memory;
    private final SocketServerMetrics metrics;
    private final Time time;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final String connectionId = "c" + CONNECTION_IDS.incrementAndGet();
    private final Endpoint listener;
    private final KafkaPrincipalBuilder principals;
    /** Built at the first request, when the channel's peer address is known. */
    private ClientConnection connection;
    private ChannelHandlerContext ctx;
    /** Why the connection closes once the requests in flight are answered; null while it is healthy. */
    private String closeWhenAnswered;
    /** Closing, once the answers written before the close reach the socket. */
    private boolean lingering;
    private boolean closing;
    /** Ends the current quota throttle (reopens the gate); null while the client is not throttled. */
    private ScheduledFuture<?> throttleEnd;
    private long throttledUntilNanos;

    /** A request waiting for its turn to be answered. */
    private static final class Pending {
        final RequestHeader header;
        /** The frame while the body points into it (Produce); null once released at decoding. */
        ByteBuf frame;
        final int frameBytes;
        boolean done;
        /** How long the handler took to return, for the request quota. */
        long handleNanos;
        ApiMessage response;
        short responseVersion;

        Pending(RequestHeader header, ByteBuf frame, int frameBytes) {
            this.header = header;
            this.frame = frame;
            this.frameBytes = frameBytes;
        }
    }

    RequestDispatcher(ApiRegistry registry, Endpoint listener, KafkaPrincipalBuilder principals, ReadGate gate,
                      RequestMemory memory, SocketServerMetrics metrics, Time time) {
        this.time = time;
        this.registry = registry;
        this.listener = listener;
        this.principals = principals;
        this.decoder = new RequestDecoder(registry);
        this.apiVersions = (ApiVersionsHandler) registry.entry(ApiKeys.API_VERSIONS).handler();
        this.gate = gate;
        this.memory = memory;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int frameBytes = frame.readableBytes();
        if (closing || closeWhenAnswered != null) {
            releaseFrame(frame, frameBytes);
            return;
        }
        RequestDecoder.Decoded decoded;
        Pending p;
        try {
            decoded = decoder.decode(frame);
            p = new Pending(decoded.header(), frame, frameBytes);
        } catch (InvalidRequestException e) {
            releaseFrame(frame, frameBytes);
            closeWhenAnswered("invalid request: " + e.getMessage());
            return;
        } catch (Throwable t) {
            releaseFrame(frame, frameBytes);
            closeOnError("decoding a request", t);
            return;
        }
        if (decoded.unsupportedApiVersions() || !RequestDecoder.bodyReferencesFrame(decoded.header().apiKey())) {
            // The body is a copy: the frame and its request memory go now, not when a long poll ends.
            releaseFrame(p.frame, p.frameBytes);
            p.frame = null;
        } else {
            frame.touch(decoded.header()); // a leak report then names the request (a no-op unless tracked)
        }
        pending.addLast(p);
        try {
            if (pending.size() >= MAX_IN_FLIGHT) {
                gate.shut(ReadGate.Reason.IN_FLIGHT);
            }
            if (decoded.unsupportedApiVersions()) {
                complete(p, apiVersions.unsupportedVersionResponse(), (short) 0, null, null);
                return;
            }
            dispatch(p, new Request(decoded.header(), decoded.body(), connection()));
        } catch (Throwable t) {
            closeOnError("dispatching " + decoded.header(), t);
            if (!p.done) {
                p.done = true; // its handler never got it, so nothing else will complete it
                drain();
            }
        }
    }

    private ClientConnection connection() {
        if (connection == null) {
            String name = listener.listenerName().orElse(listener.securityProtocol().name);
            SocketAddress peer = ctx.channel().remoteAddress();
            InetAddress address = peer instanceof InetSocketAddress a ? a.getAddress() : null;
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            AuthenticationContext authentication = tls == null ? new PlaintextAuthenticationContext(address, name)
                    : new SslAuthenticationContext(tls.engine().getSession(), address, name);
            connection = new ClientConnection(connectionId, peer, name, listener.securityProtocol(),
                    principals.build(authentication), ctx.executor());
        }
        return connection;
    }

    private void dispatch(Pending p, Request request) {
        CompletableFuture<ApiMessage> future;
        long start = time.nanoseconds();
        try {
            future = registry.entry(request.apiKey()).handler().handle(request);
        } catch (Throwable t) {
            future = CompletableFuture.failedFuture(t);
        }
        p.handleNanos = time.nanoseconds() - start;
        // A handler is done with the frame's bytes when handle() returns (Produce appends before it returns, or copies
        // what waits for a transaction coordinator), so the
        // frame and its request memory go now, not when an acks=all write is finally replicated: waiting produces
        // must not hold the memory that followers' fetches, which complete them, need to be read.
        releaseFrame(p.frame, p.frameBytes);
        p.frame = null;
        short version = request.version();
        future.whenComplete((response, error) -> {
            Throwable cause = error == null ? null : unwrap(error);
            if (ctx.executor().inEventLoop()) {
                complete(p, response, version, cause, request);
            } else {
                try {
                    ctx.executor().execute(() -> complete(p, response, version, cause, request));
                } catch (RejectedExecutionException e) {
                    // The server is shutting down and this loop is gone: the frame is ours alone now.
                    releaseFrame(p.frame, p.frameBytes);
                }
            }
        });
    }

    /**
     * Records the outcome of {@code p} (its request is null for answers made here) and writes what is ready. Runs as
     * a future's callback, where a throw would vanish: nothing may escape.
     */
    private void complete(Pending p, ApiMessage response, short version, Throwable error, Request request) {
        p.done = true;
        p.responseVersion = version;
        try {
            if (error instanceof Error) {
                // An Error leaves the handler's state in doubt (out of memory, a broken invariant): no answer.
                closeOnError("handling " + describe(request), error);
            } else if (error != null && request != null && request.apiKey() == ApiKeys.PRODUCE
                    && ((ProduceRequest) request.body()).acks() == 0) {
                // acks=0 has no response to carry the error; closing is how the client learns (as Kafka does).
                logUnexpected(request, error);
                p.response = null;
                closeWhenAnswered("failed acks=0 produce: " + error);
            } else if (error != null && request != null) {
                logUnexpected(request, error);
                p.response = request.body().getErrorResponse(0, error).data();
            } else {
                p.response = response;
            }
            if (request != null && !closing) {
                applyThrottle(p, request);
            }
        } catch (Throwable t) {
            p.response = null;
            closeOnError("building the error response of " + describe(request), t);
        }
        try {
            drain();
        } catch (Throwable t) {
            closeOnError("sending responses", t);
        }
    }

    /**
     * Asks the quotas how long this client must pause after {@code request}, puts that in its answer, and reads
     * nothing more from the connection meanwhile (Kafka's channel muting). Answers already being prepared are still
     * written; a later throttle that ends later extends the pause.
     */
    private void applyThrottle(Pending p, Request request) {
        long ms = registry.throttle().throttleTimeMs(request, p.frameBytes, p.handleNanos, p.response);
        if (ms <= 0) {
            return;
        }
        if (p.response != null) {
            ThrottleTimeField.raise(p.response, (int) Math.min(ms, Integer.MAX_VALUE));
        }
        long until = time.nanoseconds() + ms * 1_000_000L;
        if (throttleEnd != null) {
            if (until - throttledUntilNanos <= 0) {
                return;
            }
            throttleEnd.cancel(false);
        }
        throttledUntilNanos = until;
        gate.shut(ReadGate.Reason.THROTTLED);
        throttleEnd = ctx.executor().schedule(() -> {
            throttleEnd = null;
            gate.open(ReadGate.Reason.THROTTLED);
        }, ms, TimeUnit.MILLISECONDS);
    }

    private static String describe(Request request) {
        return request == null ? "a request" : request.header().toString();
    }

    private static void logUnexpected(Request request, Throwable error) {
        if (!(error instanceof ApiException)) {
            log.error("Unexpected error handling {} from {}", request.header(), request.clientAddress(), error);
        }
    }

    /** Writes every answered request at the head of the queue, in arrival order. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Pending p = pending.pollFirst();
            releaseFrame(p.frame, p.frameBytes);
            if (p.response != null && !closing) {
                wrote |= write(p);
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (closeWhenAnswered != null) {
            if (pending.isEmpty()) {
                closeAfterWrites(closeWhenAnswered);
            }
            return;
        }
        if (pending.size() <= RESUME_IN_FLIGHT) {
            gate.open(ReadGate.Reason.IN_FLIGHT);
        }
    }

    /**
     * Closes once every request before this point is answered, reading nothing more meanwhile. Kafka handles one
     * request per connection at a time, so a bad frame there never costs the answers to the requests before it;
     * with pipelined requests in flight here, closing at once would.
     */
    private void closeWhenAnswered(String why) {
        if (closing || closeWhenAnswered != null) {
            return;
        }
        closeWhenAnswered = why;
        gate.shut(ReadGate.Reason.CLOSING);
        if (pending.isEmpty()) {
            closeAfterWrites(why);
        }
    }

    /**
     * Closes once the answers already written have reached the socket. Netty's close drops whatever is still queued
     * in the channel's outbound buffer, so closing right after writing a large answer (a fetch) to a client reading
     * slower than it is written would cut that answer short. A client that stops reading altogether is closed by
     * the idle timer ({@code connections.max.idle.ms}) instead; reading is shut meanwhile, so it holds nothing more.
     */
    private void closeAfterWrites(String why) {
        if (closing) {
            return;
        }
        log.info("Closing connection {} from {}: {}", connectionId, ctx.channel().remoteAddress(), why);
        closing = true;
        lingering = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private boolean write(Pending p) {
        ApiKeys apiKey = p.header.apiKey();
        List<Object> parts = null;
        int written = 0;
        try {
            parts = ResponseWriter.serialize(ctx.alloc(), p.header.correlationId(), apiKey, p.responseVersion,
                    p.response);
            for (Object part : parts) {
                written++;
                ctx.write(part, ctx.voidPromise());
            }
            return true;
        } catch (Throwable t) {
            if (parts != null) {
                for (int i = written; i < parts.size(); i++) {
                    ReferenceCountUtil.safeRelease(parts.get(i));
                }
            }
            closeOnError("serializing or writing the " + apiKey + " v" + p.responseVersion + " response", t);
            return false;
        }
    }

    /** Releases a frame and its request memory; nothing for a request whose frame went at decoding (null). */
    private void releaseFrame(ByteBuf frame, int frameBytes) {
        if (frame != null) {
            frame.release();
            memory.release(frameBytes);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Closes for an expected reason: one line at info. */
    private void closeConnection(String why) {
        if (closing) {
            return;
        }
        log.info("Closing connection {} from {}: {}", connectionId, ctx.channel().remoteAddress(), why);
        close();
    }

    /** Closes because something went wrong that should not have: one line at error, with the stack trace. */
    private void closeOnError(String doing, Throwable cause) {
        if (closing) {
            log.debug("Error on connection {}, already closing, while {}", connectionId, doing, cause);
            return;
        }
        metrics.errorClosed();
        log.error("Closing connection {} from {}: unexpected error while {}", connectionId,
                ctx.channel().remoteAddress(), doing, cause);
        close();
    }

    private void close() {
        closing = true;
        ctx.flush();
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            gate.open(ReadGate.Reason.UNWRITABLE);
        } else {
            gate.shut(ReadGate.Reason.UNWRITABLE);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SaslAuthenticated authenticated) {
            // Requests read from now on carry the authenticated principal.
            connection = connection().withPrincipal(authenticated.principal());
            return;
        }
        if (evt instanceof IdleStateEvent) {
            if (lingering) {
                ctx.close(); // its last answers never drained: the client stopped reading
                return;
            }
            // A request in progress (a long-poll fetch, acks=all) is activity even when no byte moves.
            if (pending.isEmpty() && !closing) {
                metrics.idleClosed();
                closeConnection("no traffic for connections.max.idle.ms");
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (throttleEnd != null) {
            throttleEnd.cancel(false);
            throttleEnd = null;
        }
        // Requests still running will complete later; their frames are released then (drain writes nothing).
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWhenAnswered("frame larger than socket.request.max.bytes: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            closeConnection("I/O error: " + cause.getMessage());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            // A client that does not trust this broker's certificate (or speaks no TLS): Kafka's "Failed
            // authentication ... (SSL handshake failed)", an expected event, not a broker error.
            closeConnection("failed authentication (SSL handshake failed): " + tls.getMessage());
        } else {
            closeOnError("reading or writing", cause);
        }
    }
}
