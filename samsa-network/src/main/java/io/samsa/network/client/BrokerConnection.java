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

    private record Pending(RequestHeader header, CompletableFuture<AbstractResponse> future,
                           ScheduledFuture<?> timeout) {
    }

    private record Queued(AbstractRequest.Builder<?> builder, long timeoutMs,
                          CompletableFuture<AbstractResponse> future) {
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
            CompletableFuture<AbstractResponse> f = new CompletableFuture<>();
            write(new ApiVersionsRequest.Builder().build(API_VERSIONS_VERSION), 30_000, f);
            f.whenComplete((response, error) -> {
                if (error != null) {
                    close(error);
                    return;
                }
                ApiVersionsResponse r = (ApiVersionsResponse) response;
                if (r.data().errorCode() != Errors.NONE.code()) {
                    close(new UnsupportedVersionException("Broker " + brokerId + " refused ApiVersions: "
                            + Errors.forCode(r.data().errorCode())));
                    return;
                }
                versions = r;
                while (!waitingForVersions.isEmpty()) {
                    Queued q = waitingForVersions.poll();
                    sendNow(q.builder(), q.timeoutMs(), q.future());
                }
            });
        });
    }

    CompletableFuture<AbstractResponse> send(AbstractRequest.Builder<?> builder, long timeoutMs) {
        CompletableFuture<AbstractResponse> future = new CompletableFuture<>();
        loop.execute(() -> {
            if (closed) {
                future.completeExceptionally(new DisconnectException("Connection to broker " + brokerId + " closed"));
            } else if (versions == null) {
                waitingForVersions.add(new Queued(builder, timeoutMs, future));
            } else {
                sendNow(builder, timeoutMs, future);
            }
        });
        return future;
    }

    private void sendNow(AbstractRequest.Builder<?> builder, long timeoutMs, CompletableFuture<AbstractResponse> f) {
        ApiKeys api = builder.apiKey();
        ApiVersionsResponseData.ApiVersion range = versions.apiVersion(api.id);
        short version = range == null ? -1 : (short) Math.min(range.maxVersion(), builder.latestAllowedVersion());
        if (range == null || version < builder.oldestAllowedVersion() || version < range.minVersion()) {
            f.completeExceptionally(new UnsupportedVersionException("Broker " + brokerId + " does not support " + api
                    + " in versions " + builder.oldestAllowedVersion() + ".." + builder.latestAllowedVersion()));
            return;
        }
        try {
            write(builder.build(version), timeoutMs, f);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** On the event loop. */
    private void write(AbstractRequest request, long timeoutMs, CompletableFuture<AbstractResponse> future) {
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
        inFlight.put(header.correlationId(), new Pending(header, future, timeout));
        channel.writeAndFlush(frame).addListener(done -> {
            if (!done.isSuccess()) {
                close(done.cause());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            ByteBuffer buffer = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(buffer);
            buffer.flip();
            int correlationId = buffer.getInt(0);
            Pending p = inFlight.remove(correlationId);
            if (p == null) {
                close(new IllegalStateException("Response with unknown correlation id " + correlationId));
                return;
            }
            p.timeout().cancel(false);
            try {
                p.future().complete(AbstractResponse.parseResponse(buffer, p.header()));
            } catch (RuntimeException e) {
                p.future().completeExceptionally(e);
                close(e);
            }
        } finally {
            ReferenceCountUtil.release(frame);
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
        List<CompletableFuture<AbstractResponse>> failed = new ArrayList<>();
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
        for (CompletableFuture<AbstractResponse> f : failed) {
            f.completeExceptionally(error);
        }
        if (channel != null) {
            channel.close();
        }
    }
}
