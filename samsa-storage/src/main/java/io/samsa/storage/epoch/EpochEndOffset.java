package io.samsa.storage.epoch;

/**
 * The answer to "where does epoch E end?": the largest epoch at or below E that this log knows, and the offset
 * after its last record (the start offset of the next epoch, or the log end offset for the latest epoch). Both
 * are {@link #UNDEFINED_EPOCH} / {@link #UNDEFINED_OFFSET} when the log cannot tell (an epoch above every known
 * one, or an undefined epoch asked), as in Kafka's OffsetForLeaderEpoch.
 *
 * @param epoch     the epoch found, or -1
 * @param endOffset its end offset (exclusive), or -1
 */
public record EpochEndOffset(int epoch, long endOffset) {
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);

    public boolean isUndefined() {
        return epoch == UNDEFINED_EPOCH || endOffset == UNDEFINED_OFFSET;
    }
}
