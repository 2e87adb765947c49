package io.samsa.coordinator.txn;

import io.samsa.common.DelayTimer;
import io.samsa.coordinator.PartitionWriter;
import io.samsa.coordinator.runtime.CoordinatorShards;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * The transaction coordinator of this broker: the transactional ids whose {@code __transaction_state} partition
 * ({@link #partitionFor}) this broker leads, their producer ids and epochs, and the two-phase commit of their
 * transactions (Prepare record, markers to every partition, Complete record).
 *
 * <p>Lifecycle of a partition: {@link #onElection} loads it (requests for its ids get COORDINATOR_LOAD_IN_PROGRESS
 * meanwhile), then it is active until {@link #onResignation}; ids of partitions this broker does not lead get
 * NOT_COORDINATOR. The coordinator epoch written into markers is the partition's leader epoch.
 *
 * <p>Called by the broker's request handlers and its partition-leadership listener. Threading: all state lives on
 * the {@code samsa-txn-coordinator} thread ({@link CoordinatorShards}); public methods enqueue work and return a future
 * that completes there. Timeouts use the injected {@link Time} and {@link DelayTimer}. Thread-safe.
 */
public final class TransactionCoordinator implements AutoCloseable {
    public static final String TOPIC = Topic.TRANSACTION_STATE_TOPIC_NAME;

    private final TransactionCoordinatorConfig config;
    private final CoordinatorShards<TransactionShard> shards;
    private final TransactionShard.Services services;

    public TransactionCoordinator(TransactionCoordinatorConfig config, PartitionWriter writer, TxnMarkerChannel markers,
                                  ProducerIdSource producerIds, Time time, DelayTimer timer) {
        this.config = config;
        this.shards = new CoordinatorShards<>("txn", time, this::load);
        this.services = new TransactionShard.Services(config, time, timer, writer, markers, producerIds,
            shards.coordinatorThread());
    }

    // Runs on the loader thread, after the constructor returned.
    private TransactionShard load(int partition, int coordinatorEpoch) {
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        return new TransactionShard(tp, coordinatorEpoch, TransactionLoader.replay(services.writer(), tp), services);
    }

    /** The {@code __transaction_state} partition of a transactional id, as Kafka computes it. */
    public int partitionFor(String transactionalId) {
        return Utils.abs(transactionalId.hashCode()) % config.stateLogPartitions();
    }

    /** This broker now leads {@code __transaction_state-partition} at {@code leaderEpoch}: load its ids. */
    public void onElection(int partition, int leaderEpoch) {
        checkPartition(partition);
        shards.elect(partition, leaderEpoch);
    }

    /** This broker no longer leads the partition: its ids' requests get NOT_COORDINATOR, its marker writes stop. */
    public void onResignation(int partition) {
        checkPartition(partition);
        shards.resign(partition);
    }

    public boolean isActive(int partition) {
        return shards.isActive(partition);
    }

    private void checkPartition(int p) {
        if (p < 0 || p >= config.stateLogPartitions()) {
            throw new IllegalArgumentException("No such " + TOPIC + " partition: " + p);
        }
    }

    /**
     * InitProducerId with a transactional id ({@code expectedProducerId}/{@code expectedEpoch}: -1 unless the producer
     * sends its current ones, KIP-360). Requests without a transactional id never reach the coordinator.
     */
    public CompletableFuture<InitProducerIdResponseData> initProducerId(String transactionalId, int timeoutMs,
                                                                        long expectedProducerId, short expectedEpoch) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(TransactionOperations.initError(Errors.INVALID_REQUEST));
        }
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return CompletableFuture.completedFuture(
                TransactionOperations.initError(Errors.INVALID_TRANSACTION_TIMEOUT));
        }
        return shards.onShard(partitionFor(transactionalId), TransactionOperations::initError,
            (shard, f) -> new TransactionOperations(shard).initProducerId(transactionalId, timeoutMs,
                expectedProducerId, expectedEpoch, f));
    }

    /**
     * AddPartitionsToTxn: one error for all {@code partitions}. {@code clientVersion} is 2 when a partition leader
     * adds them for a transactions v2 producer (Produce v12+, TxnOffsetCommit v5+), else 0 (from the producer).
     */
    public CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short epoch,
                                                   Set<TopicPartition> partitions, short clientVersion) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.INVALID_REQUEST);
        }
        return shards.onShard(partitionFor(transactionalId), e -> e,
            (shard, f) -> new TransactionOperations(shard).addPartitions(transactionalId, producerId, epoch,
                partitions, clientVersion, f));
    }

    /** AddPartitionsToTxn v4+ verify-only: whether each partition is in the producer's ongoing transaction. */
    public CompletableFuture<Map<TopicPartition, Errors>> verifyPartitions(String transactionalId, long producerId,
                                                                           short epoch,
                                                                           Set<TopicPartition> partitions) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(all(partitions, Errors.INVALID_REQUEST));
        }
        return shards.onShard(partitionFor(transactionalId), e -> all(partitions, e),
            (shard, f) -> f.complete(new TransactionOperations(shard).verifyPartitions(transactionalId, producerId,
                epoch, partitions)));
    }

    private static Map<TopicPartition, Errors> all(Set<TopicPartition> partitions, Errors e) {
        Map<TopicPartition, Errors> out = new HashMap<>();
        partitions.forEach(tp -> out.put(tp, e));
        return out;
    }

    /**
     * EndTxn: commit or abort the producer's ongoing transaction; answered once the decision is in the log.
     * {@code transactionV2} (EndTxn v5+) bumps the epoch and answers with the producer id and epoch to go on with.
     */
    public CompletableFuture<EndTxnResult> endTransaction(String transactionalId, long producerId, short epoch,
                                                          boolean commit, boolean transactionV2) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(EndTxnResult.error(Errors.INVALID_REQUEST));
        }
        return shards.onShard(partitionFor(transactionalId), EndTxnResult::error,
            (shard, f) -> new TransactionOperations(shard).endTransaction(transactionalId, producerId, epoch, commit,
                transactionV2, f));
    }

    public CompletableFuture<DescribeTransactionsResponseData.TransactionState> describe(String transactionalId) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(new DescribeTransactionsResponseData.TransactionState()
                .setTransactionalId(transactionalId).setTransactionState("")
                .setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code()));
        }
        return shards.onShard(partitionFor(transactionalId),
            e -> new DescribeTransactionsResponseData.TransactionState().setTransactionalId(transactionalId)
                .setTransactionState("").setErrorCode(e.code()),
            (shard, f) -> f.complete(TransactionQueries.describe(shard, transactionalId)));
    }

    /**
     * ListTransactions over every partition this broker leads. State names Kafka does not know are returned in
     * {@code unknownStateFilters} and match nothing; COORDINATOR_LOAD_IN_PROGRESS while a partition loads.
     */
    public CompletableFuture<ListTransactionsResponseData> list(List<String> stateFilters, List<Long> producerIdFilters,
                                                                long minDurationMs) {
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        List<String> unknown = new ArrayList<>();
        for (String s : stateFilters) {
            TransactionState state = TransactionState.fromKafkaName(s);
            if (state == null) {
                unknown.add(s);
            } else {
                states.add(state);
            }
        }
        ListTransactionsResponseData response = new ListTransactionsResponseData().setUnknownStateFilters(unknown);
        if (!unknown.isEmpty() && states.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        Set<Long> producerIds = new HashSet<>(producerIdFilters);
        return shards.queryAll(shard -> TransactionQueries.list(shard, states, producerIds, minDurationMs),
                e -> {
                    response.setErrorCode(e.code());
                    return null;
                })
            .thenApply(lists -> {
                if (lists != null) {
                    lists.forEach(response.transactionStates()::addAll);
                }
                return response;
            });
    }

    @Override
    public void close() {
        shards.close();
    }
}
