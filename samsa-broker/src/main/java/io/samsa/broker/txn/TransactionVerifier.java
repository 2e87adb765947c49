package io.samsa.broker.txn;

import io.samsa.common.DelayTimer;
import io.samsa.coordinator.txn.TransactionCoordinator;
import io.samsa.coordinator.txn.TxnMarkerChannel;
import io.samsa.network.client.InterBrokerClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a producer's transaction coordinator, on behalf of a partition leader (Produce) or a group coordinator
 * (TxnOffsetCommit), about partitions that are about to get the producer's first transactional batch:
 * <ul>
 *   <li><b>verify</b> (KIP-890 part 1): is each partition already in the producer's ongoing transaction? A batch that
 *       is not, a late or zombie write, would otherwise open a transaction no coordinator will ever end.</li>
 *   <li><b>add</b> (KIP-890 part 2, transactions v2 producers): the partition joins the transaction, replacing the
 *       producer's own AddPartitionsToTxn.</li>
 * </ul>
 * The coordinator may be this broker, which is asked directly, or another one, asked with AddPartitionsToTxn v4+ (the
 * batched form) over the inter-broker client. CONCURRENT_TRANSACTIONS (the producer's previous transaction is still
 * writing its markers, which is usual right after a transactions v2 commit) is asked again every
 * {@code add.partitions.to.txn.retry.backoff.ms} for up to {@code add.partitions.to.txn.retry.backoff.max.ms}.
 *
 * <p>Errors are the coordinator's, per partition; partitions absent from the answer are fine. Callers translate them
 * for their clients. Thread-safe; futures complete on the coordinator thread, the inter-broker client's thread or the
 * timer's.
 */
public final class TransactionVerifier {
    private static final Logger log = LoggerFactory.getLogger(TransactionVerifier.class);

    private final TransactionCoordinator coordinator;
    private final TxnMarkerChannel leaders;
    private final InterBrokerClient client;
    private final int localBrokerId;
    private final long requestTimeoutMs;
    private final DelayTimer timer;
    private final Time time;
    private final long retryBackoffMs;
    private final long retryMaxMs;

    public TransactionVerifier(TransactionCoordinator coordinator, TxnMarkerChannel leaders, InterBrokerClient client,
                               int localBrokerId, long requestTimeoutMs, DelayTimer timer, Time time,
                               long retryBackoffMs, long retryMaxMs) {
        this.coordinator = coordinator;
        this.leaders = leaders;
        this.client = client;
        this.localBrokerId = localBrokerId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.timer = timer;
        this.time = time;
        this.retryBackoffMs = retryBackoffMs;
        this.retryMaxMs = retryMaxMs;
    }

    /**
     * Adds ({@code add}) or verifies {@code partitions} in the transaction of {@code transactionalId} held by
     * {@code producerId}/{@code producerEpoch}. Completes, never exceptionally, with the partitions that failed and
     * their errors.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> addOrVerify(String transactionalId, long producerId,
                                                                       short producerEpoch,
                                                                       Set<TopicPartition> partitions, boolean add) {
        CompletableFuture<Map<TopicPartition, Errors>> result = new CompletableFuture<>();
        attempt(new Ask(transactionalId, producerId, producerEpoch, Set.copyOf(partitions), add),
                time.milliseconds(), result);
        return result;
    }

    private record Ask(String transactionalId, long producerId, short producerEpoch, Set<TopicPartition> partitions,
                       boolean add) {
    }

    private void attempt(Ask ask, long startMs, CompletableFuture<Map<TopicPartition, Errors>> result) {
        ask(ask).whenComplete((errors, failure) -> {
            Map<TopicPartition, Errors> failed = failure != null ? all(ask.partitions(), Errors.forException(failure))
                    : errors;
            boolean concurrent = failed.values().stream().anyMatch(e -> e == Errors.CONCURRENT_TRANSACTIONS);
            if (concurrent && time.milliseconds() + retryBackoffMs - startMs <= retryMaxMs) {
                timer.schedule(retryBackoffMs, () -> attempt(ask, startMs, result));
            } else {
                result.complete(failed);
            }
        });
    }

    private CompletableFuture<Map<TopicPartition, Errors>> ask(Ask ask) {
        int partition = coordinator.partitionFor(ask.transactionalId());
        if (coordinator.isActive(partition)) {
            return askLocally(ask);
        }
        Optional<Integer> leader = leaders.leader(new TopicPartition(TransactionCoordinator.TOPIC, partition));
        if (leader.isEmpty() || leader.get() == TxnMarkerChannel.NO_LEADER) {
            return CompletableFuture.completedFuture(all(ask.partitions(), Errors.COORDINATOR_NOT_AVAILABLE));
        }
        if (leader.get() == localBrokerId) {
            // Still loading, or just resigned: the local coordinator says which.
            return askLocally(ask);
        }
        return askRemotely(leader.get(), ask);
    }

    private CompletableFuture<Map<TopicPartition, Errors>> askLocally(Ask ask) {
        if (ask.add()) {
            return coordinator.addPartitions(ask.transactionalId(), ask.producerId(), ask.producerEpoch(),
                    ask.partitions(), (short) 2).thenApply(e -> e == Errors.NONE ? Map.of() : all(ask.partitions(), e));
        }
        return coordinator.verifyPartitions(ask.transactionalId(), ask.producerId(), ask.producerEpoch(),
                ask.partitions()).thenApply(TransactionVerifier::failedOnly);
    }

    private CompletableFuture<Map<TopicPartition, Errors>> askRemotely(int brokerId, Ask ask) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        for (TopicPartition tp : ask.partitions()) {
            AddPartitionsToTxnTopic topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopic().setName(tp.topic());
                topics.add(topic);
            }
            topic.partitions().add(tp.partition());
        }
        AddPartitionsToTxnTransactionCollection transactions = new AddPartitionsToTxnTransactionCollection();
        transactions.add(new AddPartitionsToTxnTransaction().setTransactionalId(ask.transactionalId())
                .setProducerId(ask.producerId()).setProducerEpoch(ask.producerEpoch()).setVerifyOnly(!ask.add())
                .setTopics(topics));
        return client.send(brokerId, AddPartitionsToTxnRequest.Builder.forBroker(transactions), requestTimeoutMs)
                .handle((response, failure) -> {
                    if (failure != null) {
                        log.debug("AddPartitionsToTxn to broker {} for {} failed: {}", brokerId,
                                ask.transactionalId(), failure.toString());
                        return all(ask.partitions(), Errors.NETWORK_EXCEPTION);
                    }
                    AddPartitionsToTxnResponseData data = ((AddPartitionsToTxnResponse) response).data();
                    if (data.errorCode() != Errors.NONE.code()) {
                        return all(ask.partitions(), Errors.forCode(data.errorCode()));
                    }
                    AddPartitionsToTxnResponseData.AddPartitionsToTxnResult txn =
                            data.resultsByTransaction().find(ask.transactionalId());
                    Map<TopicPartition, Errors> answered = txn == null ? Map.of()
                            : AddPartitionsToTxnResponse.errorsForTransaction(txn.topicResults());
                    Map<TopicPartition, Errors> failed = new HashMap<>();
                    for (TopicPartition tp : ask.partitions()) {
                        // A partition the coordinator did not answer for was not added: never take it as done.
                        Errors e = answered.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR);
                        if (e != Errors.NONE) {
                            failed.put(tp, e);
                        }
                    }
                    if (failed.containsValue(Errors.UNKNOWN_SERVER_ERROR)) {
                        log.warn("Broker {} did not answer AddPartitionsToTxn for every partition of {}: {}", brokerId,
                                ask, data);
                    }
                    return failed;
                });
    }

    private static Map<TopicPartition, Errors> failedOnly(Map<TopicPartition, Errors> errors) {
        Map<TopicPartition, Errors> failed = new HashMap<>();
        errors.forEach((tp, e) -> {
            if (e != Errors.NONE) {
                failed.put(tp, e);
            }
        });
        return failed;
    }

    private static Map<TopicPartition, Errors> all(Set<TopicPartition> partitions, Errors error) {
        Map<TopicPartition, Errors> out = new HashMap<>();
        partitions.forEach(tp -> out.put(tp, error));
        return out;
    }
}
