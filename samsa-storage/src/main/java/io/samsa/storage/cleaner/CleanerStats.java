package io.samsa.storage.cleaner;

/**
 * What one clean of one log did.
 *
 * @param endOffset          the new first dirty offset, to checkpoint
 * @param bytesRead          bytes recopied from the old segments
 * @param bytesWritten       bytes of the cleaned segments
 * @param messagesRead       records read by the recopy
 * @param messagesWritten    records kept
 * @param keylessDropped     records without a key, dropped
 * @param mapUtilization     share of the offset map used
 * @param dirtyRatioBefore   dirty ratio when the clean started
 * @param dirtyRatioAfter    dirty ratio after it
 * @param mapBytesRead       bytes read by pass 1 (building the offset map)
 * @param indexNanos         time pass 1 took
 * @param cleanNanos         time pass 2 (recopy and swap) took
 */
public record CleanerStats(long endOffset, long bytesRead, long bytesWritten, long messagesRead, long messagesWritten,
                           long keylessDropped, double mapUtilization, double dirtyRatioBefore,
                           double dirtyRatioAfter, long mapBytesRead, long indexNanos, long cleanNanos) {
}
