package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.Partition;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets (v1+): earliest (-2), latest (-1, the high watermark), max timestamp (-3), earliest local (-4),
 * latest tiered (-5, nothing is tiered so no offset) and lookup by timestamp: the first offset whose timestamp is at
 * or after the target, only below the high watermark.
 */
public final class ListOffsetsHandler implements RequestHandler {
    private final BrokerContext ctx;

    public ListOffsetsHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        ListOffsetsRequestData data = request.body(ListOffsetsRequest.class).data();
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic t : data.topics()) {
            ListOffsetsTopicResponse tr = new ListOffsetsTopicResponse().setName(t.name());
            boolean allowed = ctx.authorization().allowed(request, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                ListOffsetsPartitionResponse r = allowed ? lookup(t.name(), p, data.replicaId(),
                        data.isolationLevel() == IsolationLevel.READ_COMMITTED.id())
                        : new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex())
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                if (request.version() < 4) {
                    r.setLeaderEpoch(-1); // not in the schema before v4, and not ignorable
                }
                tr.partitions().add(r);
            }
            response.topics().add(tr);
        }
        return CompletableFuture.completedFuture(response);
    }

    private ListOffsetsPartitionResponse lookup(String topic, ListOffsetsRequestData.ListOffsetsPartition p,
                                                int replicaId, boolean readCommitted) {
        ListOffsetsPartitionResponse r = new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex())
                .setTimestamp(-1L).setOffset(-1L).setLeaderEpoch(-1);
        Optional<Partition> partition = ctx.replicaManager().partition(new TopicPartition(topic, p.partitionIndex()));
        if (partition.isEmpty()) {
            return r.setErrorCode(Topics.notHostedError(ctx, topic, p.partitionIndex()).code());
        }
        Partition part = partition.get();
        // Only the leader knows the high watermark; a follower would answer a stale "latest". Kafka serves
        // followers' copies only to the debugging replica id.
        if (!part.isLeader() && replicaId != ListOffsetsRequest.DEBUGGING_REPLICA_ID) {
            return r.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        int epoch = part.leaderEpoch();
        if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() != epoch) {
            return r.setErrorCode((p.currentLeaderEpoch() > epoch
                    ? Errors.UNKNOWN_LEADER_EPOCH : Errors.FENCED_LEADER_EPOCH).code());
        }
        long ts = p.timestamp();
        if (ts == ListOffsetsRequest.LATEST_TIMESTAMP) {
            // read_committed consumers start no further than the last stable offset (Kafka's rule).
            return r.setOffset(readCommitted ? part.lastStableOffset() : part.highWatermark()).setLeaderEpoch(epoch);
        }
        if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP || ts == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return r.setOffset(part.logStartOffset()).setLeaderEpoch(epoch);
        }
        if (ts == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
            return r;
        }
        if (ts < 0 && ts != ListOffsetsRequest.MAX_TIMESTAMP) {
            return r.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        Optional<FileRecords.TimestampAndOffset> found;
        try {
            found = part.offsetForTimestamp(ts, Optional.of(epoch));
        } catch (ApiException e) {
            return r.setErrorCode(Errors.forException(e).code());
        }
        // read_committed: nothing at or past the last stable offset is found (Kafka's "last fetchable offset").
        if (found.isEmpty() || (readCommitted && found.get().offset >= part.lastStableOffset())) {
            return r;
        }
        FileRecords.TimestampAndOffset t = found.get();
        return r.setTimestamp(t.timestamp).setOffset(t.offset).setLeaderEpoch(t.leaderEpoch.orElse(-1));
    }
}
