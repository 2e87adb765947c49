package io.samsa.storage.cleaner;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;

/**
 * Reads a segment in chunks of whole batches into one buffer it keeps, as Kafka's cleaner reads through its I/O
 * buffer: one positional read per chunk instead of two per batch (header, then body) and no buffer allocated per
 * batch, which made the cleaner's first pass mostly allocation. The buffer doubles, up to the largest batch the
 * topic allows, when a batch does not fit. A chunk is valid until the next read. Owned by one cleaner thread (both
 * passes share it); not thread-safe.
 */
final class BatchChunkReader {
    private final int maxBytes;
    private ByteBuffer buffer;

    /**
     * @param initialBytes the I/O buffer's size ({@code log.cleaner.io.buffer.size} share)
     * @param maxBytes     the largest batch to expect ({@code max.message.bytes})
     */
    BatchChunkReader(int initialBytes, int maxBytes) {
        this.maxBytes = Math.max(initialBytes, maxBytes);
        this.buffer = ByteBuffer.allocate(initialBytes);
    }

    /**
     * The whole batches of {@code source} from byte {@code position}, as many as fit and at least one; empty at
     * the end of the segment.
     *
     * @throws IllegalStateException if a batch is larger than the largest expected
     */
    MemoryRecords read(FileRecords source, int position) throws IOException {
        while (true) {
            int size = Math.min(buffer.capacity(), source.sizeInBytes() - position);
            buffer.clear().limit(size);
            source.readInto(buffer, position);
            int whole = wholeBatchBytes(buffer);
            if (whole > 0 || size == 0) {
                buffer.limit(whole);
                return MemoryRecords.readableRecords(buffer);
            }
            if (buffer.capacity() >= maxBytes || size < buffer.capacity()) {
                throw new IllegalStateException("A batch at position " + position + " of " + source.file()
                        + " is larger than " + maxBytes + " bytes or cut short");
            }
            buffer = ByteBuffer.allocate((int) Math.min(2L * buffer.capacity(), maxBytes));
        }
    }

    /** Bytes of the whole batches at the start of {@code b} (position 0 to limit). */
    private static int wholeBatchBytes(ByteBuffer b) {
        int position = 0;
        while (position + Records.LOG_OVERHEAD <= b.limit()) {
            int batchBytes = Records.LOG_OVERHEAD + b.getInt(position + Records.SIZE_OFFSET);
            if (batchBytes <= Records.LOG_OVERHEAD || position + batchBytes > b.limit()) {
                break;
            }
            position += batchBytes;
        }
        return position;
    }
}
