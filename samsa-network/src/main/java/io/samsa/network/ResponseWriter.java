package io.samsa.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * A kafka-clients {@link Writable} that serializes a response into Netty objects: header and fields go into
 * pooled {@link ByteBuf}s, and {@link FileRecords} (log segment slices from Fetch) become {@link DefaultFileRegion}s
 * so the kernel sends them with sendfile — the bytes never enter the JVM. {@link MemoryRecords} are wrapped, not copied.
 *
 * <p>Whatever goes wrong while serializing (an exception, or an {@link Error} such as running out of direct memory),
 * every buffer made so far is released before the throwable leaves {@link #serialize}.
 *
 * <p>Used once per response on one thread; not thread-safe.
 */
final class ResponseWriter implements Writable {
    private final ByteBufAllocator alloc;
    private final List<Object> parts = new ArrayList<>(4);
    private ByteBuf current;

    ResponseWriter(ByteBufAllocator alloc, int initialCapacity) {
        this.alloc = alloc;
        this.current = alloc.ioBuffer(initialCapacity);
    }

    /**
     * Serializes one response frame (size, header, body) into the pieces to write, in order; the caller owns them.
     * On any throwable nothing is left allocated.
     */
    static List<Object> serialize(ByteBufAllocator alloc, int correlationId, ApiKeys apiKey, short version,
                                  ApiMessage response) {
        short headerVersion = apiKey.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + response.size(cache, version);
        ResponseWriter writer = new ResponseWriter(alloc, Math.min(size + 4, 64 * 1024));
        try {
            writer.writeInt(size);
            header.write(writer, cache, headerVersion);
            response.write(writer, cache, version);
            return writer.finish();
        } catch (Throwable t) {
            writer.discard();
            throw t;
        }
    }

    /** The pieces to write, in order. The caller owns them (they are released by Netty once written). */
    List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    /** Releases what was produced so far; for a serialization that failed half way. */
    void discard() {
        if (current != null) {
            current.release();
            current = null;
        }
        for (Object p : parts) {
            ReferenceCountUtil.safeRelease(p);
        }
        parts.clear();
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileRecords fileRecords) {
            writeFileRecords(fileRecords);
        } else if (records instanceof MemoryRecords memoryRecords) {
            ByteBuffer b = memoryRecords.buffer();
            if (b.remaining() > 0) {
                cut();
                parts.add(Unpooled.wrappedBuffer(b.duplicate()));
                resume();
            }
        } else {
            throw new IllegalArgumentException("Unsupported records type " + records.getClass());
        }
    }

    private void writeFileRecords(FileRecords records) {
        int size = records.sizeInBytes();
        if (size == 0) {
            return;
        }
        RegionCapture capture = new RegionCapture();
        try {
            // FileRecords keeps its slice offset private; writeTo hands us the absolute position instead of copying.
            records.writeTo(capture, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cut();
        parts.add(new SharedFileRegion(capture.channel, capture.position, capture.count));
        resume();
    }

    /**
     * Ends the current buffer before a piece that is not copied; the caller adds the piece, then {@link #resume}s.
     * In between {@code current} may be null, so a failed allocation never leaves a buffer owned twice.
     */
    private void cut() {
        if (current.isReadable()) {
            parts.add(current);
            current = null;
        }
    }

    private void resume() {
        if (current == null) {
            current = alloc.ioBuffer(64);
        }
    }

    @Override
    public void writeByte(byte val) {
        current.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        current.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        current.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        current.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        current.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        current.writeBytes(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
        int value = i;
        while ((value & 0xffffff80) != 0) {
            current.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        current.writeByte(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        current.writeBytes(buf.duplicate());
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long value = (i << 1) ^ (i >> 63);
        while ((value & 0xffffffffffffff80L) != 0L) {
            current.writeByte(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        current.writeByte((int) value);
    }

    /** Records where FileRecords would transfer from, without transferring. */
    private static final class RegionCapture implements TransferableChannel {
        FileChannel channel;
        long position;
        long count;

        @Override
        public long transferFrom(FileChannel fileChannel, long position, long count) {
            this.channel = fileChannel;
            this.position = position;
            this.count = count;
            return count;
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A file region over a segment's channel that the log owns: Netty's DefaultFileRegion closes its channel when
     * released, which would close the segment under every other reader.
     */
    static final class SharedFileRegion extends DefaultFileRegion {
        private final FileChannel file;

        SharedFileRegion(FileChannel channel, long position, long count) {
            super(channel, position, count);
            this.file = channel;
        }

        /** The segment's channel, for a TLS connection that must read the bytes instead of sending the file. */
        FileChannel file() {
            return file;
        }

        @Override
        protected void deallocate() {
            // The channel belongs to the log segment; do not close it.
        }
    }
}
