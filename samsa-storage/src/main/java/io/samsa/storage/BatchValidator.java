package io.samsa.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Validates the record batches of a produce request, every record of every batch, before any of them is
 * written, as Kafka's validator does for a client's batches. Any failure rejects the whole request. Called by
 * {@link Log#appendAsLeader} before it takes the log's lock.
 *
 * <p>Batch headers, here: magic 2 (older magic: {@link InvalidRecordException}, as Kafka answers v3+ produce
 * requests; unknown magic: {@link CorruptRecordException}); size at most {@code max.message.bytes}
 * ({@link RecordTooLargeException}, error MESSAGE_TOO_LARGE); CRC-32C and minimum size
 * ({@link CorruptRecordException}); record count positive and equal to {@code lastOffsetDelta + 1}; a known
 * compression codec; no control batch from a client; a sequence for every producer id. For the whole request:
 * at least one batch, whole batches only, total size at most {@code segment.bytes}
 * ({@link RecordBatchTooLargeException}).
 *
 * <p>Records, by {@link RecordValidator} over a {@link io.samsa.storage.record.RecordCursor}: their structure
 * and exact count ({@link InvalidRecordException}, also for a compressed payload that does not decompress), then
 * offset deltas, keys on compacted topics and timestamps ({@link RecordValidationException}, with the records to
 * blame; error INVALID_RECORD or INVALID_TIMESTAMP ({@link InvalidTimestampException}'s code)). Compressed
 * batches are decompressed as a stream into reused buffers, and nothing is re-encoded here: the batch is written
 * as it arrived, apart from the header fields the log sets (base offset, leader epoch, LogAppendTime), unless the
 * topic's {@code compression.type} asks {@link BatchRecompressor} to rebuild it afterwards.
 *
 * <p>A batch's max timestamp is not checked against its records, as in Kafka: the log sets it to the largest
 * record timestamp ({@link ValidatedRecords#maxTimestamp(int)}), rewriting the CRC only when it differs. Kafka
 * does the same, and reads the timestamps it checks from the records only.
 *
 * <p>Stateless; thread-safe.
 */
final class BatchValidator {
    private BatchValidator() {
    }

    /** Validates a produce request's {@code records} for {@code topicPartition}, whose config is {@code config}. */
    static ValidatedRecords validate(MemoryRecords records, LogConfig config, TopicPartition topicPartition,
                                     long nowMs) {
        List<MutableRecordBatch> batches = new ArrayList<>(1);
        long[] maxTimestamps = new long[1];
        ByteBuffer buffer = records.buffer();
        int position = buffer.position();
        long totalSize = 0;
        long messageCount = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean hasProducerIds = false;
        for (MutableRecordBatch batch : records.batches()) {
            DefaultRecordBatch v2 = validateHeader(batch, config);
            int size = batch.sizeInBytes();
            long batchMaxTimestamp = RecordValidator.validate(batch, buffer.slice(position, size),
                    v2.baseTimestamp(), config, topicPartition, nowMs);
            if (batches.size() == maxTimestamps.length) {
                maxTimestamps = Arrays.copyOf(maxTimestamps, maxTimestamps.length * 2);
            }
            maxTimestamps[batches.size()] = batchMaxTimestamp;
            batches.add(batch);
            position += size;
            totalSize += size;
            messageCount += batch.lastOffset() - batch.baseOffset() + 1;
            maxTimestamp = Math.max(maxTimestamp, batchMaxTimestamp);
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
        return new ValidatedRecords(records, batches, maxTimestamps, messageCount, maxTimestamp, hasProducerIds);
    }

    /**
     * The batches of records copied from the leader, after checking their CRCs and that no batch is partial.
     * Throws CorruptRecordException.
     */
    static List<MutableRecordBatch> replicatedBatches(MemoryRecords records) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        long size = 0;
        for (MutableRecordBatch batch : records.batches()) {
            batch.ensureValid();
            batches.add(batch);
            size += batch.sizeInBytes();
        }
        if (!batches.isEmpty() && size != records.sizeInBytes()) {
            throw new CorruptRecordException("Replicated records hold a partial batch");
        }
        return batches;
    }

    private static DefaultRecordBatch validateHeader(MutableRecordBatch batch, LogConfig config) {
        byte magic = batch.magic();
        if (magic < RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("Produce requests may only contain record batches with magic 2, got "
                    + magic);
        }
        if (magic > RecordBatch.MAGIC_VALUE_V2 || !(batch instanceof DefaultRecordBatch v2)) {
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
        return v2;
    }
}
