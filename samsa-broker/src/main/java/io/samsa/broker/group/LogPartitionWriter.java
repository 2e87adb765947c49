package io.samsa.broker.group;

import io.samsa.coordinator.PartitionWriter;
import io.samsa.replication.Partition;
import io.samsa.replication.ReplicaManager;
import io.samsa.storage.FetchDataInfo;
import io.samsa.storage.LogAppendInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * {@link PartitionWriter} over this broker's partitions: coordinator records become ordinary batches in the
 * internal topic's log, appended with acks=all (a write completes once the ISR has it, or fails after
 * {@code offsets.commit.timeout.ms}), and loading reads the log back from its start to its end.
 *
 * <p>Loading reads to the log end, not the high watermark: a new leader's log is what its followers will copy, so
 * every record in it becomes committed unless this broker loses leadership again, and then it unloads anyway. A
 * record between the high watermark and the log end left unread would leave the coordinator's state stale.
 *
 * <p>Replay hands over the producer id of transactional batches and the commit/abort markers, so loading can hold
 * transactional offsets until their marker.
 *
 * <p>Thread-safe (appends are serialized by the partition).
 */
public final class LogPartitionWriter implements PartitionWriter {
    private static final int READ_CHUNK_BYTES = 1024 * 1024;
    private static final short ACKS_ALL = -1;
    private final ReplicaManager replicaManager;
    private final long commitTimeoutMs;

    public LogPartitionWriter(ReplicaManager replicaManager, long commitTimeoutMs) {
        this.replicaManager = replicaManager;
        this.commitTimeoutMs = commitTimeoutMs;
    }

    @Override
    public CompletableFuture<Long> append(TopicPartition tp, List<SimpleRecord> records) {
        return append(tp, MemoryRecords.withRecords(Compression.NONE, records.toArray(new SimpleRecord[0])));
    }

    @Override
    public CompletableFuture<Long> appendTransactional(TopicPartition tp, long producerId, short producerEpoch,
                                                       int baseSequence, List<SimpleRecord> records) {
        return append(tp, MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, producerEpoch,
                baseSequence, records.toArray(new SimpleRecord[0])));
    }

    private CompletableFuture<Long> append(TopicPartition tp, MemoryRecords batch) {
        Optional<Partition> partition = replicaManager.partition(tp);
        if (partition.isEmpty()) {
            return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("Not the leader of " + tp));
        }
        try {
            LogAppendInfo info = partition.get().appendAsLeader(batch, ACKS_ALL);
            long lastOffset = info.lastOffset();
            return replicaManager.awaitReplication(Map.of(partition.get(), lastOffset + 1), commitTimeoutMs)
                    .thenApply(errors -> {
                        Errors error = errors.get(tp);
                        if (error != Errors.NONE) {
                            throw error.exception("Write to " + tp + " not replicated: " + error);
                        }
                        return lastOffset;
                    });
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public long replay(TopicPartition tp, ReplaySink sink) {
        Partition partition = replicaManager.partition(tp)
                .orElseThrow(() -> new NotLeaderOrFollowerException("Not the leader of " + tp));
        long end = partition.logEndOffset();
        long offset = partition.logStartOffset();
        while (offset < end) {
            FetchDataInfo data = partition.log().read(offset, READ_CHUNK_BYTES, end, true);
            if (data.sizeBytes() == 0) {
                break;
            }
            for (RecordBatch batch : data.records().batches()) {
                if (batch.lastOffset() < offset) {
                    continue;
                }
                long producerId = batch.isTransactional() ? batch.producerId() : RecordBatch.NO_PRODUCER_ID;
                short epoch = batch.isTransactional() ? batch.producerEpoch() : RecordBatch.NO_PRODUCER_EPOCH;
                for (Record r : batch) {
                    if (r.offset() < offset || r.offset() >= end) {
                        continue;
                    }
                    if (!batch.isControlBatch()) {
                        sink.record(r, producerId, epoch);
                    } else {
                        ControlRecordType type = ControlRecordType.parse(r.key());
                        if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                            sink.marker(batch.producerId(), type == ControlRecordType.COMMIT, r.offset());
                        }
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return end;
    }
}
