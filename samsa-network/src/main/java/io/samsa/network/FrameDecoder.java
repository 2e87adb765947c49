package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the byte stream into Kafka frames (a 4-byte big-endian size, then that many bytes) and passes each frame
 * on without its size, as a {@link ByteBuf} the next handler must release.
 *
 * <p>Why not Netty's {@code LengthFieldBasedFrameDecoder}: it gathers a frame that spans several socket reads in
 * a cumulation buffer that grows by reallocation, so a 1 MiB produce request was copied several times over.
 * Here a frame that arrived whole is a slice of the read buffer (no copy), and a frame that spans reads is copied
 * once, into a buffer allocated at its final size as soon as the size is known.
 *
 * <p>A size below zero or above {@code socket.request.max.bytes} raises {@link TooLongFrameException} (the
 * dispatcher closes the connection) before any of the frame is buffered. One instance per connection; runs on
 * the connection's event loop only.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int SIZE_BYTES = 4;

    private final int maxFrameBytes;
    /** Bytes of the size field read so far, for a size split across reads. */
    private final byte[] sizeBytes = new byte[SIZE_BYTES];
    private int sizeBytesRead;
    /** The frame being filled, allocated at its full size; null between frames. */
    private ByteBuf partial;
    private boolean failed;
    private boolean firedFrame;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!failed && in.isReadable()) {
                if (partial != null) {
                    fill(ctx, in);
                    continue;
                }
                int size = readSize(in);
                if (size < 0) {
                    return; // size not complete yet
                }
                if (size > maxFrameBytes) {
                    failed = true;
                    ctx.fireExceptionCaught(new TooLongFrameException("Frame of " + size + " bytes exceeds "
                            + maxFrameBytes));
                    return;
                }
                if (in.readableBytes() >= size) {
                    ByteBuf frame = in.retainedSlice(in.readerIndex(), size);
                    in.skipBytes(size);
                    fire(ctx, frame);
                } else {
                    partial = ctx.alloc().directBuffer(size, size);
                    fill(ctx, in);
                }
            }
        } finally {
            in.release();
        }
    }

    /** Reads the size field, possibly across calls; -1 while incomplete. Negative sizes count as too long. */
    private int readSize(ByteBuf in) {
        if (sizeBytesRead == 0 && in.readableBytes() >= SIZE_BYTES) {
            int size = in.readInt();
            return size < 0 ? Integer.MAX_VALUE : size;
        }
        while (sizeBytesRead < SIZE_BYTES && in.isReadable()) {
            sizeBytes[sizeBytesRead++] = in.readByte();
        }
        if (sizeBytesRead < SIZE_BYTES) {
            return -1;
        }
        sizeBytesRead = 0;
        int size = ((sizeBytes[0] & 0xFF) << 24) | ((sizeBytes[1] & 0xFF) << 16) | ((sizeBytes[2] & 0xFF) << 8)
                | (sizeBytes[3] & 0xFF);
        return size < 0 ? Integer.MAX_VALUE : size;
    }

    private void fill(ChannelHandlerContext ctx, ByteBuf in) {
        int n = Math.min(partial.writableBytes(), in.readableBytes());
        partial.writeBytes(in, n);
        if (!partial.isWritable()) {
            ByteBuf frame = partial;
            partial = null;
            fire(ctx, frame);
        }
    }

    private void fire(ChannelHandlerContext ctx, ByteBuf frame) {
        firedFrame = true;
        ctx.fireChannelRead(frame);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // As Netty's decoders do: with auto-read off, a read that completed no frame must ask for more itself.
        if (!firedFrame && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        firedFrame = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        ctx.fireChannelInactive();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
