package io.samsa.storage.record;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * {@link RecordBytes} over an uncompressed batch's own buffer: reads in place, copies nothing. Not thread-safe.
 */
final class BufferBytes implements RecordBytes {
    private final ByteBuffer buffer;

    /** Reads {@code buffer} from its position to its limit; the caller hands over a buffer of its own. */
    BufferBytes(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public int readByte() {
        return buffer.get() & 0xFF;
    }

    @Override
    public int readVarint() {
        return ByteUtils.readVarint(buffer);
    }

    @Override
    public long readVarlong() {
        return ByteUtils.readVarlong(buffer);
    }

    @Override
    public void skip(int n) {
        if (n > buffer.remaining()) {
            buffer.position(buffer.limit());
            throw new BufferUnderflowException();
        }
        buffer.position(buffer.position() + n);
    }

    @Override
    public long position() {
        return buffer.position();
    }

    @Override
    public boolean atEnd() {
        return !buffer.hasRemaining();
    }

    @Override
    public boolean reachedEnd() {
        return !buffer.hasRemaining();
    }

    @Override
    public long remainingUpperBound() {
        return buffer.remaining();
    }

    @Override
    public void close() {
    }
}
