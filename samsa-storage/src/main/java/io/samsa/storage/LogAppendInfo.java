package io.samsa.storage;

/**
 * What an append did, for the Produce response.
 *
 * @param firstOffset    offset given to the first record of the batch (for a duplicate: the original one)
 * @param lastOffset     offset given to the last record
 * @param logAppendTime  the broker time stamped on the batch with LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append
 * @param duplicate      true when an idempotent retry matched a batch already in the log; nothing was written
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long logAppendTime, long logStartOffset,
                            boolean duplicate) {
}
