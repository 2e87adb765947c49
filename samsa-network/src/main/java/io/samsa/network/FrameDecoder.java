package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Splits the byte stream into Kafka frames and passes each one on without its size, as a {@link ByteBuf} the next
 * handler must release (and whose size it must {@link RequestMemory#release release} from the request memory).
 *
 * <pre>
 * +----------------+---------------------------+
 * | size: int32 BE | size bytes of request      |   size in [0, socket.request.max.bytes]
 * +----------------+---------------------------+
 * </pre>
 *
 * <p>Why not Netty's {@code LengthFieldBasedFrameDecoder}: its cumulation buffer grows by reallocation in 4 MiB
 * steps past 4 MiB, so a large produce request was copied many times over. Here a frame that arrives whole in one
 * read is a slice of the read buffer (no copy). A frame that spans reads is copied into a buffer of its own that grows
 * {@value #GROWTH}-fold as bytes arrive, never past the frame's size: its capacity stays within
 * {@value #GROWTH} times the bytes received (or {@value #MIN_CHUNK} bytes), so a client that announces 90 MiB and
 * stalls pins kilobytes, not 90 MiB; and the growth copies add at most about a third of the frame to the one copy.
 *
 * <p>Before a frame is buffered, its announced size is reserved in the broker's {@link RequestMemory}. When it does
 * not fit, the connection is muted ({@link ReadGate.Reason#MEMORY}) until memory is released. Between frames the
 * decoder checks the {@link ReadGate}: while it is shut, no frame is passed on and the rest of the read is kept.
 * After {@value #FRAMES_PER_PASS} frames in one go it shuts the gate itself ({@link ReadGate.Reason#BACKLOG}) and
 * carries on in a later event-loop task.
 *
 * <p>A size below zero or above {@code socket.request.max.bytes} raises {@link TooLongFrameException} (the
 * dispatcher closes the connection) before any of the frame is buffered; so does any error of the decoder itself.
 * One instance per connection; runs on the connection's event loop only.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int SIZE_BYTES = 4;
    /** Smallest buffer of a frame spanning reads; frames this small are allocated whole. */
    static final int MIN_CHUNK = 4096;
    /** Capacity of a frame's buffer, as a multiple of the bytes received, when it grows. */
    static final int GROWTH = 4;
    /**
     * Frames passed on in one go before the decoder yields the event loop. One 64 KiB read can hold a thousand
     * pipelined requests; answering them all in one go would keep the loop from flushing this connection's responses
     * (its socket's writable event waits for the loop) and from serving the other connections on it.
     */
    static final int FRAMES_PER_PASS = 32;

    private final int maxFrameBytes;
    private final ReadGate gate;
    private final RequestMemory memory;
    private final SocketServerMetrics metrics;
    private final RequestMemory.Queued memoryWaiter;
    private ChannelHandlerContext ctx;

    /** Bytes of the size field read so far, for a size split across reads. */
    private final byte[] sizeBytes = new byte[SIZE_BYTES];
    private int sizeBytesRead;
    /** Input not consumed yet: the current read, or what is left of it while the gate is shut. */
    private ByteBuf held;
    private long heldAccounted;
    /** Size of the next frame, read but not yet reserved in the request memory; -1 when none. */
    private int announced = -1;
    /** The frame being received (its size reserved), or null between frames. */
    private ByteBuf partial;
    private int partialSize;
    private boolean decoding;
    private boolean done;
    private int firedThisPass;
    private final Runnable continueAfterYield;

    FrameDecoder(int maxFrameBytes, ReadGate gate, RequestMemory memory, SocketServerMetrics metrics) {
        this.maxFrameBytes = maxFrameBytes;
        this.gate = gate;
        this.memory = memory;
        this.metrics = metrics;
        this.memoryWaiter = new RequestMemory.Queued(this::memoryReleased);
        this.continueAfterYield = () -> gate.open(ReadGate.Reason.BACKLOG);
        gate.onOpen(this::resume);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (done) {
            in.release();
            return;
        }
        try {
            hold(in);
        } catch (Throwable t) {
            in.release(); // not held: out of direct memory for the merge
            fail(t);
            return;
        }
        decode();
    }

    /** The gate opened again: carry on with the input kept back. */
    private void resume() {
        if (!done) {
            decode();
        }
    }

    private void hold(ByteBuf in) {
        if (held == null) {
            held = in;
        } else if (!held.isReadable()) {
            held.release();
            held = in;
        } else {
            // A read that arrived while the gate was shut (Netty stops reading only after the current read).
            ByteBuf merged = ctx.alloc().directBuffer(held.readableBytes() + in.readableBytes());
            merged.writeBytes(held).writeBytes(in);
            held.release();
            in.release();
            held = merged;
        }
    }

    private void decode() {
        if (decoding) {
            return; // the gate opened from inside a frame we passed on; the loop below carries on
        }
        decoding = true;
        firedThisPass = 0;
        try {
            while (!done && gate.isOpen()) {
                if (firedThisPass >= FRAMES_PER_PASS && (readable() || announced >= 0)) {
                    yieldLoop();
                    break;
                }
                if (partial != null) {
                    if (!readable()) {
                        break;
                    }
                    fill();
                    continue;
                }
                if (announced < 0) {
                    if (!readable() || !readSize()) {
                        break;
                    }
                    if (announced > maxFrameBytes) {
                        fail(new TooLongFrameException("Frame of " + announced + " bytes exceeds " + maxFrameBytes));
                        break;
                    }
                }
                if (!reserve(announced)) {
                    break;
                }
                startFrame();
            }
        } catch (Throwable t) {
            // Out of direct memory while growing a frame, or a bug: this connection closes, nothing else does.
            fail(t);
        } finally {
            decoding = false;
            trimHeld();
        }
    }

    private boolean readable() {
        return held != null && held.isReadable();
    }

    /** Reads the size field into {@link #announced}, possibly across calls; false while incomplete. */
    private boolean readSize() {
        int size;
        if (sizeBytesRead == 0 && held.readableBytes() >= SIZE_BYTES) {
            size = held.readInt();
        } else {
            while (sizeBytesRead < SIZE_BYTES && held.isReadable()) {
                sizeBytes[sizeBytesRead++] = held.readByte();
            }
            if (sizeBytesRead < SIZE_BYTES) {
                return false;
            }
            sizeBytesRead = 0;
            size = ((sizeBytes[0] & 0xFF) << 24) | ((sizeBytes[1] & 0xFF) << 16) | ((sizeBytes[2] & 0xFF) << 8)
                    | (sizeBytes[3] & 0xFF);
        }
        announced = size < 0 ? Integer.MAX_VALUE : size; // negative sizes count as too long
        return true;
    }

    /** Reserves the next frame's size, or shuts the gate until memory is released. */
    private boolean reserve(int size) {
        if (memory.tryReserve(size)) {
            return true;
        }
        memory.awaitRelease(memoryWaiter);
        if (memory.tryReserve(size)) {
            return true; // memory was released between the refusal and the wait
        }
        gate.shut(ReadGate.Reason.MEMORY);
        return false;
    }

    /** Stops reading and carries on in a later task, after the loop has served its other work. */
    private void yieldLoop() {
        gate.shut(ReadGate.Reason.BACKLOG);
        try {
            ctx.executor().execute(continueAfterYield);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the server; the connection is being closed.
        }
    }

    /** Called on the releasing thread: retry on our own event loop (after the current task, never inside it). */
    private void memoryReleased() {
        try {
            ctx.executor().execute(() -> gate.open(ReadGate.Reason.MEMORY));
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the server; the connection is being closed.
        }
    }

    /** The announced frame is reserved: pass it on if it is all here, else start its buffer. */
    private void startFrame() {
        int size = announced;
        announced = -1;
        int available = held == null ? 0 : held.readableBytes();
        if (size == 0) {
            fire(Unpooled.EMPTY_BUFFER);
        } else if (available >= size) {
            ByteBuf frame = held.retainedSlice(held.readerIndex(), size);
            held.skipBytes(size);
            fire(frame);
        } else {
            partialSize = size;
            try {
                partial = ctx.alloc().directBuffer(capacityFor(available), size);
            } catch (Throwable t) {
                memory.release(size); // the reservation has no frame to travel with
                throw t;
            }
            metrics.requestBuffer(partial.capacity());
        }
    }

    /** Capacity for a frame of {@link #partialSize} with {@code received} bytes of it: see the class comment. */
    private int capacityFor(int received) {
        return (int) Math.min(partialSize, Math.max(MIN_CHUNK, (long) GROWTH * received));
    }

    private void fill() {
        int n = Math.min(partialSize - partial.writerIndex(), held.readableBytes());
        int needed = partial.writerIndex() + n;
        if (needed > partial.capacity()) {
            int before = partial.capacity();
            partial.capacity(capacityFor(needed));
            metrics.requestBuffer(partial.capacity() - before);
        }
        partial.writeBytes(held, n);
        if (partial.writerIndex() == partialSize) {
            ByteBuf frame = partial;
            partial = null;
            metrics.requestBuffer(-frame.capacity());
            fire(frame);
        }
    }

    private void fire(ByteBuf frame) {
        firedThisPass++;
        ctx.fireChannelRead(frame);
    }

    /** Drops consumed input and keeps the gauge of held input right. */
    private void trimHeld() {
        if (held != null && !held.isReadable()) {
            held.release();
            held = null;
        }
        long now = held == null ? 0 : held.capacity();
        if (now != heldAccounted) {
            metrics.requestBuffer(now - heldAccounted);
            heldAccounted = now;
        }
    }

    private void fail(Throwable cause) {
        releaseAll();
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    /** Ends decoding for good: releases the frame being received (and its reservation) and any held input. */
    private void releaseAll() {
        done = true;
        gate.dispose();
        if (partial != null) {
            metrics.requestBuffer(-partial.capacity());
            partial.release();
            partial = null;
            memory.release(partialSize);
        }
        announced = -1;
        if (held != null) {
            held.release();
            held = null;
        }
        if (heldAccounted != 0) {
            metrics.requestBuffer(-heldAccounted);
            heldAccounted = 0;
        }
    }
}
