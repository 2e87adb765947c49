package io.samsa.storage.cleaner;

import io.samsa.storage.SegmentView;
import io.samsa.storage.txn.AbortedTxn;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;

/**
 * Pass 1 of a clean: maps each key of the dirty section to its latest offset, segment by segment from the first
 * dirty offset, stopping before a batch the map could not hold. The map's latest offset then ends the cleaned
 * range. Data of aborted transactions is not mapped (it goes whatever its keys); committed transactional data is,
 * like any other (the clean never reads past the last stable offset, so every transaction met is decided).
 * Segments are read in chunks of whole batches ({@link BatchChunkReader}); every chunk goes through the
 * {@link IoThrottle}. Stateless.
 */
final class OffsetMapBuilder {
    private OffsetMapBuilder() {
    }

    /**
     * @param dirty           the non-active segments overlapping [firstDirty, firstUncleanable), oldest first
     * @param firstUncleanable where the cleanable section ends (a segment base offset)
     * @param aborted          the aborted transactions overlapping the dirty segments
     * @param reader           reads the segments, chunk by chunk
     * @param throttle         told of every chunk read
     * @return the offset after the mapped range, and the bytes read
     */
    static Result build(OffsetMap map, List<SegmentView> dirty, long firstDirty, long firstUncleanable,
                      List<AbortedTxn> aborted, BatchChunkReader reader, IoThrottle throttle) throws IOException {
        map.clear();
        map.updateLatestOffset(firstDirty - 1);
        TxnCleanState transactions = new TxnCleanState(aborted);
        long bytesRead = 0;
        for (int i = 0; i < dirty.size(); i++) {
            FileRecords segment = dirty.get(i).records();
            int position = 0;
            while (position < segment.sizeInBytes()) {
                MemoryRecords chunk = reader.read(segment, position);
                throttle.onIo(chunk.sizeInBytes());
                position += chunk.sizeInBytes();
                bytesRead += chunk.sizeInBytes();
                for (MutableRecordBatch batch : chunk.batches()) {
                    if (batch.lastOffset() < firstDirty) {
                        continue;
                    }
                    if (!mapBatch(map, batch, firstDirty, transactions)) {
                        return new Result(map.latestOffset() + 1, bytesRead);
                    }
                    map.updateLatestOffset(batch.lastOffset());
                }
            }
            // Covers offsets in the gap before the next segment, so the next clean starts at a segment base.
            long next = i + 1 < dirty.size() ? dirty.get(i + 1).baseOffset() : firstUncleanable;
            map.updateLatestOffset(Math.max(map.latestOffset(), next - 1));
        }
        return new Result(map.latestOffset() + 1, bytesRead);
    }

    /** Where pass 1 stopped (the offset after the mapped range) and how many bytes it read. */
    record Result(long endOffset, long bytesRead) {
    }

    /** Maps the keys of one batch; false, mapping nothing, if the map cannot hold them all. */
    private static boolean mapBatch(OffsetMap map, MutableRecordBatch batch, long firstDirty,
                                    TxnCleanState transactions) {
        if (batch.isControlBatch()) {
            transactions.onControlBatch(batch); // only ends the transaction it marks
            return true;
        }
        if (transactions.onDataBatch(batch)) {
            return true; // aborted data: removed whatever its keys, so not mapped
        }
        Integer count = batch.countOrNull();
        if (count == null || count > map.remainingCapacity()) {
            return false;
        }
        for (Record record : batch) {
            if (record.hasKey() && record.offset() >= firstDirty) {
                map.put(record.key(), record.offset());
            }
        }
        return true;
    }
}
