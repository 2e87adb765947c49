package io.samsa.storage;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/** Test-only builders of produce-request record batches, as a client would send them (base offset 0). */
public final class TestRecords {
    private TestRecords() {
    }

    /** One uncompressed batch of {@code count} records with the given timestamps, values of {@code valueSize}. */
    public static MemoryRecords batch(int count, long timestamp, int valueSize) {
        return batch(Compression.NONE, count, timestamp, valueSize, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
    }

    public static MemoryRecords batch(Compression compression, int count, long timestamp, int valueSize) {
        return batch(compression, count, timestamp, valueSize, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
    }

    /** An idempotent batch of {@code count} records starting at {@code baseSequence}. */
    public static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, int count, long timestamp) {
        return batch(Compression.NONE, count, timestamp, 10, producerId, epoch, baseSequence);
    }

    public static MemoryRecords batch(Compression compression, int count, long timestamp, int valueSize,
                                      long producerId, short epoch, int baseSequence) {
        ByteBuffer buffer = ByteBuffer.allocate(1024 + count * (valueSize + 64));
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, compression,
                TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, epoch, baseSequence);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[valueSize];
            for (int j = 0; j < valueSize; j++) {
                value[j] = (byte) (i * 31 + j);
            }
            builder.append(timestamp + i, ("key-" + i).getBytes(), value);
        }
        return builder.build();
    }

    /** A fresh copy (appends rewrite headers in place; retries must start from the client's bytes). */
    public static MemoryRecords copy(MemoryRecords records) {
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        b.put(records.buffer().duplicate());
        b.flip();
        return MemoryRecords.readableRecords(b);
    }

    /** Concatenates the buffers of several requests into one request. */
    public static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords p : parts) {
            size += p.sizeInBytes();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (MemoryRecords p : parts) {
            b.put(p.buffer().duplicate());
        }
        return MemoryRecords.readableRecords(b.flip());
    }
}
