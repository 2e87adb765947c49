package io.samsa.replication.fetcher;

import io.samsa.replication.FetchParams;
import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import io.samsa.replication.ReplicaManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;

/**
 * A {@link ReplicaFetchClient} that answers a follower's Fetch from another broker's {@link ReplicaManager} in the
 * same JVM, the way the leader's Fetch handler does over the wire (records copied out of the log, as they would be
 * sent). Broker ids map to replica managers; an unknown id fails like an unreachable broker.
 */
final class InProcessFetchClient implements ReplicaFetchClient {
    private final Map<Integer, ReplicaManager> brokers;

    InProcessFetchClient(Map<Integer, ReplicaManager> brokers) {
        this.brokers = brokers;
    }

    @Override
    public CompletableFuture<FetchedResponse> fetch(int leaderId, FetchRequestData request) {
        ReplicaManager leader = brokers.get(leaderId);
        if (leader == null) {
            return CompletableFuture.failedFuture(new java.io.IOException("broker " + leaderId + " is unreachable"));
        }
        List<PartitionFetch> fetches = new ArrayList<>();
        for (FetchRequestData.FetchTopic t : request.topics()) {
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                fetches.add(new PartitionFetch(new TopicIdPartition(t.topicId(), p.partition(), t.topic()),
                        p.fetchOffset(), p.partitionMaxBytes(),
                        p.currentLeaderEpoch() < 0 ? Optional.empty() : Optional.of(p.currentLeaderEpoch()),
                        p.lastFetchedEpoch(), p.logStartOffset()));
            }
        }
        // No waiting in tests: a follower that finds nothing gets an empty answer at once.
        FetchParams params = new FetchParams(0, 0, request.maxBytes(), request.replicaState().replicaId(),
                request.replicaState().replicaEpoch());
        return leader.fetch(params, fetches).thenApply(InProcessFetchClient::response).thenApply(FetchedResponse::owned);
    }

    static FetchResponseData response(List<PartitionFetchResult> results) {
        FetchResponseData response = new FetchResponseData();
        for (PartitionFetchResult r : results) {
            FetchResponseData.FetchableTopicResponse topic = response.responses().stream()
                    .filter(t -> t.topicId().equals(r.partition().topicId())).findFirst().orElse(null);
            if (topic == null) {
                topic = new FetchResponseData.FetchableTopicResponse().setTopic(r.partition().topic())
                        .setTopicId(r.partition().topicId());
                response.responses().add(topic);
            }
            FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                    .setPartitionIndex(r.partition().partition())
                    .setErrorCode(r.error().code())
                    .setHighWatermark(r.highWatermark())
                    .setLogStartOffset(r.logStartOffset())
                    .setRecords(copy(r.records()));
            if (r.divergingEpoch() != null) {
                pd.divergingEpoch().setEpoch(r.divergingEpoch().epoch()).setEndOffset(r.divergingEpoch().endOffset());
            }
            topic.partitions().add(pd);
        }
        return response;
    }

    private static MemoryRecords copy(Records records) {
        if (records.sizeInBytes() == 0) {
            return MemoryRecords.EMPTY;
        }
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(b);
        }
        return MemoryRecords.readableRecords(b.flip());
    }
}
