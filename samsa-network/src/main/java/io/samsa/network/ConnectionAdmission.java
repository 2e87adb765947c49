package io.samsa.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in a listener's server channel pipeline, before Netty hands accepted connections to the network threads,
 * and applies {@link ConnectionQuotas}: a connection over its IP address's maximum is closed at once (logged as
 * Kafka logs it); one over its IP's {@code connection_creation_rate} is closed after the throttle delay, unserved; one that must wait (connection count at its limit, or creation rate over its bound) is held here,
 * unserved, while the listener stops accepting, as Kafka's acceptor blocks. Held connections are served in arrival
 * order as soon as a connection closes or the delay passes.
 *
 * <p>One per listener; all state is touched on the acceptor's event loop.
 */
final class ConnectionAdmission extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);

    private final String listener;
    private final ConnectionQuotas quotas;
    private final Time time;
    /** Accepted, not yet served, with the time each may be served from. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean wakeUpScheduled;

    private record Held(Channel channel, long notBeforeNanos) {
    }

    ConnectionAdmission(String listener, ConnectionQuotas quotas, Time time) {
        this.listener = listener;
        this.quotas = quotas;
        this.time = time;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        long delayMs = quotas.recordCreation(listener);
        held.addLast(new Held(child, time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(delayMs)));
        admit(ctx);
    }

    /** Serves held connections while they may be served; stops accepting while one must wait. */
    private void admit(ChannelHandlerContext ctx) {
        while (!held.isEmpty()) {
            Held next = held.peekFirst();
            long waitNanos = next.notBeforeNanos() - time.nanoseconds();
            if (waitNanos > 0) {
                pause(ctx);
                wakeUpAfter(ctx, waitNanos);
                return;
            }
            if (!quotas.slotAvailable(listener)) {
                pause(ctx); // a closing connection calls admit again
                return;
            }
            held.pollFirst();
            serve(ctx, next.channel());
        }
        ctx.channel().config().setAutoRead(true);
    }

    private void serve(ChannelHandlerContext ctx, Channel child) {
        InetAddress address = child.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        long throttleMs = address == null ? 0 : quotas.recordIpCreation(address);
        if (throttleMs > 0) {
            // Kafka's KIP-612 rule: not served, and closed only after the delay, so the client backs off.
            log.info("Throttling connection from {} for {} ms: over its connection_creation_rate", address,
                    throttleMs);
            ctx.executor().schedule(() -> child.unsafe().closeForcibly(), throttleMs, TimeUnit.MILLISECONDS);
            return;
        }
        if (address == null || !quotas.register(listener, address)) {
            log.info("Rejected connection from {}, address already has the configured maximum of {} connections.",
                    address, address == null ? 0 : quotas.maxForIp(address));
            child.unsafe().closeForcibly();
            return;
        }
        child.closeFuture().addListener(f -> {
            quotas.unregister(listener, address);
            ctx.executor().execute(() -> admit(ctx));
        });
        ctx.fireChannelRead(child);
    }

    private static void pause(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
    }

    private void wakeUpAfter(ChannelHandlerContext ctx, long nanos) {
        if (wakeUpScheduled) {
            return;
        }
        wakeUpScheduled = true;
        ctx.executor().schedule(() -> {
            wakeUpScheduled = false;
            admit(ctx);
        }, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The listener closed: connections still held are never served.
        Held h;
        while ((h = held.pollFirst()) != null) {
            h.channel().unsafe().closeForcibly();
        }
        ctx.fireChannelInactive();
    }
}
