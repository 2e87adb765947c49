package io.samsa.coordinator.txn;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The answer to EndTxn: an error, and for transactions v2 (EndTxn v5) the producer id and epoch the producer goes on
 * with (the bumped epoch, or a new producer id at epoch 0 when the epoch ran out). -1/-1 when the producer keeps
 * its own, or on error.
 */
public record EndTxnResult(Errors error, long producerId, short producerEpoch) {
    static EndTxnResult error(Errors error) {
        return new EndTxnResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
    }
}
