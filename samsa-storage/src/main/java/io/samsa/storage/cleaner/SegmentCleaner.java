package io.samsa.storage.cleaner;

import io.samsa.storage.CleanedSegment;
import io.samsa.storage.Log;
import io.samsa.storage.SegmentView;
import io.samsa.storage.txn.AbortedTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.utils.BufferSupplier;

/**
 * Pass 2 of a clean for one group: recopies the group's segments through a {@link CleanerRecordFilter}, in chunks
 * of whole batches read by the thread's {@link BatchChunkReader}, into one {@link CleanedSegment}, then has the log
 * swap it in. Every chunk read and written goes through the {@link IoThrottle}. Owned by one cleaner thread; not
 * thread-safe.
 */
final class SegmentCleaner {
    private final BatchChunkReader reader;
    private final IoThrottle throttle;
    /** Where the filter writes a chunk's retained batches; grown, never shrunk, for the clean's duration. */
    private ByteBuffer writeBuffer = ByteBuffer.allocate(0);
    private long bytesRead;
    private long bytesWritten;
    private long messagesRead;
    private long messagesWritten;
    private long keylessDropped;

    SegmentCleaner(BatchChunkReader reader, IoThrottle throttle) {
        this.reader = reader;
        this.throttle = throttle;
    }

    /** Recopies {@code group} and replaces it; {@link io.samsa.storage.LogCleaningAbortedException} if refused. */
    void clean(Log log, List<SegmentView> group, OffsetMap map, long nowMs, long deleteRetentionMs,
               Map<Long, ProducerLastBatch> activeProducers, TxnCleanState transactions, long expectedTruncations)
            throws IOException {
        CleanedSegment cleaned = log.createCleanedSegment(group.get(0).baseOffset());
        try {
            SegmentView last = group.get(group.size() - 1);
            long groupLastOffset = lastBatchOffset(last);
            transactions.addAborted(log.collectAbortedTransactions(group.get(0).baseOffset(), groupLastOffset + 1));
            CleanerRecordFilter filter = new CleanerRecordFilter(nowMs, deleteRetentionMs, map, activeProducers,
                    groupLastOffset, transactions);
            long lastModified = 0;
            for (SegmentView view : group) {
                recopy(view.records(), filter, cleaned);
                lastModified = Math.max(lastModified, view.lastModified());
            }
            for (AbortedTxn txn : transactions.drainRetainedAborted()) {
                cleaned.addAbortedTxn(txn);
            }
            keylessDropped += filter.keylessDropped();
            cleaned.finish(lastModified);
            log.replaceSegments(cleaned, group, expectedTruncations);
            bytesWritten += cleaned.sizeInBytes();
        } catch (IOException | RuntimeException e) {
            cleaned.discard();
            throw e;
        }
    }

    private void recopy(FileRecords source, CleanerRecordFilter filter, CleanedSegment cleaned) throws IOException {
        int position = 0;
        while (position < source.sizeInBytes()) {
            MemoryRecords chunk = reader.read(source, position);
            throttle.onIo(chunk.sizeInBytes());
            if (writeBuffer.capacity() < chunk.sizeInBytes()) {
                writeBuffer = ByteBuffer.allocate(chunk.sizeInBytes());
            }
            writeBuffer.clear();
            MemoryRecords.FilterResult result = chunk.filterTo(filter, writeBuffer, BufferSupplier.NO_CACHING);
            position += result.bytesRead();
            bytesRead += result.bytesRead();
            messagesRead += result.messagesRead();
            messagesWritten += result.messagesRetained();
            ByteBuffer out = result.outputBuffer();
            if (out.capacity() > writeBuffer.capacity()) {
                writeBuffer = out; // filterTo grew it: keep the larger one for the next chunk
            }
            out.flip();
            if (out.hasRemaining()) {
                cleaned.append(result.maxOffset(), MemoryRecords.readableRecords(out));
                throttle.onIo(out.limit());
            }
        }
    }

    /** The last offset of the segment's last batch: the group's end, which the copy must keep. */
    private static long lastBatchOffset(SegmentView view) {
        long last = view.baseOffset() - 1;
        for (FileChannelRecordBatch batch : view.records().batches()) {
            last = batch.lastOffset();
        }
        return last;
    }

    long bytesRead() {
        return bytesRead;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    long messagesRead() {
        return messagesRead;
    }

    long messagesWritten() {
        return messagesWritten;
    }

    long keylessDropped() {
        return keylessDropped;
    }
}
