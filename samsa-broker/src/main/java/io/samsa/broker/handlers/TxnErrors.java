package io.samsa.broker.handlers;

import org.apache.kafka.common.protocol.Errors;

/**
 * Errors of the transaction APIs as old clients understand them: PRODUCER_FENCED exists only from InitProducerId v4,
 * EndTxn, AddPartitionsToTxn and AddOffsetsToTxn v2; older versions get INVALID_PRODUCER_EPOCH, which clients handle
 * the same way (Kafka's KafkaApis does the same). Stateless.
 */
final class TxnErrors {
    static final short INIT_PRODUCER_ID_KNOWS_FENCED = 4;
    static final short TXN_APIS_KNOW_FENCED = 2;

    private TxnErrors() {
    }

    /** {@code error} for a request of {@code version}, where PRODUCER_FENCED exists from {@code firstVersion}. */
    static Errors forVersion(Errors error, short version, short firstVersion) {
        return error == Errors.PRODUCER_FENCED && version < firstVersion ? Errors.INVALID_PRODUCER_EPOCH : error;
    }
}
