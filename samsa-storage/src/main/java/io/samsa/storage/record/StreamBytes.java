package io.samsa.storage.record;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * {@link RecordBytes} over a decompressing stream (kafka-clients' {@code Compression.wrapForInput}, which buffers
 * in memory from a {@code BufferSupplier}). Counts what it consumes, so record lengths can be checked exactly.
 * Codec failures surface as {@link IOException} other than {@link EOFException}: the codecs throw checked and
 * unchecked exceptions alike, and the cursor must tell "cannot decompress" apart from its own structural checks.
 * Not thread-safe.
 */
final class StreamBytes extends InputStream implements RecordBytes {
    private final InputStream in;
    private long position;
    private boolean ended;

    StreamBytes(InputStream in) {
        this.in = in;
    }

    /** One decompressed byte, or -1 at the end; ByteUtils' varint readers call this. */
    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (EOFException e) {
            throw truncated(e);
        } catch (RuntimeException e) {
            throw new IOException(e.toString(), e);
        }
        if (b < 0) {
            ended = true;
            return -1;
        }
        position++;
        return b;
    }

    @Override
    public int readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public int readVarint() throws IOException {
        return ByteUtils.readVarint(this);
    }

    @Override
    public long readVarlong() throws IOException {
        return ByteUtils.readVarlong(this);
    }

    @Override
    public void skip(int n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped;
            try {
                skipped = in.skip(left);
            } catch (EOFException e) {
                throw truncated(e);
            } catch (RuntimeException e) {
                throw new IOException(e.toString(), e);
            }
            if (skipped > 0) {
                left -= skipped;
                position += skipped;
            } else {
                // skip() may return 0 before the end; a read tells the end from a pause.
                readByte();
                left--;
            }
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean atEnd() throws IOException {
        return read() < 0;
    }

    @Override
    public boolean reachedEnd() {
        return ended;
    }

    @Override
    public long remainingUpperBound() {
        return Long.MAX_VALUE;
    }

    /**
     * A codec's own EOFException means a truncated compressed payload; {@link #readByte} keeps EOFException for
     * decompressed records that end early.
     */
    private static IOException truncated(EOFException e) {
        return new IOException("truncated: " + e.getMessage(), e);
    }

    /** Returns the codec's buffers to the supplier they came from. */
    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (RuntimeException e) {
            throw new IOException(e.toString(), e);
        }
    }
}
