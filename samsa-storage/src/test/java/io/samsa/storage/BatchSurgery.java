package io.samsa.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.apache.kafka.common.utils.Crc32C;

/**
 * Test-only surgery on a one-batch {@link MemoryRecords} built by kafka-clients: replace its records or its raw
 * payload, change its count, and recompute the batch length and CRC, so that only record-level validation can
 * object to the result. Never changes its input.
 */
public final class BatchSurgery {
    /** Where the batch length sits (after the 8-byte base offset); it counts the bytes after it. */
    private static final int LENGTH_OFFSET = 8;
    private static final int ATTRIBUTES_OFFSET = DefaultRecordBatch.CRC_OFFSET + 4;
    /** After the last offset delta (4 bytes) and the base timestamp (8). */
    private static final int MAX_TIMESTAMP_OFFSET = DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET + 4 + 8;

    private BatchSurgery() {
    }

    public static CompressionType codecOf(MemoryRecords batch) {
        return batch.batches().iterator().next().compressionType();
    }

    /** The records region, decompressed. */
    public static byte[] recordBytes(MemoryRecords batch) {
        ByteBuffer payload = payload(batch);
        CompressionType codec = codecOf(batch);
        if (codec == CompressionType.NONE) {
            byte[] out = new byte[payload.remaining()];
            payload.get(out);
            return out;
        }
        try (InputStream in = Compression.of(codec).build().wrapForInput(payload, RecordBatch.MAGIC_VALUE_V2,
                BufferSupplier.NO_CACHING)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload as stored: compressed for a compressed batch. */
    public static byte[] payloadBytes(MemoryRecords batch) {
        ByteBuffer payload = payload(batch);
        byte[] out = new byte[payload.remaining()];
        payload.get(out);
        return out;
    }

    /** The batch with {@code records} (uncompressed) as its records, encoded with the batch's own codec. */
    public static MemoryRecords withRecordBytes(MemoryRecords batch, byte[] records) {
        CompressionType codec = codecOf(batch);
        if (codec == CompressionType.NONE) {
            return withPayload(batch, records);
        }
        ByteBufferOutputStream out = new ByteBufferOutputStream(records.length + 64);
        try (OutputStream compressing = Compression.of(codec).build().wrapForOutput(out,
                RecordBatch.MAGIC_VALUE_V2)) {
            compressing.write(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer compressed = out.buffer().flip();
        byte[] payload = new byte[compressed.remaining()];
        compressed.get(payload);
        return withPayload(batch, payload);
    }

    /** The batch with {@code payload} stored as is where its records were. */
    public static MemoryRecords withPayload(MemoryRecords batch, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(DefaultRecordBatch.RECORD_BATCH_OVERHEAD + payload.length);
        ByteBuffer header = batch.buffer().duplicate();
        header.limit(header.position() + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        out.put(header).put(payload).flip();
        out.putInt(LENGTH_OFFSET, out.limit() - LENGTH_OFFSET - 4);
        fixCrc(out);
        return MemoryRecords.readableRecords(out);
    }

    /** The batch declaring {@code count} records (and a last offset delta to match). */
    public static MemoryRecords withCount(MemoryRecords batch, int count) {
        MemoryRecords copy = TestRecords.copy(batch);
        ByteBuffer b = copy.buffer();
        b.putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, count);
        b.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
        fixCrc(b);
        return copy;
    }

    /** The batch with its max timestamp set to {@code maxTimestamp}, nothing else changed. */
    public static MemoryRecords withMaxTimestamp(MemoryRecords batch, long maxTimestamp) {
        MemoryRecords copy = TestRecords.copy(batch);
        ByteBuffer b = copy.buffer();
        b.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        fixCrc(b);
        return copy;
    }

    /** Recomputes the CRC-32C of the batch that starts at index 0 of {@code batch} and ends at its limit. */
    public static void fixCrc(ByteBuffer batch) {
        batch.putInt(DefaultRecordBatch.CRC_OFFSET,
                (int) Crc32C.compute(batch, ATTRIBUTES_OFFSET, batch.limit() - ATTRIBUTES_OFFSET));
    }

    private static ByteBuffer payload(MemoryRecords batch) {
        ByteBuffer b = batch.buffer().duplicate();
        b.position(b.position() + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        return b.slice();
    }
}
