package io.samsa.storage;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Validates the record batches of a produce request from their headers alone, before any of them is written.
 * Any failure rejects the whole request.
 *
 * <p>Checks, per batch: magic 2 (older magic: {@link InvalidRecordException}, as Kafka answers v3+ produce
 * requests; unknown magic: {@link CorruptRecordException}); size at most {@code max.message.bytes}
 * ({@link RecordTooLargeException}, error MESSAGE_TOO_LARGE); CRC-32C and minimum size
 * ({@link CorruptRecordException}); record count positive and equal to {@code lastOffsetDelta + 1}; a known
 * compression codec; no control batch from a client; a sequence for every producer id; for CreateTime topics
 * the batch's first and max timestamps within {@code message.timestamp.before.max.ms} /
 * {@code message.timestamp.after.max.ms} of now ({@link InvalidTimestampException}). For the whole request:
 * at least one batch, whole batches only, total size at most {@code segment.bytes}
 * ({@link RecordBatchTooLargeException}).
 *
 * <p>Deliberate difference from Kafka: compressed batches are not decompressed, and records inside a batch are
 * not looked at. Kafka decompresses every compressed batch to check each record's offset delta and timestamp;
 * that costs more CPU than the rest of the append path together. The CRC-32C covers every record byte, so
 * accidental corruption is still caught; what is not caught is a client that writes a well-formed batch with
 * bad record-level contents, which only that client's consumers would see. Likewise the timestamp check sees
 * the batch's first and max timestamps, not every record's.
 *
 * <p>Stateless; thread-safe.
 */
final class BatchValidator {
    private BatchValidator() {
    }

    static ValidatedRecords validate(MemoryRecords records, LogConfig config, long nowMs) {
        List<MutableRecordBatch> batches = new ArrayList<>(1);
        long totalSize = 0;
        long messageCount = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean hasProducerIds = false;
        for (MutableRecordBatch batch : records.batches()) {
            validateBatch(batch, config, nowMs);
            batches.add(batch);
            totalSize += batch.sizeInBytes();
            messageCount += batch.lastOffset() - batch.baseOffset() + 1;
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            hasProducerIds |= batch.hasProducerId();
        }
        if (totalSize != records.sizeInBytes()) {
            throw new CorruptRecordException("Produce request holds " + records.sizeInBytes()
                    + " bytes but its whole batches only " + totalSize + ": a batch is truncated");
        }
        if (batches.isEmpty()) {
            throw new InvalidRecordException("Produce request must contain at least one record batch");
        }
        if (totalSize > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("The append of " + totalSize
                    + " bytes exceeds the maximum segment size " + config.segmentBytes());
        }
        return new ValidatedRecords(records, batches, messageCount, maxTimestamp, hasProducerIds);
    }

    private static void validateBatch(MutableRecordBatch batch, LogConfig config, long nowMs) {
        byte magic = batch.magic();
        if (magic < RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("Produce requests may only contain record batches with magic 2, got "
                    + magic);
        }
        if (magic > RecordBatch.MAGIC_VALUE_V2) {
            throw new CorruptRecordException("Unknown record batch magic " + magic);
        }
        int size = batch.sizeInBytes();
        if (size > config.maxMessageBytes()) {
            throw new RecordTooLargeException("The record batch of " + size
                    + " bytes exceeds the maximum configured value of " + config.maxMessageBytes());
        }
        if (size < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("Record batch of " + size + " bytes is smaller than its header");
        }
        batch.ensureValid();
        Integer count = batch.countOrNull();
        long lastOffsetDelta = batch.lastOffset() - batch.baseOffset();
        if (count == null || count <= 0) {
            throw new InvalidRecordException("Invalid record count " + count + " in record batch");
        }
        if (lastOffsetDelta != count - 1) {
            throw new InvalidRecordException("Inconsistent batch: " + count + " records but last offset delta "
                    + lastOffsetDelta);
        }
        try {
            batch.compressionType();
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("Record batch has an unknown compression codec: " + e.getMessage());
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("Clients may not write control batches");
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new InvalidRecordException("Record batch of producer " + batch.producerId()
                    + " has no sequence number");
        }
        if (batch.isTransactional() && !batch.hasProducerId()) {
            throw new InvalidRecordException("Transactional record batch without a producer id");
        }
        if (config.timestampType() == TimestampType.CREATE_TIME) {
            if (batch instanceof DefaultRecordBatch defaultBatch) {
                checkTimestamp(defaultBatch.baseTimestamp(), config, nowMs);
            }
            checkTimestamp(batch.maxTimestamp(), config, nowMs);
        }
    }

    private static void checkTimestamp(long timestamp, LogConfig config, long nowMs) {
        if (timestamp == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        // Compared as differences so the default Long.MAX_VALUE limits cannot overflow; a difference that
        // overflows itself is as large as it gets.
        long before = timestamp < nowMs ? saturatedDifference(nowMs, timestamp) : 0;
        long after = timestamp > nowMs ? saturatedDifference(timestamp, nowMs) : 0;
        if (before > config.timestampBeforeMaxMs() || after > config.timestampAfterMaxMs()) {
            throw new InvalidTimestampException("Timestamp " + timestamp + " of a record batch is out of range: "
                    + "now is " + nowMs + ", message.timestamp.before.max.ms " + config.timestampBeforeMaxMs()
                    + ", message.timestamp.after.max.ms " + config.timestampAfterMaxMs());
        }
    }

    /** {@code larger - smaller} for {@code larger > smaller}, or Long.MAX_VALUE if that overflows. */
    private static long saturatedDifference(long larger, long smaller) {
        long d = larger - smaller;
        return d < 0 ? Long.MAX_VALUE : d;
    }
}
