package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

/**
 * TxnOffsetCommit (all versions): a transactional producer's offsets for a group, handed to the group coordinator,
 * which keeps them pending until the transaction's marker.
 *
 * <p>Unless the group's {@code __consumer_offsets} partition already holds an open transaction of the producer at its
 * epoch, the transaction coordinator is asked first, as for a Produce ({@code TransactionVerifier}): from v5
 * (transactions v2, where the producer sends no AddOffsetsToTxn) the partition is added to the transaction; before,
 * it is verified to be in it, if {@code transaction.partition.verification.enable}. If that fails, every partition of
 * the request gets the error and nothing is written.
 */
public final class TxnOffsetCommitHandler implements RequestHandler {
    /** The first version of transactions v2 (KIP-890 part 2). */
    static final short FIRST_TRANSACTION_V2_VERSION = 5;
    /** The first version whose clients know TRANSACTION_ABORTABLE. */
    static final short FIRST_GENERIC_ERROR_VERSION = 4;

    private final BrokerContext ctx;

    public TxnOffsetCommitHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        TxnOffsetCommitRequestData data = request.body(TxnOffsetCommitRequest.class).data();
        if (data.transactionalId() != null) {
            ctx.authorization().requireTransactionalId(request, AclOperation.WRITE, data.transactionalId());
        }
        ctx.authorization().requireGroup(request, AclOperation.READ, data.groupId());
        if (!ctx.authorization().enabled()) {
            return commitAuthorized(request, data);
        }
        // Kafka's rule: topics the principal may not READ are answered TOPIC_AUTHORIZATION_FAILED, not committed.
        List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> allowed = ctx.authorization().filter(request,
                AclOperation.READ, ResourceType.TOPIC, data.topics(), t -> t.name());
        if (allowed.size() == data.topics().size()) {
            return commitAuthorized(request, data);
        }
        List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> denied = new ArrayList<>(data.topics());
        denied.removeAll(allowed);
        data.setTopics(new ArrayList<>(allowed));
        return commitAuthorized(request, data).thenApply(r -> {
            TxnOffsetCommitResponseData refused = errorResponse(new TxnOffsetCommitRequestData().setTopics(denied),
                    Errors.TOPIC_AUTHORIZATION_FAILED);
            ((TxnOffsetCommitResponseData) r).topics().addAll(refused.topics());
            return r;
        });
    }

    private CompletableFuture<ApiMessage> commitAuthorized(Request request, TxnOffsetCommitRequestData data) {
        short version = request.version();
        boolean add = version >= FIRST_TRANSACTION_V2_VERSION;
        TopicPartition offsets = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME,
                ctx.groups().partitionFor(data.groupId()));
        if (!(add || ctx.config().transactionPartitionVerificationEnable()) || data.transactionalId() == null
                || inTransaction(offsets, data)) {
            return commit(request, data);
        }
        return ctx.transactionVerifier().addOrVerify(data.transactionalId(), data.producerId(), data.producerEpoch(),
                Set.of(offsets), add).thenCompose(errors -> {
                    Errors error = errors.get(offsets);
                    return error == null ? commit(request, data)
                            : CompletableFuture.completedFuture(errorResponse(data, verificationError(error, version)));
                });
    }

    private boolean inTransaction(TopicPartition offsets, TxnOffsetCommitRequestData data) {
        Optional<Partition> partition = ctx.replicaManager().partition(offsets);
        return partition.isPresent() && partition.get().hasOngoingTransaction(data.producerId(), data.producerEpoch());
    }

    private CompletableFuture<ApiMessage> commit(Request request, TxnOffsetCommitRequestData data) {
        return ctx.groups().txnOffsetCommit(GroupRequests.context(request), data).thenApply(r -> r);
    }

    /**
     * A coordinator's error as the producer's TxnOffsetCommit handling understands it: TRANSACTION_ABORTABLE is
     * INVALID_TXN_STATE before v4; a coordinator that cannot answer now is COORDINATOR_NOT_AVAILABLE, which the
     * producer retries.
     */
    static Errors verificationError(Errors error, short version) {
        return switch (error) {
            case TRANSACTION_ABORTABLE -> version < FIRST_GENERIC_ERROR_VERSION ? Errors.INVALID_TXN_STATE : error;
            case NETWORK_EXCEPTION, NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            default -> error;
        };
    }

    private static TxnOffsetCommitResponseData errorResponse(TxnOffsetCommitRequestData data, Errors error) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : data.topics()) {
            TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic t =
                    new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(topic.name());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                t.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(t);
        }
        return response;
    }
}
