package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.util.List;

/**
 * On a TLS connection, turns each log segment slice of a response ({@link ResponseWriter.SharedFileRegion}) into
 * a {@link ChunkedInput} of 64 KiB buffers for the {@link io.netty.handler.stream.ChunkedWriteHandler} ahead of
 * it, which reads the next chunk only when the socket can take it: TLS must encrypt the bytes, so the kernel
 * cannot send the file itself, and reading a whole fetch at once would hold it all in memory. Stateless; one
 * instance serves every connection.
 */
@ChannelHandler.Sharable
final class FileRegionChunker extends MessageToMessageEncoder<ResponseWriter.SharedFileRegion> {
    static final FileRegionChunker INSTANCE = new FileRegionChunker();
    private static final int CHUNK_BYTES = 64 * 1024;

    private FileRegionChunker() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ResponseWriter.SharedFileRegion region, List<Object> out) {
        region.retain(); // the encoder releases the message it was given; the chunks release this reference
        out.add(new Chunks(region));
    }

    /** Reads one region's bytes chunk by chunk; releases the region when done or closed. */
    private static final class Chunks implements ChunkedInput<ByteBuf> {
        private final ResponseWriter.SharedFileRegion region;
        private long offset;
        private boolean released;

        Chunks(ResponseWriter.SharedFileRegion region) {
            this.region = region;
        }

        @Override
        public boolean isEndOfInput() {
            return offset >= region.count();
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                region.release();
            }
        }

        @Deprecated
        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
            if (isEndOfInput()) {
                return null;
            }
            int length = (int) Math.min(CHUNK_BYTES, region.count() - offset);
            ByteBuf chunk = allocator.directBuffer(length);
            try {
                while (chunk.readableBytes() < length) {
                    int read = chunk.writeBytes(region.file(), region.position() + offset + chunk.readableBytes(),
                            length - chunk.readableBytes());
                    if (read < 0) {
                        throw new IOException("segment ended " + (region.count() - offset) + " bytes early");
                    }
                }
                offset += length;
                return chunk;
            } catch (IOException | RuntimeException e) {
                chunk.release();
                throw e;
            }
        }

        @Override
        public long length() {
            return region.count();
        }

        @Override
        public long progress() {
            return offset;
        }
    }
}
