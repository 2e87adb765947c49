package io.samsa.broker.handlers;

import io.samsa.storage.RecordValidationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;

/**
 * Turns the exception a partition's append failed with into that partition's Produce response: the error code,
 * Kafka's error message, no offsets, and, for records the validation refused, which records and why
 * ({@code record_errors}, Produce v8+), as Kafka answers them. The one place where append failures meet the wire.
 * Stateless.
 */
final class ProduceErrors {
    private ProduceErrors() {
    }

    static PartitionProduceResponse fill(PartitionProduceResponse pr, ApiException e) {
        if (e instanceof RecordValidationException invalid) {
            List<BatchIndexAndErrorMessage> records = new ArrayList<>(invalid.recordErrors().size());
            for (RecordValidationException.RecordError r : invalid.recordErrors()) {
                records.add(new BatchIndexAndErrorMessage().setBatchIndex(r.batchIndex())
                        .setBatchIndexErrorMessage(r.message()));
            }
            return ProduceHandler.fail(pr, invalid.error(), invalid.getMessage()).setRecordErrors(records);
        }
        return ProduceHandler.fail(pr, Errors.forException(e), e.getMessage());
    }
}
