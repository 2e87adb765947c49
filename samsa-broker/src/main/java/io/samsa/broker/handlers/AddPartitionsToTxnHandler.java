package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;

/**
 * AddPartitionsToTxn. v0-v3 (from producers): the partitions join the producer's transaction; every partition gets
 * the one error of the request. v4+ (batched, from partition leaders): verify-only transactions are only checked
 * (is each partition in the ongoing transaction? KIP-890 part 1); others are added for a transactions v2 producer
 * (KIP-890 part 2), which makes its transaction a v2 one. Partitions of unknown topics get
 * UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, as in Kafka.
 */
public final class AddPartitionsToTxnHandler implements RequestHandler {
    private final BrokerContext ctx;

    public AddPartitionsToTxnHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        AddPartitionsToTxnRequest req = request.body(AddPartitionsToTxnRequest.class);
        boolean clientForm = request.version() <= 3;
        if (clientForm) {
            ctx.authorization().requireTransactionalId(request, AclOperation.WRITE,
                    req.data().v3AndBelowTransactionalId());
        } else {
            // v4+ comes from brokers verifying a transaction (KIP-890): Kafka's rule is CLUSTER_ACTION.
            ctx.authorization().requireCluster(request, AclOperation.CLUSTER_ACTION);
        }
        // normalizeRequest turns the v0-v3 form into one batched transaction; on a batched request it would lose them.
        List<AddPartitionsToTxnTransaction> transactions = new ArrayList<>(
                (clientForm ? req.normalizeRequest() : req).data().transactions());
        List<CompletableFuture<AddPartitionsToTxnResult>> results = new ArrayList<>();
        for (AddPartitionsToTxnTransaction txn : transactions) {
            results.add(handle(request, txn, request.version()));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            AddPartitionsToTxnResponseData data = new AddPartitionsToTxnResponseData();
            if (clientForm) {
                data.setResultsByTopicV3AndBelow(results.get(0).join().topicResults());
            } else {
                results.forEach(r -> data.resultsByTransaction().add(r.join()));
            }
            return data;
        });
    }

    private CompletableFuture<AddPartitionsToTxnResult> handle(Request request, AddPartitionsToTxnTransaction txn,
                                                               short version) {
        Set<TopicPartition> partitions = new HashSet<>();
        txn.topics().forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p))));
        Map<TopicPartition, Errors> unknown = new HashMap<>();
        // A client (v0-v3) needs WRITE on each topic; brokers (v4+) passed the cluster check. Kafka fails the whole
        // transaction's request: denied partitions TOPIC_AUTHORIZATION_FAILED, the others OPERATION_NOT_ATTEMPTED.
        if (version <= 3) {
            for (TopicPartition tp : partitions) {
                if (!ctx.authorization().allowed(request, AclOperation.WRITE, ResourceType.TOPIC, tp.topic())) {
                    unknown.put(tp, Errors.TOPIC_AUTHORIZATION_FAILED);
                }
            }
        }
        for (TopicPartition tp : unknown.isEmpty() ? partitions : Set.<TopicPartition>of()) {
            Integer count = ctx.metadata().topic(tp.topic()).map(m -> m.partitionCount()).orElse(null);
            if (count == null || tp.partition() < 0 || tp.partition() >= count) {
                unknown.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        String id = txn.transactionalId();
        if (!unknown.isEmpty()) {
            Map<TopicPartition, Errors> errors = new HashMap<>(unknown);
            partitions.forEach(tp -> errors.putIfAbsent(tp, Errors.OPERATION_NOT_ATTEMPTED));
            return CompletableFuture.completedFuture(AddPartitionsToTxnResponse.resultForTransaction(id, errors));
        }
        if (txn.verifyOnly()) {
            return ctx.transactions().verifyPartitions(id, txn.producerId(), txn.producerEpoch(), partitions)
                    .thenApply(errors -> AddPartitionsToTxnResponse.resultForTransaction(id, errors));
        }
        // Kafka: the batched form (v4+) that is not verify-only comes from a partition leader adding a partition for
        // a transactions v2 producer (Produce v12+, TxnOffsetCommit v5+).
        short clientVersion = version >= 4 ? (short) 2 : (short) 0;
        return ctx.transactions().addPartitions(id, txn.producerId(), txn.producerEpoch(), partitions, clientVersion)
                .thenApply(error -> {
                    Errors e = TxnErrors.forVersion(error, version, TxnErrors.TXN_APIS_KNOW_FENCED);
                    Map<TopicPartition, Errors> errors = new HashMap<>();
                    partitions.forEach(tp -> errors.put(tp, e));
                    return AddPartitionsToTxnResponse.resultForTransaction(id, errors);
                });
    }
}
