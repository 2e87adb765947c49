package io.samsa.coordinator.group;

import static io.samsa.coordinator.group.ClassicGroupState.EMPTY;

import io.samsa.coordinator.group.record.OffsetCommitValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * TxnOffsetCommit and the completion of a transaction's offsets. The offsets are written to {@code __consumer_offsets}
 * as one transactional batch of the producer (so a reload holds them until their marker, like Kafka), kept pending in
 * {@link PendingTxnOffsets}, and become committed offsets only when the commit marker arrives. Not thread-safe:
 * coordinator thread only.
 */
final class TxnOffsetOperations {
    private final GroupShard shard;

    TxnOffsetOperations(GroupShard shard) {
        this.shard = shard;
    }

    private record Pending(TopicPartition tp, OffsetCommitValue value) {
    }

    void commit(TxnOffsetCommitRequestData req, CompletableFuture<TxnOffsetCommitResponseData> future) {
        String groupId = req.groupId();
        Group group = shard.group(groupId);
        boolean created = false;
        if (group == null) {
            if (req.generationId() >= 0) {
                future.complete(errorResponse(req, Errors.ILLEGAL_GENERATION));
                return;
            }
            group = new ClassicGroup(groupId, EMPTY, shard.time());
            shard.addGroup(group);
            created = true;
        }
        try {
            group.validateOffsetCommit(req.memberId(), req.groupInstanceId(), req.generationId());
        } catch (ApiException e) {
            dropIfUnused(groupId, created);
            future.complete(errorResponse(req, Errors.forException(e)));
            return;
        }
        long now = shard.time().milliseconds();
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        List<Pending> pending = new ArrayList<>();
        List<SimpleRecord> records = new ArrayList<>();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : req.topics()) {
            TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic t =
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(topic.name());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = Errors.NONE;
                if (p.committedMetadata() != null
                    && p.committedMetadata().length() > shard.config().offsetMetadataMaxBytes()) {
                    error = Errors.OFFSET_METADATA_TOO_LARGE;
                } else {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    OffsetCommitValue value = new OffsetCommitValue(p.committedOffset(), p.committedLeaderEpoch(),
                        p.committedMetadata() == null ? "" : p.committedMetadata(), now, -1L);
                    pending.add(new Pending(tp, value));
                    records.add(shard.offsetCommitRecord(groupId, tp, value));
                }
                t.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(t);
        }
        if (records.isEmpty()) {
            dropIfUnused(groupId, created);
            future.complete(response);
            return;
        }
        int sequence = shard.pendingTxnOffsets().nextSequence(req.producerId(), req.producerEpoch(), records.size());
        shard.appendTransactional(req.producerId(), req.producerEpoch(), sequence, records, (lastOffset, error) -> {
            if (error != Errors.NONE) {
                future.complete(errorResponse(req, error));
                return;
            }
            long first = lastOffset - pending.size() + 1;
            for (int i = 0; i < pending.size(); i++) {
                Pending c = pending.get(i);
                shard.pendingTxnOffsets().put(req.producerId(), groupId, c.tp(),
                    CommittedOffset.of(c.value(), first + i));
            }
            future.complete(response);
        });
    }

    /** The marker of {@code producerId} is in the log: its offsets become visible on commit, or are dropped. */
    void complete(long producerId, boolean commit) {
        shard.pendingTxnOffsets().complete(producerId, commit, shard.offsets());
    }

    private void dropIfUnused(String groupId, boolean created) {
        Group g = shard.group(groupId);
        if (created && g != null && g.isEmpty() && !shard.offsets().hasOffsets(groupId)
            && !shard.pendingTxnOffsets().hasPending(groupId)) {
            shard.removeGroup(groupId);
        }
    }

    static TxnOffsetCommitResponseData errorResponse(TxnOffsetCommitRequestData req, Errors error) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : req.topics()) {
            TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic t =
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(topic.name());
            topic.partitions().forEach(p -> t.partitions().add(
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
            response.topics().add(t);
        }
        return response;
    }
}
