package io.samsa.bench.workload;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;

/**
 * COMPACT's data set: record {@code n} has key {@code "key-<n mod keys>"} and a value of {@code valueBytes}, so a
 * pass over {@code records} records writes every key {@code records / keys} times, in key order.
 *
 * @param records    records written per pass
 * @param keys       distinct keys
 * @param valueBytes every value's size
 * @param batchBytes the producer's {@code batch.size}, for the batch headers a compacted log keeps
 */
record KeyedDataSet(long records, int keys, int valueBytes, int batchBytes) {
    /** An offset delta typical of a batch of about a hundred 1 KiB records: a two-byte varint. */
    private static final int TYPICAL_OFFSET_DELTA = 64;

    /** {@code payloadBytes} of values of {@code valueBytes} each, over {@code keys} keys. */
    static KeyedDataSet of(long payloadBytes, int keys, int valueBytes, int batchBytes) {
        return new KeyedDataSet(payloadBytes / valueBytes, keys, valueBytes, batchBytes);
    }

    byte[] key(long n) {
        return keyString(n).getBytes(StandardCharsets.UTF_8);
    }

    private String keyString(long n) {
        return "key-" + (n % keys);
    }

    /** Value bytes per pass: what MB/s counts, as ProducerPerformance counts record payload. */
    long payloadBytes() {
        return records * valueBytes;
    }

    /**
     * The size of a fully compacted log without its active segment: one record of every key in Kafka's v2 record
     * format, plus a share of a batch header per record (the cleaner keeps surviving records in their batches,
     * which stay nearly full because a pass writes the keys in order).
     */
    long compactedBytes() {
        long bytes = 0;
        for (int k = 0; k < keys; k++) {
            bytes += DefaultRecord.sizeInBytes(TYPICAL_OFFSET_DELTA, 0, keyString(k).length(), valueBytes,
                    new Header[0]);
        }
        long perBatch = Math.max(1, batchBytes / (bytes / keys));
        return bytes + (keys + perBatch - 1) / perBatch * DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
    }
}
