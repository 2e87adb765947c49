package io.samsa.storage;

import io.samsa.storage.record.RecordCursor;
import java.nio.ByteBuffer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Checks every record of one produced batch (format v2, header already checked by {@link BatchValidator}) in one
 * pass with a {@link RecordCursor}, and returns the largest record timestamp. Structure is the cursor's job
 * (plain {@code InvalidRecordException}); the rules on what a well-formed record says are this class's, and
 * their failures are collected per record into a {@link RecordValidationException}:
 * <ul>
 *   <li>the offset delta equals the record's index in the batch (INVALID_RECORD). Kafka 4.1.1 writes an
 *       uncompressed batch that breaks this as it is, so consumers see offsets out of order; for a compressed
 *       one it means to rebuild the batch, but fails with UNKNOWN_SERVER_ERROR. Samsa writes batches as they
 *       came, so it refuses them;</li>
 *   <li>a compacted topic takes no record without a key (INVALID_RECORD, with Kafka's text naming the
 *       partition);</li>
 *   <li>on a CreateTime topic, each record's timestamp ({@code baseTimestamp + timestampDelta}, or the batch's
 *       max timestamp in a LogAppendTime batch) is -1 or within {@code message.timestamp.before.max.ms} /
 *       {@code message.timestamp.after.max.ms} of now (INVALID_TIMESTAMP);</li>
 *   <li>on a LogAppendTime topic, a producer's batch does not claim LogAppendTime (INVALID_TIMESTAMP).</li>
 * </ul>
 * As in Kafka, a record gets at most one error, the first of this list it breaks, and the batch fails with
 * INVALID_TIMESTAMP if any record has a timestamp error, else INVALID_RECORD.
 *
 * <p>Decompression buffers come from {@link DecompressionBuffers}, one set per thread.
 *
 * <p>Stateless; thread-safe.
 */
final class RecordValidator {
    private RecordValidator() {
    }

    /**
     * Validates the records of {@code batch}, whose bytes are {@code batchBytes} (position to limit), appended to
     * {@code topicPartition} (named in some error texts, as Kafka does). Returns the largest record timestamp,
     * {@link RecordBatch#NO_TIMESTAMP} if none has one.
     */
    static long validate(MutableRecordBatch batch, ByteBuffer batchBytes, long baseTimestamp, LogConfig config,
                         TopicPartition topicPartition, long nowMs) {
        boolean createTimeTopic = config.timestampType() == TimestampType.CREATE_TIME;
        boolean logAppendTimeBatch = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        long batchMaxTimestamp = batch.maxTimestamp();
        boolean compact = config.compact();
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        RecordErrors errors = null;
        try (RecordCursor cursor = RecordCursor.open(batchBytes, DecompressionBuffers.ofThisThread())) {
            while (cursor.next()) {
                int index = cursor.index();
                long timestamp = logAppendTimeBatch ? batchMaxTimestamp : baseTimestamp + cursor.timestampDelta();
                if (timestamp > maxTimestamp) {
                    maxTimestamp = timestamp;
                }
                if (cursor.offsetDelta() != index) {
                    errors = RecordErrors.add(errors, Errors.INVALID_RECORD, index,
                            "offset delta " + cursor.offsetDelta() + " is not the record's index " + index);
                } else if (compact && cursor.keySize() < 0) {
                    errors = RecordErrors.add(errors, Errors.INVALID_RECORD, index,
                            "Compacted topic cannot accept message without key in topic partition "
                                    + topicPartition);
                } else if (createTimeTopic && timestamp != RecordBatch.NO_TIMESTAMP) {
                    String problem = timestampProblem(timestamp, config, nowMs);
                    if (problem != null) {
                        errors = RecordErrors.add(errors, Errors.INVALID_TIMESTAMP, index, problem);
                    }
                } else if (logAppendTimeBatch) {
                    errors = RecordErrors.add(errors, Errors.INVALID_TIMESTAMP, index,
                            "the producer set timestamp type LogAppendTime, which only the broker sets");
                }
            }
        }
        if (errors != null) {
            throw errors.toException();
        }
        return maxTimestamp;
    }

    /** Null if {@code timestamp} is within the topic's window around {@code nowMs}, else what is wrong. */
    private static String timestampProblem(long timestamp, LogConfig config, long nowMs) {
        // Compared as differences so the default Long.MAX_VALUE limits cannot overflow; a difference that
        // overflows itself is as large as it gets.
        if (timestamp < nowMs && saturatedDifference(nowMs, timestamp) > config.timestampBeforeMaxMs()) {
            return "timestamp " + timestamp + " is " + saturatedDifference(nowMs, timestamp) + " ms before now ("
                    + nowMs + "), more than message.timestamp.before.max.ms " + config.timestampBeforeMaxMs();
        }
        if (timestamp > nowMs && saturatedDifference(timestamp, nowMs) > config.timestampAfterMaxMs()) {
            return "timestamp " + timestamp + " is " + saturatedDifference(timestamp, nowMs) + " ms after now ("
                    + nowMs + "), more than message.timestamp.after.max.ms " + config.timestampAfterMaxMs();
        }
        return null;
    }

    /** {@code larger - smaller} for {@code larger > smaller}, or Long.MAX_VALUE if that overflows. */
    private static long saturatedDifference(long larger, long smaller) {
        long d = larger - smaller;
        return d < 0 ? Long.MAX_VALUE : d;
    }
}
