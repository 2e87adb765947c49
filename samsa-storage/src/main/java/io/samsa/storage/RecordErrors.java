package io.samsa.storage;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;

/**
 * The record errors found in one batch so far, turned into a {@link RecordValidationException} at the end of the
 * walk. Only created at the first error, so a valid batch allocates nothing for it. Keeps at most
 * {@link RecordValidationException#MAX_RECORD_ERRORS} errors but counts them all. Not thread-safe.
 */
final class RecordErrors {
    private static final int SHOWN_IN_MESSAGE = 3;

    private final List<RecordValidationException.RecordError> kept = new ArrayList<>(4);
    private int total;
    private boolean anyTimestampError;

    private RecordErrors() {
    }

    /** Adds one record's error to {@code errors} (null before the first) and returns the collection. */
    static RecordErrors add(RecordErrors errors, Errors error, int batchIndex, String message) {
        RecordErrors e = errors == null ? new RecordErrors() : errors;
        e.total++;
        e.anyTimestampError |= error == Errors.INVALID_TIMESTAMP;
        if (e.kept.size() < RecordValidationException.MAX_RECORD_ERRORS) {
            e.kept.add(new RecordValidationException.RecordError(batchIndex, message));
        }
        return e;
    }

    RecordValidationException toException() {
        Errors error = anyTimestampError ? Errors.INVALID_TIMESTAMP : Errors.INVALID_RECORD;
        StringBuilder message = new StringBuilder();
        message.append(total).append(total == 1 ? " record" : " records").append(" of the batch rejected");
        message.append(anyTimestampError ? " (invalid timestamps among them)" : "").append(": ");
        for (int i = 0; i < Math.min(SHOWN_IN_MESSAGE, kept.size()); i++) {
            RecordValidationException.RecordError r = kept.get(i);
            message.append(i == 0 ? "" : "; ").append("record ").append(r.batchIndex()).append(": ")
                    .append(r.message());
        }
        if (total > SHOWN_IN_MESSAGE) {
            message.append("; and ").append(total - SHOWN_IN_MESSAGE).append(" more");
        }
        return new RecordValidationException(error, message.toString(), kept);
    }
}
