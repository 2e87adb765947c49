package io.samsa.broker.handlers;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;

/**
 * Turns the exception a partition's append failed with into that partition's Produce response: the error code,
 * Kafka's error message, and no offsets. The one place where append failures meet the wire. Stateless.
 */
final class ProduceErrors {
    private ProduceErrors() {
    }

    static PartitionProduceResponse fill(PartitionProduceResponse pr, ApiException e) {
        return ProduceHandler.fail(pr, Errors.forException(e), e.getMessage());
    }
}
