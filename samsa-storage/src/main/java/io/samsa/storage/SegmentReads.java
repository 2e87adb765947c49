package io.samsa.storage;

import io.samsa.storage.txn.AbortedTxn;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock-free reads of a log across its segments: record batches for fetches and the aborted transactions
 * read_committed fetches return with them. Called by {@link Log}, which passes the published log end so that
 * nothing past a fully appended batch is read. Stateless; thread-safe.
 */
final class SegmentReads {
    private SegmentReads() {
    }

    /**
     * Whole batches from the one holding {@code startOffset}, none at or beyond {@code limit} (see
     * {@link Log#read}); {@code startOffset} is known to be below both the limit and the log end.
     */
    static FetchDataInfo read(LogSegments segments, LogOffsetMetadata end, long startOffset, int maxBytes,
                              long limit, boolean minOneMessage) {
        LogSegment segment = segments.floor(startOffset);
        while (segment != null && segment.baseOffset() <= end.segmentBaseOffset()) {
            boolean endSegment = segment.baseOffset() == end.segmentBaseOffset();
            int maxPosition = endSegment ? end.relativePositionInSegment() : segment.size();
            LogSegment next = endSegment ? null : segments.higher(segment.baseOffset());
            long segmentEndOffset = next == null ? end.messageOffset() : next.baseOffset();
            boolean limitInSegment = limit < segmentEndOffset;
            if (limitInSegment) {
                maxPosition = segment.positionOfBatchContaining(limit, maxPosition);
            }
            FetchDataInfo info = segment.read(startOffset, maxBytes, maxPosition, minOneMessage);
            if (info != null) {
                return info;
            }
            if (limitInSegment) {
                return FetchDataInfo.EMPTY;
            }
            segment = next;
        }
        return FetchDataInfo.EMPTY;
    }

    /**
     * The aborted transactions overlapping [{@code startOffset}, {@code upperBoundOffset}). A transaction that
     * starts in the range may be aborted by a marker in any later segment, so the search goes on until an entry's
     * last stable offset shows that no transaction open at the upper bound is left (Kafka's rule).
     */
    static List<AbortedTxn> abortedTransactions(LogSegments segments, long startOffset, long upperBoundOffset) {
        List<AbortedTxn> aborted = new ArrayList<>();
        for (LogSegment segment : segments.from(startOffset)) {
            if (segment.txnIndex().collectAbortedTxns(startOffset, upperBoundOffset, aborted)) {
                break;
            }
        }
        return aborted;
    }
}
