package io.samsa.coordinator.runtime;

import io.samsa.coordinator.PartitionWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * A {@link PartitionWriter} over in-memory logs. Appends complete at once unless a failure is injected or appends are
 * held; replays can be gated to keep a partition loading. Thread-safe.
 */
public final class InMemoryPartitionWriter implements PartitionWriter {
    private final Map<TopicPartition, List<MemoryRecords>> logs = new HashMap<>();
    private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
    private ApiException failure;
    private boolean hold;
    private final List<Runnable> held = new ArrayList<>();
    private volatile CountDownLatch replayGate = new CountDownLatch(0);

    @Override
    public CompletableFuture<Long> append(TopicPartition tp, List<SimpleRecord> records) {
        return append(tp, records.size(),
            base -> MemoryRecords.withRecords(base, Compression.NONE, records.toArray(new SimpleRecord[0])));
    }

    @Override
    public CompletableFuture<Long> appendTransactional(TopicPartition tp, long producerId, short producerEpoch,
                                                       int baseSequence, List<SimpleRecord> records) {
        return append(tp, records.size(), base -> MemoryRecords.withTransactionalRecords(base, Compression.NONE,
            producerId, producerEpoch, baseSequence, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            records.toArray(new SimpleRecord[0])));
    }

    /** Writes a commit or abort marker of {@code producerId}, as the WriteTxnMarkers handler would. */
    public void appendMarker(TopicPartition tp, long producerId, short producerEpoch, boolean commit) {
        append(tp, 1, base -> MemoryRecords.withEndTransactionMarker(base, 0L, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            producerId, producerEpoch, new EndTransactionMarker(
                commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 0)));
    }

    private CompletableFuture<Long> append(TopicPartition tp, int count, LongFunction<MemoryRecords> batch) {
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            long base = endOffsets.getOrDefault(tp, 0L);
            logs.computeIfAbsent(tp, k -> new ArrayList<>()).add(batch.apply(base));
            long last = base + count - 1;
            endOffsets.put(tp, last + 1);
            if (hold) {
                CompletableFuture<Long> f = new CompletableFuture<>();
                held.add(() -> f.complete(last));
                return f;
            }
            return CompletableFuture.completedFuture(last);
        }
    }

    @Override
    public long replay(TopicPartition tp, ReplaySink sink) {
        try {
            if (!replayGate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("replay gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<MemoryRecords> batches;
        long end;
        synchronized (this) {
            batches = List.copyOf(logs.getOrDefault(tp, List.of()));
            end = endOffsets.getOrDefault(tp, 0L);
        }
        for (MemoryRecords records : batches) {
            for (RecordBatch batch : records.batches()) {
                for (Record r : batch) {
                    if (!batch.isControlBatch()) {
                        sink.record(r, batch.isTransactional() ? batch.producerId() : RecordBatch.NO_PRODUCER_ID,
                            batch.isTransactional() ? batch.producerEpoch() : RecordBatch.NO_PRODUCER_EPOCH);
                    } else {
                        sink.marker(batch.producerId(),
                            ControlRecordType.parse(r.key()) == ControlRecordType.COMMIT, r.offset());
                    }
                }
            }
        }
        return end;
    }

    public synchronized void failAppendsWith(ApiException e) {
        this.failure = e;
    }

    /** Appends are written but complete only on {@link #releaseHeld()}. */
    public synchronized void holdAppends() {
        hold = true;
    }

    public void releaseHeld() {
        List<Runnable> toRun;
        synchronized (this) {
            hold = false;
            toRun = List.copyOf(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public void closeReplayGate() {
        replayGate = new CountDownLatch(1);
    }

    public void openReplayGate() {
        replayGate.countDown();
    }

    public synchronized List<Record> records(TopicPartition tp) {
        List<Record> out = new ArrayList<>();
        logs.getOrDefault(tp, List.of()).forEach(b -> b.records().forEach(out::add));
        return out;
    }

    public synchronized List<RecordBatch> batches(TopicPartition tp) {
        List<RecordBatch> out = new ArrayList<>();
        logs.getOrDefault(tp, List.of()).forEach(b -> b.batches().forEach(out::add));
        return out;
    }
}
