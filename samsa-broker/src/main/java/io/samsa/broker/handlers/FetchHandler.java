package io.samsa.broker.handlers;

import io.samsa.broker.BrokerContext;
import io.samsa.network.Request;
import io.samsa.network.RequestHandler;
import io.samsa.replication.FetchParams;
import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Fetch (v4+) for consumers: reads each partition below its high watermark, long-polls for {@code fetch.min.bytes}
 * up to {@code fetch.max.wait.ms}, and returns log segment slices that the network layer sends with zero copy.
 * Topics are named by id from v13. Fetch sessions are not kept: answering with session id 0 tells the client to
 * send full requests, which every client accepts.
 */
public final class FetchHandler implements RequestHandler {
    private final BrokerContext ctx;

    public FetchHandler(BrokerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(Request request) {
        FetchRequestData data = request.body(FetchRequest.class).data();
        short version = request.version();
        boolean byId = version >= 13;
        boolean readCommitted = data.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        List<PartitionFetch> fetches = new ArrayList<>();
        Map<Uuid, String> names = new LinkedHashMap<>();
        for (FetchRequestData.FetchTopic t : data.topics()) {
            String name = byId ? names.computeIfAbsent(t.topicId(), id -> Topics.nameOf(ctx, id).orElse("")) : t.topic();
            Uuid id = byId ? t.topicId() : Uuid.ZERO_UUID;
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                Optional<Integer> epoch = p.currentLeaderEpoch() < 0 ? Optional.empty()
                        : Optional.of(p.currentLeaderEpoch());
                fetches.add(new PartitionFetch(new TopicIdPartition(id, p.partition(), name), p.fetchOffset(),
                        p.partitionMaxBytes(), epoch));
            }
        }
        FetchParams params = new FetchParams(data.maxWaitMs(), Math.max(0, data.minBytes()),
                Math.min(data.maxBytes(), ctx.config().fetchMaxBytes()));
        return ctx.replicaManager().fetch(params, fetches)
                .thenApply(results -> response(results, byId, readCommitted));
    }

    private static FetchResponseData response(List<PartitionFetchResult> results, boolean byId,
                                              boolean readCommitted) {
        FetchResponseData response = new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code());
        FetchResponseData.FetchableTopicResponse current = null;
        for (PartitionFetchResult r : results) {
            TopicIdPartition tip = r.partition();
            boolean sameTopic = current != null && (byId ? current.topicId().equals(tip.topicId())
                    : current.topic().equals(tip.topic()));
            if (!sameTopic) {
                current = new FetchResponseData.FetchableTopicResponse();
                if (byId) {
                    current.setTopicId(tip.topicId());
                } else {
                    current.setTopic(tip.topic());
                }
                response.responses().add(current);
            }
            FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                    .setPartitionIndex(tip.partition())
                    .setErrorCode(r.error().code())
                    .setHighWatermark(r.highWatermark())
                    // No transactions yet: the last stable offset is the high watermark.
                    .setLastStableOffset(r.highWatermark())
                    .setLogStartOffset(r.logStartOffset())
                    .setPreferredReadReplica(-1)
                    .setAbortedTransactions(readCommitted ? new ArrayList<>() : null)
                    .setRecords(r.records());
            current.partitions().add(pd);
        }
        return response;
    }
}
