package io.samsa.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.CloseableIterator;

/**
 * Applies a topic's {@code compression.type} to a produce request on the leader, as Kafka 4.1's validator does:
 * a batch whose codec differs from the target is rebuilt in the target codec (and level) with kafka-clients'
 * {@link MemoryRecordsBuilder}; every other batch, and every batch under {@code producer}, keeps its bytes.
 * Called by {@link Log#appendAsLeader} after {@link BatchValidator} and before the log's lock, since the rebuild
 * is CPU work that must not hold up other appends. Followers never call it: they write the leader's bytes.
 *
 * <p>A rebuilt batch keeps each record's key, value, headers, timestamp and offset delta, and the batch's producer
 * id, epoch, base sequence, transactional flag and partition leader epoch, so idempotence and transactions see
 * the batch the producer sent. Its timestamp type is the topic's: on a LogAppendTime topic the builder stamps the
 * append time, as Kafka does (the log stamps it again, to the same value, with the batches it did not rebuild).
 * Control batches never come here: clients may not send them and the log writes its own markers uncompressed.
 *
 * <p>The rebuilt batch is checked again against {@code max.message.bytes} (RecordTooLargeException, error
 * MESSAGE_TOO_LARGE) and the request against {@code segment.bytes}, since decompression can make it larger.
 *
 * <p>Stateless; thread-safe.
 */
final class BatchRecompressor {
    private BatchRecompressor() {
    }

    /**
     * {@code validated} as it is when no batch needs a new codec (no allocation), else the request with those
     * batches rebuilt. {@code nowMs} is the append time stamped on LogAppendTime topics.
     */
    static ValidatedRecords apply(ValidatedRecords validated, LogConfig config, TopicPartition topicPartition,
                                  long nowMs) {
        LogConfig.TargetCompression target = config.compression();
        if (target.codec() == null || !anyToRebuild(validated.batches(), target)) {
            return validated;
        }
        Compression compression = target.compression();
        List<MemoryRecords> parts = new ArrayList<>(validated.batches().size());
        ByteBuffer buffer = validated.records().buffer();
        int position = buffer.position();
        for (MutableRecordBatch batch : validated.batches()) {
            int size = batch.sizeInBytes();
            if (target.rebuilds(batch.compressionType())) {
                MemoryRecords rebuilt = rebuild(batch, compression, config.timestampType(), nowMs);
                checkBatchSize(rebuilt.sizeInBytes(), config, topicPartition);
                parts.add(rebuilt);
            } else {
                parts.add(MemoryRecords.readableRecords(buffer.slice(position, size)));
            }
            position += size;
        }
        MemoryRecords records = parts.size() == 1 ? parts.get(0) : concat(parts);
        if (records.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Message batch size is " + records.sizeInBytes()
                    + " bytes in append to partition " + topicPartition
                    + ", which exceeds the maximum configured segment size of " + config.segmentBytes() + ".");
        }
        List<MutableRecordBatch> batches = new ArrayList<>(validated.batches().size());
        records.batches().forEach(batches::add);
        return new ValidatedRecords(records, batches, validated.maxTimestamps(), validated.messageCount(),
                validated.maxTimestamp(), validated.hasProducerIds());
    }

    private static boolean anyToRebuild(List<MutableRecordBatch> batches, LogConfig.TargetCompression target) {
        for (MutableRecordBatch batch : batches) {
            if (target.rebuilds(batch.compressionType())) {
                return true;
            }
        }
        return false;
    }

    /**
     * One batch rebuilt in {@code compression}. The records are read in full first so the output buffer can be
     * sized from them (the builder's stream grows by small steps otherwise, copying as it goes).
     */
    private static MemoryRecords rebuild(MutableRecordBatch batch, Compression compression,
                                         TimestampType timestampType, long nowMs) {
        List<Record> records = new ArrayList<>(batch.countOrNull());
        try (CloseableIterator<Record> it = batch.streamingIterator(DecompressionBuffers.ofThisThread())) {
            while (it.hasNext()) {
                records.add(it.next());
            }
        }
        int estimate = AbstractRecords.estimateSizeInBytes(RecordBatch.MAGIC_VALUE_V2, batch.baseOffset(),
                compression.type(), records);
        long logAppendTime = timestampType == TimestampType.LOG_APPEND_TIME ? nowMs : RecordBatch.NO_TIMESTAMP;
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(estimate),
                RecordBatch.MAGIC_VALUE_V2, compression, timestampType, batch.baseOffset(), logAppendTime,
                batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.isTransactional(),
                batch.partitionLeaderEpoch());
        // BatchValidator made each offset delta equal the record's index, so the records' offsets run
        // baseOffset, baseOffset + 1, ... and the rebuilt deltas are 0..n-1 again.
        for (Record record : records) {
            builder.appendWithOffset(record.offset(), record);
        }
        return builder.build();
    }

    private static void checkBatchSize(int size, LogConfig config, TopicPartition topicPartition) {
        if (size > config.maxMessageBytes()) {
            throw new RecordTooLargeException("Message batch size is " + size + " bytes in append to partition "
                    + topicPartition + " which exceeds the maximum configured size of " + config.maxMessageBytes()
                    + ".");
        }
    }

    private static MemoryRecords concat(List<MemoryRecords> parts) {
        int total = 0;
        for (MemoryRecords part : parts) {
            total += part.sizeInBytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        for (MemoryRecords part : parts) {
            buffer.put(part.buffer().duplicate());
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }
}
