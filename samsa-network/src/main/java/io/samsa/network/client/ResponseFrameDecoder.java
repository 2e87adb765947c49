package io.samsa.network.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Cuts the byte stream from another broker into response frames (a 4-byte size, then the response), without the
 * size. A frame that arrives within one socket read is passed on as a slice of that read (no copy). A larger one,
 * such as a follower's fetch response of megabytes, gets one buffer of its exact size as soon as its size is read,
 * and every byte is copied into it once: Netty's cumulating decoders grow their buffer as bytes arrive and copy the
 * frame again at each growth. Allocating at the announced size is safe here, unlike on the server side (see
 * {@code io.samsa.network.FrameDecoder}): the peer is a broker answering a request this broker sent, and the size is
 * bounded by the client's maximum response size.
 *
 * <p>One instance per channel; called on its event loop only.
 */
final class ResponseFrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int SIZE_BYTES = 4;

    private final int maxFrameBytes;
    /** The size prefix read so far, when it spans reads. */
    private int sizeSoFar;
    private int sizeBytesRead;
    /** The frame being filled, when it spans reads. */
    private ByteBuf frame;

    ResponseFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable() && ctx.channel().isActive()) {
                if (frame != null) {
                    fill(ctx, in);
                } else if (sizeBytesRead < SIZE_BYTES) {
                    readSize(in);
                } else {
                    start(ctx, in);
                }
            }
        } finally {
            in.release();
        }
    }

    private void readSize(ByteBuf in) {
        if (sizeBytesRead == 0 && in.readableBytes() >= SIZE_BYTES) {
            sizeSoFar = in.readInt();
            sizeBytesRead = SIZE_BYTES;
        } else {
            sizeSoFar = (sizeSoFar << 8) | in.readUnsignedByte();
            sizeBytesRead++;
        }
        if (sizeBytesRead == SIZE_BYTES && (sizeSoFar < SIZE_BYTES || sizeSoFar > maxFrameBytes)) {
            throw new CorruptedFrameException("Response of " + sizeSoFar + " bytes; between 4 and " + maxFrameBytes
                    + " expected");
        }
    }

    /** The size is known: pass on a whole frame, or start filling a buffer of its size. */
    private void start(ChannelHandlerContext ctx, ByteBuf in) {
        int size = sizeSoFar;
        if (in.readableBytes() >= size) {
            reset();
            ctx.fireChannelRead(in.readRetainedSlice(size));
            return;
        }
        frame = ctx.alloc().directBuffer(size, size);
        fill(ctx, in);
    }

    private void fill(ChannelHandlerContext ctx, ByteBuf in) {
        int n = Math.min(frame.writableBytes(), in.readableBytes());
        frame.writeBytes(in, n);
        if (!frame.isWritable()) {
            ByteBuf complete = frame;
            frame = null;
            reset();
            ctx.fireChannelRead(complete);
        }
    }

    private void reset() {
        sizeSoFar = 0;
        sizeBytesRead = 0;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
