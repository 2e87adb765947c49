package io.samsa.replication;

import io.samsa.storage.FetchDataInfo;
import io.samsa.storage.epoch.EpochEndOffset;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;

/**
 * A leader's answer to one partition of a follower's fetch.
 *
 * @param error          NONE, or why nothing was read
 * @param records        the batches read (empty on error or divergence)
 * @param highWatermark  the leader's high watermark, -1 on error
 * @param logStartOffset the leader's log start offset, -1 on error
 * @param logEndOffset   the leader's log end offset, -1 on error
 * @param divergingEpoch where the follower's last fetched epoch ends in the leader's log, when the follower's log
 *                       diverges from it; null otherwise
 */
public record FollowerFetchResult(Errors error, Records records, long highWatermark, long logStartOffset,
                                  long logEndOffset, EpochEndOffset divergingEpoch) {

    static FollowerFetchResult error(Errors error) {
        return new FollowerFetchResult(error, MemoryRecords.EMPTY, -1L, -1L, -1L, null);
    }

    static FollowerFetchResult diverging(EpochEndOffset end, long highWatermark, long logStartOffset,
                                         long logEndOffset) {
        return new FollowerFetchResult(Errors.NONE, MemoryRecords.EMPTY, highWatermark, logStartOffset, logEndOffset,
                end);
    }

    static FollowerFetchResult records(FetchDataInfo data, long highWatermark, long logStartOffset,
                                       long logEndOffset) {
        return new FollowerFetchResult(Errors.NONE, data.records(), highWatermark, logStartOffset, logEndOffset, null);
    }
}
