package io.samsa.it.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Crc32C;

/**
 * Mutations of a record set (Produce's {@code records} field), most of them one field of the batch header or the
 * record bytes with the CRC recomputed, so that only validation beyond the CRC can catch them (issue 8, point 2).
 * <pre>
 * record batch v2: | baseOffset 8 | batchLength 4 | leaderEpoch 4 | magic 1 | crc 4 | attributes 2 |
 *                  | lastOffsetDelta 4 | baseTimestamp 8 | maxTimestamp 8 | producerId 8 | producerEpoch 2 |
 *                  | baseSequence 4 | recordCount 4 | records... |      crc = CRC32C(attributes .. end)
 * </pre>
 * Stateless.
 */
final class RecordsMutator {
    private static final int MAGIC_OFFSET = 16;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int BASE_TIMESTAMP_OFFSET = 27;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int BATCH_LENGTH_OFFSET = 8;

    private RecordsMutator() {
    }

    /** A mutated copy of {@code records} (or a replacement), described in {@code what[0]}. */
    static MemoryRecords mutate(MemoryRecords records, Random r, String[] what) {
        byte[] batch = bytes(records);
        boolean hasHeader = batch.length >= DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        int choice = hasHeader ? r.nextInt(13) : r.nextInt(3);
        switch (choice) {
            case 0 -> {
                what[0] = "null";
                return null;
            }
            case 1 -> {
                what[0] = "empty";
                return MemoryRecords.EMPTY;
            }
            case 2 -> {
                byte[] random = new byte[1 + r.nextInt(300)];
                r.nextBytes(random);
                what[0] = random.length + " random bytes";
                return wrap(random);
            }
            case 3 -> {
                int at = DefaultRecordBatch.RECORD_BATCH_OVERHEAD
                        + r.nextInt(Math.max(1, batch.length - DefaultRecordBatch.RECORD_BATCH_OVERHEAD));
                if (at < batch.length) {
                    batch[at] ^= (byte) (1 + r.nextInt(255));
                }
                what[0] = "record byte " + at + " changed, CRC fixed";
            }
            case 4 -> {
                int count = ByteBuffer.wrap(batch).getInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET);
                int[] counts = {0, count - 1, count + 1, Integer.MAX_VALUE, -1};
                int n = counts[r.nextInt(counts.length)];
                ByteBuffer.wrap(batch).putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, n);
                what[0] = "record count " + n + ", CRC fixed";
            }
            case 5 -> {
                int[] deltas = {-1, 0, Integer.MAX_VALUE, 1 << 20};
                int d = deltas[r.nextInt(deltas.length)];
                ByteBuffer.wrap(batch).putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, d);
                what[0] = "last offset delta " + d + ", CRC fixed";
            }
            case 6 -> {
                // Low 3 bits: compression (5-7 undefined); bit 4 transactional; bit 5 control.
                short attributes = (short) r.nextInt(1 << 6);
                ByteBuffer.wrap(batch).putShort(ATTRIBUTES_OFFSET, attributes);
                what[0] = "attributes " + attributes + ", CRC fixed";
            }
            case 7 -> {
                long[] timestamps = {-1L, Long.MAX_VALUE, 0L, 4_102_444_800_000L /* 2100-01-01 */};
                long ts = timestamps[r.nextInt(timestamps.length)];
                ByteBuffer.wrap(batch).putLong(BASE_TIMESTAMP_OFFSET, ts);
                what[0] = "base timestamp " + ts + ", CRC fixed";
            }
            case 8 -> {
                ByteBuffer.wrap(batch).putLong(PRODUCER_ID_OFFSET, r.nextInt(1000));
                what[0] = "producer id set without InitProducerId, CRC fixed";
            }
            case 9 -> {
                byte magic = (byte) new int[] {0, 1, 3, -1}[r.nextInt(4)];
                batch[MAGIC_OFFSET] = magic;
                what[0] = "magic " + magic;
                return wrap(batch);
            }
            case 10 -> {
                int length = ByteBuffer.wrap(batch).getInt(BATCH_LENGTH_OFFSET);
                int[] lengths = {length - 1, length + 1, 0, Integer.MAX_VALUE, -1};
                int n = lengths[r.nextInt(lengths.length)];
                ByteBuffer.wrap(batch).putInt(BATCH_LENGTH_OFFSET, n);
                what[0] = "batch length " + n;
                return wrap(batch);
            }
            case 11 -> {
                int cut = r.nextInt(batch.length);
                what[0] = "batch cut at " + cut;
                return wrap(java.util.Arrays.copyOf(batch, cut));
            }
            default -> {
                what[0] = "a magic v1 record set";
                return MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                        new SimpleRecord("key".getBytes(StandardCharsets.UTF_8),
                                "old".getBytes(StandardCharsets.UTF_8)));
            }
        }
        fixCrc(batch);
        return wrap(batch);
    }

    private static byte[] bytes(MemoryRecords records) {
        ByteBuffer b = records.buffer().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static MemoryRecords wrap(byte[] bytes) {
        return MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
    }

    private static void fixCrc(byte[] batch) {
        long crc = Crc32C.compute(batch, ATTRIBUTES_OFFSET, batch.length - ATTRIBUTES_OFFSET);
        ByteBuffer.wrap(batch).putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc);
    }
}
