package io.samsa.storage;

import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.protocol.Errors;

/**
 * A produced batch rejected because of what some of its records say, with the records to blame: the storage side
 * of Produce v8+'s {@code recordErrors} and {@code errorMessage}. Thrown by {@link Log#appendAsLeader} (nothing
 * is then appended) when records of one batch, well formed otherwise, break a rule: a null key on a compacted
 * topic, an offset delta that is not the record's index, a timestamp outside {@code message.timestamp.*}, or a
 * LogAppendTime batch from a producer on a LogAppendTime topic.
 *
 * <p>{@link #error()} is the partition's error: INVALID_TIMESTAMP if any listed record has a timestamp error,
 * else INVALID_RECORD, as Kafka decides it. {@link #recordErrors()} lists the offending records of the first
 * batch that failed, at most {@value #MAX_RECORD_ERRORS} of them (so a batch of tiny bad records cannot make a
 * response of megabytes); the error and the message count them all. The Produce handler answers
 * {@code error()}, {@code getMessage()} and the record errors.
 *
 * <p>Why a subclass of {@link InvalidRecordException}: a caller that maps exceptions by class alone
 * ({@code Errors.forException}) still answers a non-retriable INVALID_RECORD rather than UNKNOWN_SERVER_ERROR;
 * only {@link #error()} gives the exact code. Structural failures (a record that cannot be parsed) stay plain
 * {@link InvalidRecordException}s without record errors, as in Kafka.
 *
 * <p>Immutable.
 */
public final class RecordValidationException extends InvalidRecordException {
    /** Cap on {@link #recordErrors()}. */
    public static final int MAX_RECORD_ERRORS = 1000;
    private static final long serialVersionUID = 1L;

    private final transient Errors error;
    private final transient List<RecordError> recordErrors;

    /**
     * One offending record.
     *
     * @param batchIndex the record's index in its batch, from 0 (ProduceResponse's {@code batchIndex})
     * @param message    what is wrong with it
     */
    public record RecordError(int batchIndex, String message) {
    }

    RecordValidationException(Errors error, String message, List<RecordError> recordErrors) {
        super(message);
        if (error != Errors.INVALID_RECORD && error != Errors.INVALID_TIMESTAMP) {
            throw new IllegalArgumentException("Record errors are INVALID_RECORD or INVALID_TIMESTAMP, not " + error);
        }
        this.error = error;
        this.recordErrors = List.copyOf(recordErrors);
    }

    /** INVALID_TIMESTAMP or INVALID_RECORD: the partition's error in the Produce response. */
    public Errors error() {
        return error;
    }

    /** The offending records of the batch, in order, at most {@value #MAX_RECORD_ERRORS}. */
    public List<RecordError> recordErrors() {
        return recordErrors;
    }
}
