package io.samsa.coordinator.txn;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The value of a {@code __transaction_state} record: the durable state of one transactional id. A null value (a
 * tombstone) means the id expired (Dead). {@code previousProducerId}, {@code nextProducerId} and
 * {@code clientTransactionVersion} exist only in value version 1 (tagged fields; -1, -1, 0 when absent).
 */
public record TransactionLogValue(long producerId, long previousProducerId, long nextProducerId, short producerEpoch,
                                  int timeoutMs, TransactionState state, Set<TopicPartition> partitions,
                                  long lastUpdateTimestampMs, long startTimestampMs, short clientTransactionVersion) {
    public TransactionLogValue {
        partitions = Set.copyOf(partitions);
    }
}
