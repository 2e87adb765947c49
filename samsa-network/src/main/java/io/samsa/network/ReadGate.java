package io.samsa.network;

import io.netty.channel.ChannelConfig;

/**
 * Whether one connection may be read and its frames dispatched. Several parties can each hold the gate shut for
 * their own {@link Reason}; the connection is read (Netty auto-read on) only while none does. When the last reason
 * goes, the frame decoder is told to carry on with input it kept back.
 *
 * <p>Auto-read alone would not stop dispatch: one socket read can hold hundreds of small pipelined requests. So the
 * {@link FrameDecoder} checks {@link #isOpen()} before every frame, and keeps the rest of the read while shut.
 *
 * <p>One instance per connection; used on the connection's event loop only.
 */
final class ReadGate {

    /** Why a connection is not read. */
    enum Reason {
        /** As many requests as a connection may have unanswered are in flight. */
        IN_FLIGHT,
        /** Netty's outbound buffer is over the high water mark: the client is not reading its responses. */
        UNWRITABLE,
        /** The next frame's size does not fit in the broker's request memory ({@code queued.max.request.bytes}). */
        MEMORY,
        /** The decoder passed on a pass's worth of frames and let the event loop serve others before the rest. */
        BACKLOG,
        /** The client is over a quota: nothing is read from it until its throttle time is over. */
        THROTTLED,
        /** The connection will close once the requests before a bad one are answered: nothing more is read. */
        CLOSING;

        final int bit = 1 << ordinal();
    }

    private final ChannelConfig config;
    private final SocketServerMetrics metrics;
    private Runnable onOpen = () -> { };
    private int shutFor;
    private boolean disposed;

    ReadGate(ChannelConfig config, SocketServerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** What to run when the gate opens again (the decoder resuming); set once, before the first read. */
    void onOpen(Runnable action) {
        this.onOpen = action;
    }

    /** True while the connection may be read and its frames dispatched; false for good once disposed. */
    boolean isOpen() {
        return shutFor == 0 && !disposed;
    }

    boolean isShutFor(Reason reason) {
        return (shutFor & reason.bit) != 0;
    }

    void shut(Reason reason) {
        if (disposed || isShutFor(reason)) {
            return;
        }
        if (shutFor == 0) {
            config.setAutoRead(false);
            metrics.muted(1);
        }
        if (reason == Reason.MEMORY) {
            metrics.waitingForMemory(1);
        }
        shutFor |= reason.bit;
    }

    void open(Reason reason) {
        if (disposed || !isShutFor(reason)) {
            return;
        }
        shutFor &= ~reason.bit;
        if (reason == Reason.MEMORY) {
            metrics.waitingForMemory(-1);
        }
        if (shutFor == 0) {
            metrics.muted(-1);
            config.setAutoRead(true);
            onOpen.run();
        }
    }

    /** The connection is gone: undo this gate's share of the gauges, and ignore whatever comes later. */
    void dispose() {
        if (disposed) {
            return;
        }
        if (shutFor != 0) {
            metrics.muted(-1);
        }
        if (isShutFor(Reason.MEMORY)) {
            metrics.waitingForMemory(-1);
        }
        disposed = true;
        shutFor = 0;
    }
}
