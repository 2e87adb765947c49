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
 * Pass 2 of a clean for one group: recopies the group's segments through a {@link CleanerRecordFilter} in chunks
 * of the I/O buffer into one {@link CleanedSegment}, then has the log swap it in. The read buffer doubles, up to
 * {@code maxMessageBytes}, when a batch does not fit. Every chunk read and written goes through the
 * {@link IoThrottle}. Owned by one cleaner thread; not thread-safe.
 */
final class SegmentCleaner {
    private final CleanerConfig config;
    private final IoThrottle throttle;
    private long bytesRead;
    private long bytesWritten;
    private long messagesRead;
    private long messagesWritten;
    private long keylessDropped;

    SegmentCleaner(CleanerConfig config, IoThrottle throttle) {
        this.config = config;
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
        int bufferSize = config.ioBufferBytes();
        int position = 0;
        while (position < source.sizeInBytes()) {
            ByteBuffer read = ByteBuffer.allocate(Math.min(bufferSize, source.sizeInBytes() - position));
            source.readInto(read, position);
            throttle.onIo(read.limit());
            MemoryRecords chunk = MemoryRecords.readableRecords(read);
            MemoryRecords.FilterResult result = chunk.filterTo(filter, ByteBuffer.allocate(read.capacity()),
                    BufferSupplier.NO_CACHING);
            if (result.bytesRead() == 0) {
                if (bufferSize >= config.maxMessageBytes()) {
                    throw new IllegalStateException("A batch at position " + position + " of " + source.file()
                            + " is larger than " + config.maxMessageBytes() + " bytes");
                }
                bufferSize = (int) Math.min((long) bufferSize * 2, config.maxMessageBytes());
                continue;
            }
            position += result.bytesRead();
            bytesRead += result.bytesRead();
            messagesRead += result.messagesRead();
            messagesWritten += result.messagesRetained();
            ByteBuffer out = result.outputBuffer();
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
