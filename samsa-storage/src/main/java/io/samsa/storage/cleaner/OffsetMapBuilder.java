package io.samsa.storage.cleaner;

import io.samsa.storage.SegmentView;
import io.samsa.storage.txn.AbortedTxn;
import java.util.List;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.Record;

/**
 * Pass 1 of a clean: maps each key of the dirty section to its latest offset, segment by segment from the first
 * dirty offset, stopping before a batch the map could not hold. The map's latest offset then ends the cleaned
 * range. Data of aborted transactions is not mapped (it goes whatever its keys); committed transactional data is,
 * like any other (the clean never reads past the last stable offset, so every transaction met is decided).
 * Every batch read goes through the {@link IoThrottle}. Stateless.
 */
final class OffsetMapBuilder {
    private OffsetMapBuilder() {
    }

    /**
     * @param dirty           the non-active segments overlapping [firstDirty, firstUncleanable), oldest first
     * @param firstUncleanable where the cleanable section ends (a segment base offset)
     * @param aborted          the aborted transactions overlapping the dirty segments
     * @param throttle         told of every batch read
     * @return the offset after the mapped range
     */
    static long build(OffsetMap map, List<SegmentView> dirty, long firstDirty, long firstUncleanable,
                      List<AbortedTxn> aborted, IoThrottle throttle) {
        map.clear();
        map.updateLatestOffset(firstDirty - 1);
        TxnCleanState transactions = new TxnCleanState(aborted);
        for (int i = 0; i < dirty.size(); i++) {
            for (FileChannelRecordBatch batch : dirty.get(i).records().batches()) {
                if (batch.lastOffset() < firstDirty) {
                    continue;
                }
                throttle.onIo(batch.sizeInBytes());
                boolean abortedData = false;
                if (batch.isControlBatch()) {
                    transactions.onControlBatch(batch); // only ends the transaction it marks
                } else {
                    abortedData = transactions.onDataBatch(batch);
                }
                if (!batch.isControlBatch() && !abortedData) {
                    Integer count = batch.countOrNull();
                    if (count == null || count > map.remainingCapacity()) {
                        return map.latestOffset() + 1;
                    }
                    for (Record record : batch) {
                        if (record.hasKey() && record.offset() >= firstDirty) {
                            map.put(record.key(), record.offset());
                        }
                    }
                }
                map.updateLatestOffset(batch.lastOffset());
            }
            // Covers offsets in the gap before the next segment, so the next clean starts at a segment base.
            long next = i + 1 < dirty.size() ? dirty.get(i + 1).baseOffset() : firstUncleanable;
            map.updateLatestOffset(Math.max(map.latestOffset(), next - 1));
        }
        return map.latestOffset() + 1;
    }
}
