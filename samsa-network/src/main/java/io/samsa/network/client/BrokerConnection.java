package io.samsa.network.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to another broker: the last handler of its pipeline, and the requests waiting on it.
 *
 * <p>The first exchange is ApiVersions; until it is answered, requests queue here. Each request then goes at the
 * newest version both sides support, and its response is matched by correlation id. A request not answered within
 * its timeout fails with {@link TimeoutException} and closes the connection, since a late answer would arrive out of
 * step. When the connection closes, every waiting request fails with {@link DisconnectException}; the owner opens a
 * new connection for the next request.
 *
 * <p>Threading: all state lives on the connection's event loop; {@link #send} may be called from any thread, also
 * before the socket is connected (requests then wait for it).
 */
final class BrokerConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final short API_VERSIONS_VERSION = 3;

    /** A request sent; {@code retain}: its response is parsed in place and keeps the frame until closed. */
    private record Pending(RequestHeader header, CompletableFuture<RetainedResponse> future, boolean retain,
                           ScheduledFuture<?> timeout) {
    }

    private record Queued(AbstractRequest.Builder<?> builder, long timeoutMs,
                          CompletableFuture<RetainedResponse> future, boolean retain) {
    }

    private final int brokerId;
    private final String clientId;
    private final EventLoop loop;
    private Channel channel;
    private final Map<Integer, Pending> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Queued> waitingForVersions = new ArrayDeque<>();
    private ApiVersionsResponse versions;
    private int nextCorrelationId;
    private volatile boolean closed;

    /** A connection being opened on {@code loop}; requests sent meanwhile wait for it. */
    BrokerConnection(int brokerId, String clientId, EventLoop loop) {
        this.brokerId = brokerId;
        this.clientId = clientId;
        this.loop = loop;
    }

    /** The channel, once created (on the event loop, before it connects). */
    void attach(Channel channel) {
        this.channel = channel;
    }

    boolean isClosed() {
        return closed;
    }

    /** Starts version negotiation; called once the socket is connected. */
    void connected() {
        loop.execute(() -> {
            CompletableFuture<RetainedResponse> f = new CompletableFuture<>();
            write(new ApiVersionsRequest.Builder().build(API_VERSIONS_VERSION), 30_000, f, false);
            f.whenComplete((response, error) -> {
                if (error != null) {
                    close(error);
                    return;
                }
                ApiVersionsResponse r = (ApiVersionsResponse) response.response();
                if (r.data().errorCode() != Errors.NONE.code()) {
                    close(new UnsupportedVersionException("Broker " + brokerId + " refused ApiVersions: "
                            + Errors.forCode(r.data().errorCode())));
                    return;
                }
                versions = r;
                while (!waitingForVersions.isEmpty()) {
                    Queued q = waitingForVersions.poll();
                    sendNow(q.builder(), q.timeoutMs(), q.future(), q.retain());
                }
            });
        });
    }

    /**
     * Sends a request. {@code retain} false: the response is parsed from a copy and needs no closing. {@code retain}
     * true: it is parsed in place, without a copy, and holds its frame until {@link RetainedResponse#close()}.
     */
    CompletableFuture<RetainedResponse> send(AbstractRequest.Builder<?> builder, long timeoutMs, boolean retain) {
        CompletableFuture<RetainedResponse> future = new CompletableFuture<>();
        Runnable send = () -> {
            if (closed) {
                future.completeExceptionally(new DisconnectException("Connection to broker " + brokerId + " closed"));
            } else if (versions == null) {
                waitingForVersions.add(new Queued(builder, timeoutMs, future, retain));
            } else {
                sendNow(builder, timeoutMs, future, retain);
            }
        };
        // A fetcher running on this loop sends its next request straight away, not as a task for later.
        if (loop.inEventLoop()) {
            send.run();
        } else {
            loop.execute(send);
        }
        return future;
    }

    private void sendNow(AbstractRequest.Builder<?> builder, long timeoutMs, CompletableFuture<RetainedResponse> f,
                         boolean retain) {
        ApiKeys api = builder.apiKey();
        ApiVersionsResponseData.ApiVersion range = versions.apiVersion(api.id);
        short version = range == null ? -1 : (short) Math.min(range.maxVersion(), builder.latestAllowedVersion());
        if (range == null || version < builder.oldestAllowedVersion() || version < range.minVersion()) {
            f.completeExceptionally(new UnsupportedVersionException("Broker " + brokerId + " does not support " + api
                    + " in versions " + builder.oldestAllowedVersion() + ".." + builder.latestAllowedVersion()));
            return;
        }
        try {
            write(builder.build(version), timeoutMs, f, retain);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** On the event loop. */
    private void write(AbstractRequest request, long timeoutMs, CompletableFuture<RetainedResponse> future,
                       boolean retain) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, nextCorrelationId++);
        ByteBuffer body = request.serializeWithHeader(header);
        ByteBuf frame = Unpooled.buffer(4 + body.remaining());
        frame.writeInt(body.remaining()).writeBytes(body);
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            Pending p = inFlight.remove(header.correlationId());
            if (p != null) {
                p.future().completeExceptionally(new TimeoutException(request.apiKey() + " to broker " + brokerId
                        + " not answered within " + timeoutMs + " ms"));
                close(new TimeoutException("request timed out"));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        inFlight.put(header.correlationId(), new Pending(header, future, retain, timeout));
        channel.writeAndFlush(frame).addListener(done -> {
            if (!done.isSuccess()) {
                close(done.cause());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        boolean handedOver = false;
        try {
            int correlationId = frame.getInt(frame.readerIndex());
            Pending p = inFlight.remove(correlationId);
            if (p == null) {
                close(new IllegalStateException("Response with unknown correlation id " + correlationId));
                return;
            }
            p.timeout().cancel(false);
            // In place only when asked (the owner closes the response) and the frame is one piece of memory.
            boolean inPlace = p.retain() && frame.nioBufferCount() == 1;
            ByteBuffer buffer;
            if (inPlace) {
                buffer = frame.nioBuffer();
            } else {
                buffer = ByteBuffer.allocate(frame.readableBytes());
                frame.getBytes(frame.readerIndex(), buffer);
                buffer.flip();
            }
            AbstractResponse response;
            try {
                response = AbstractResponse.parseResponse(buffer, p.header());
            } catch (RuntimeException e) {
                p.future().completeExceptionally(e);
                close(e);
                return;
            }
            RetainedResponse retained = inPlace ? new RetainedResponse(response, frame::release)
                    : RetainedResponse.unpooled(response);
            // A future already failed (the owner gave up) never sees the frame: it is released below.
            handedOver = p.future().complete(retained) && inPlace;
        } finally {
            if (!handedOver) {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close(new DisconnectException("Connection to broker " + brokerId + " closed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Connection to broker {} failed: {}", brokerId, cause.toString());
        close(cause);
    }

    /** Fails everything waiting and closes the channel. Idempotent; on the event loop. */
    void close(Throwable cause) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> close(cause));
            return;
        }
        closed = true;
        List<CompletableFuture<RetainedResponse>> failed = new ArrayList<>();
        for (Pending p : inFlight.values()) {
            p.timeout().cancel(false);
            failed.add(p.future());
        }
        inFlight.clear();
        for (Queued q : waitingForVersions) {
            failed.add(q.future());
        }
        waitingForVersions.clear();
        DisconnectException error = new DisconnectException("Connection to broker " + brokerId + " closed: "
                + cause, cause);
        for (CompletableFuture<RetainedResponse> f : failed) {
            f.completeExceptionally(error);
        }
        if (channel != null) {
            channel.close();
        }
    }
}
