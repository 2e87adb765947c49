package io.samsa.coordinator.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Read-only views of a shard for the admin APIs: DescribeTransactions and ListTransactions. Stateless; call on the
 * coordinator thread.
 */
final class TransactionQueries {
    private TransactionQueries() {
    }

    static DescribeTransactionsResponseData.TransactionState describe(TransactionShard shard, String transactionalId) {
        DescribeTransactionsResponseData.TransactionState out =
            new DescribeTransactionsResponseData.TransactionState().setTransactionalId(transactionalId);
        TransactionMetadata m = shard.transactions.get(transactionalId);
        if (m == null || m.state == TransactionState.DEAD) {
            return out.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code()).setTransactionState("");
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        m.partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        DescribeTransactionsResponseData.TopicDataCollection topics =
            new DescribeTransactionsResponseData.TopicDataCollection();
        byTopic.forEach((topic, ids) -> topics.add(new DescribeTransactionsResponseData.TopicData()
            .setTopic(topic).setPartitions(ids)));
        return out.setErrorCode(Errors.NONE.code())
            .setTransactionState(m.state.kafkaName())
            .setTransactionTimeoutMs(m.timeoutMs)
            .setTransactionStartTimeMs(m.startTimestampMs)
            .setProducerId(m.producerId)
            .setProducerEpoch(m.producerEpoch)
            .setTopics(topics);
    }

    /**
     * The ids of the shard that pass every filter: state (empty: any), producer id (empty: any), and started at least
     * {@code minDurationMs} ago (-1: any). As in Kafka, an id without a transaction (start time -1) passes any
     * duration filter; tools that look for hanging transactions filter on Ongoing too.
     */
    static List<ListTransactionsResponseData.TransactionState> list(TransactionShard shard,
                                                                   Set<TransactionState> states,
                                                                   Set<Long> producerIds, long minDurationMs) {
        long now = shard.time.milliseconds();
        List<ListTransactionsResponseData.TransactionState> out = new ArrayList<>();
        for (TransactionMetadata m : shard.transactions.values()) {
            if (m.state == TransactionState.DEAD
                || (!states.isEmpty() && !states.contains(m.state))
                || (!producerIds.isEmpty() && !producerIds.contains(m.producerId))
                || (minDurationMs >= 0 && now - m.startTimestampMs < minDurationMs)) {
                continue;
            }
            out.add(new ListTransactionsResponseData.TransactionState()
                .setTransactionalId(m.transactionalId)
                .setProducerId(m.producerId)
                .setTransactionState(m.state.kafkaName()));
        }
        return out;
    }
}
