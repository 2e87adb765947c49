package io.samsa.broker.sim;

import io.samsa.replication.PartitionFetch;
import io.samsa.replication.PartitionFetchResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Records;

/**
 * What the Fetch handler does around the replica manager for a follower, without the bytes on the wire: a Fetch
 * request becomes partition fetches, and results become a Fetch response whose records are copied out of the log
 * when the leader answers (as sending them would), so that a later truncation on the leader cannot change a
 * response in flight. Stateless.
 */
final class SimFetchWire {
    private SimFetchWire() {
    }

    static List<PartitionFetch> partitions(FetchRequestData request) {
        List<PartitionFetch> fetches = new ArrayList<>();
        for (FetchRequestData.FetchTopic t : request.topics()) {
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                fetches.add(new PartitionFetch(new TopicIdPartition(t.topicId(), p.partition(), t.topic()),
                        p.fetchOffset(), p.partitionMaxBytes(),
                        p.currentLeaderEpoch() < 0 ? Optional.empty() : Optional.of(p.currentLeaderEpoch()),
                        p.lastFetchedEpoch(), p.logStartOffset()));
            }
        }
        return fetches;
    }

    static FetchResponseData response(List<PartitionFetchResult> results) {
        FetchResponseData response = new FetchResponseData();
        for (PartitionFetchResult r : results) {
            FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                    .setPartitionIndex(r.partition().partition())
                    .setErrorCode(r.error().code())
                    .setHighWatermark(r.highWatermark())
                    .setLogStartOffset(r.logStartOffset())
                    .setRecords(copy(r.records()));
            if (r.divergingEpoch() != null) {
                pd.divergingEpoch().setEpoch(r.divergingEpoch().epoch()).setEndOffset(r.divergingEpoch().endOffset());
            }
            response.responses().add(new FetchResponseData.FetchableTopicResponse()
                    .setTopic(r.partition().topic()).setTopicId(r.partition().topicId())
                    .setPartitions(new ArrayList<>(List.of(pd))));
        }
        return response;
    }

    private static MemoryRecords copy(Records records) {
        if (records == null || records.sizeInBytes() == 0) {
            return MemoryRecords.EMPTY;
        }
        ByteBuffer b = ByteBuffer.allocate(records.sizeInBytes());
        for (RecordBatch batch : records.batches()) {
            batch.writeTo(b);
        }
        return MemoryRecords.readableRecords(b.flip());
    }
}
