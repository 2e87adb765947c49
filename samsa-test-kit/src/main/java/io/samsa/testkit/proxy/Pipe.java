package io.samsa.testkit.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One direction of a proxied connection: bytes read from {@code in} wait here for their link's delay, then go to
 * {@code out} in the order they were read. Reading from {@code in} stops while {@code out} cannot take more or
 * {@link #MAX_QUEUED_BYTES} wait here, so a slow or silenced side pushes back on the other instead of filling the
 * heap; and stops while the pipe is not {@code flowing} (a blackholed link).
 *
 * <p>Threading: confined to the connection's event loop (both channels share it).
 */
final class Pipe {
    /** Enough for a few large fetch responses in flight; beyond it the sender waits, as on a slow network. */
    static final long MAX_QUEUED_BYTES = 4L << 20;

    private record Chunk(ByteBuf bytes, long readyAtNanos) {
    }

    private final Channel in;
    private final Channel out;
    private final LongSupplier nanoClock;
    private final LongSupplier delayNanos;
    private final BooleanSupplier flowing;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long queuedBytes;
    private ScheduledFuture<?> drainTimer;

    /**
     * @param nanoClock  a monotonic clock in nanoseconds
     * @param delayNanos the link's delay, read for each chunk as it arrives
     * @param flowing    false while the link is blackholed: nothing is read or written
     */
    Pipe(Channel in, Channel out, LongSupplier nanoClock, LongSupplier delayNanos, BooleanSupplier flowing) {
        this.in = in;
        this.out = out;
        this.nanoClock = nanoClock;
        this.delayNanos = delayNanos;
        this.flowing = flowing;
    }

    /** Takes ownership of {@code bytes}, read from {@code in}. */
    void accept(ByteBuf bytes) {
        if (!bytes.isReadable()) {
            bytes.release();
            return;
        }
        queue.add(new Chunk(bytes, nanoClock.getAsLong() + delayNanos.getAsLong()));
        queuedBytes += bytes.readableBytes();
        drain();
    }

    /** Writes every chunk whose delay has passed, then decides whether to read more. */
    void drain() {
        if (flowing.getAsBoolean() && out.isActive()) {
            long now = nanoClock.getAsLong();
            boolean wrote = false;
            while (!queue.isEmpty()) {
                Chunk head = queue.peek();
                long wait = head.readyAtNanos() - now;
                if (wait > 0) {
                    scheduleDrain(wait);
                    break;
                }
                queue.poll();
                queuedBytes -= head.bytes().readableBytes();
                out.write(head.bytes()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
                wrote = true;
            }
            if (wrote) {
                out.flush();
            }
        }
        updateReading();
    }

    private void scheduleDrain(long waitNanos) {
        if (drainTimer == null || drainTimer.isDone()) {
            drainTimer = out.eventLoop().schedule(this::drain, waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Reads from {@code in} only while there is somewhere to put it; call when {@code out}'s writability changed. */
    void updateReading() {
        boolean read = flowing.getAsBoolean() && out.isActive() && out.isWritable()
                && queuedBytes < MAX_QUEUED_BYTES;
        if (in.config().isAutoRead() != read) {
            in.config().setAutoRead(read);
        }
    }

    /** Drops what waits here; the connection is closing. */
    void discard() {
        if (drainTimer != null) {
            drainTimer.cancel(false);
        }
        queue.forEach(c -> c.bytes().release());
        queue.clear();
        queuedBytes = 0;
    }
}
