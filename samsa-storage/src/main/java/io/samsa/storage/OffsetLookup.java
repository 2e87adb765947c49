package io.samsa.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;

/**
 * ListOffsets over a log's segments: the special timestamps (earliest, latest, max timestamp, earliest local,
 * latest tiered) and the search for the first offset at or after a timestamp, each answered with the leader
 * epoch of the batch found.
 *
 * <p>Stateless; reads only what a concurrent reader may read (see {@link Log}), so it needs no lock.
 */
final class OffsetLookup {
    // ListOffsets' special timestamps (Kafka's ListOffsetsRequest constants; the request classes are the
    // network layer's business, so the values are repeated here).
    static final long LATEST_TIMESTAMP = -1L;
    static final long EARLIEST_TIMESTAMP = -2L;
    static final long MAX_TIMESTAMP = -3L;
    static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    static final long LATEST_TIERED_TIMESTAMP = -5L;

    private OffsetLookup() {
    }

    static Optional<FileRecords.TimestampAndOffset> byTimestamp(LogSegments segments, long timestamp,
                                                                long logStartOffset, LogOffsetMetadata logEnd,
                                                                int latestEpoch) {
        if (timestamp == EARLIEST_TIMESTAMP
                || timestamp == EARLIEST_LOCAL_TIMESTAMP) {
            return Optional.of(new FileRecords.TimestampAndOffset(RecordBatch.NO_TIMESTAMP, logStartOffset,
                    epochOfOffset(segments, logStartOffset, logEnd)));
        }
        if (timestamp == LATEST_TIMESTAMP) {
            return Optional.of(new FileRecords.TimestampAndOffset(RecordBatch.NO_TIMESTAMP, logEnd.messageOffset(),
                    latestEpoch >= 0 ? Optional.of(latestEpoch) : Optional.empty()));
        }
        if (timestamp == LATEST_TIERED_TIMESTAMP) {
            // No tiered storage: Kafka answers -1 with epoch -1.
            return Optional.of(new FileRecords.TimestampAndOffset(RecordBatch.NO_TIMESTAMP, -1L, Optional.of(-1)));
        }
        if (timestamp == MAX_TIMESTAMP) {
            LogSegment best = null;
            for (LogSegment s : segments.values()) {
                if (best == null || s.maxTimestampSoFar() > best.maxTimestampSoFar()) {
                    best = s;
                }
            }
            return best == null ? Optional.empty() : best.maxTimestampRecord();
        }
        for (LogSegment s : segments.values()) {
            if (s.maxTimestampSoFar() >= timestamp) {
                FileRecords.TimestampAndOffset found = s.findOffsetByTimestamp(timestamp, logStartOffset);
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> epochOfOffset(LogSegments segments, long offset, LogOffsetMetadata logEnd) {
        LogSegment segment = segments.floor(offset);
        if (segment == null) {
            return Optional.empty();
        }
        int maxPosition = segment.baseOffset() == logEnd.segmentBaseOffset() ? logEnd.relativePositionInSegment()
                : segment.size();
        FileChannelRecordBatch batch = segment.translateOffset(offset, maxPosition);
        if (batch == null || batch.partitionLeaderEpoch() < 0) {
            return Optional.empty();
        }
        return Optional.of(batch.partitionLeaderEpoch());
    }

    /** Leader epoch of the last batch in the log, or -1 if the log is empty. */
    static int latestEpoch(LogSegments segments) {
        List<LogSegment> all = new ArrayList<>(segments.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            LogSegment s = all.get(i);
            int epoch = -1;
            boolean any = false;
            for (FileChannelRecordBatch batch : s.records().batchesFrom(s.offsetIndex().lastEntry().position())) {
                epoch = batch.partitionLeaderEpoch();
                any = true;
            }
            if (any) {
                return epoch;
            }
        }
        return -1;
    }
}
