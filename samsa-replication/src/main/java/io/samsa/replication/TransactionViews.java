package io.samsa.replication;

import io.samsa.storage.producer.ProducerStateEntry;
import io.samsa.storage.txn.AbortedTxn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.FetchResponseData;

/**
 * A partition's transaction state as the protocol shows it: aborted transactions for read_committed fetches and
 * producer states for DescribeProducers. Used by {@link Partition}, so handlers never see storage types.
 * Stateless; thread-safe.
 */
final class TransactionViews {
    private TransactionViews() {
    }

    static List<FetchResponseData.AbortedTransaction> abortedTransactions(List<AbortedTxn> found) {
        List<FetchResponseData.AbortedTransaction> result = new ArrayList<>(found.size());
        for (AbortedTxn txn : found) {
            result.add(new FetchResponseData.AbortedTransaction().setProducerId(txn.producerId())
                    .setFirstOffset(txn.firstOffset()));
        }
        return result;
    }

    static List<DescribeProducersResponseData.ProducerState> producerStates(Collection<ProducerStateEntry> entries) {
        List<DescribeProducersResponseData.ProducerState> result = new ArrayList<>(entries.size());
        for (ProducerStateEntry e : entries) {
            result.add(new DescribeProducersResponseData.ProducerState().setProducerId(e.producerId())
                    .setProducerEpoch(e.producerEpoch()).setLastSequence(e.lastSeq())
                    .setLastTimestamp(e.lastTimestamp()).setCoordinatorEpoch(e.coordinatorEpoch())
                    .setCurrentTxnStartOffset(e.currentTxnFirstOffset()));
        }
        return result;
    }
}
